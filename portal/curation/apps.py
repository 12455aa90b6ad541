from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CurationConfig(AppConfig):
    """Loading, extraction, verification and editor roles, with their management commands."""

    name = "portal.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self):
        from .roles import ensure_groups

        # After the last content app's post_migrate, when every content model's permissions exist.
        # (Django sends post_migrate only for apps with models, so not for this one.)
        post_migrate.connect(
            ensure_groups, sender=apps.get_app_config("lessons"), dispatch_uid="curation.ensure_groups"
        )
