from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public face: installed for its template tags (highlight)."""

    name = "portal.public"
    label = "public"
    verbose_name = "Public pages"
