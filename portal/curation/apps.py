from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """Loading, extraction, verification and editor roles, with their management commands."""

    name = "portal.curation"
    label = "curation"
    verbose_name = _("Biên tập dữ liệu")

    def ready(self):
        from .roles import ensure_groups

        # After migrate, when every content model's permissions exist: this app is installed
        # after the content apps, and post_migrate reaches the apps in that order.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="curation.ensure_groups")
