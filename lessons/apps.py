from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Bài học và sáng kiến")

    def ready(self):
        from portal.core.pagecache import retire_pages_on_change

        retire_pages_on_change(self.get_models())
