from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvincesConfig(AppConfig):
    name = "provinces"
    verbose_name = _("Tỉnh và báo cáo nguồn")

    def ready(self):
        from portal.core.pagecache import retire_pages_on_change

        retire_pages_on_change(self.get_models())
