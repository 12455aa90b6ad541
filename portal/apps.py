from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# The apps whose rows appear on public pages: a change to any of their models retires every
# cached page (portal/pagecache.py).
PUBLIC_DATA_APPS = ("provinces", "lessons")


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from .pagecache import data_changed

        for label in PUBLIC_DATA_APPS:
            for model in apps.get_app_config(label).get_models():
                uid = f"portal.data_changed.{model._meta.label}"
                post_save.connect(data_changed, sender=model, dispatch_uid=uid + ".save")
                post_delete.connect(data_changed, sender=model, dispatch_uid=uid + ".delete")
                # M2M edits (a lesson's themes) may be the only change an admin save makes.
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"{uid}.{field.name}")
