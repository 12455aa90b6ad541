from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Bài học và sáng kiến")

    def ready(self):
        from .editors import ensure_groups

        # After migrate, so that every model's permissions exist.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="lessons.ensure_groups")
