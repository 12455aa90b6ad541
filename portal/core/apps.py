from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel: installed for its management command (ensure_database); it has no models."""

    name = "portal.core"
    label = "core"
    verbose_name = "Portal core"
