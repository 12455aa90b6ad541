"""The admin of themes, lessons and initiatives: version-checked, with history and publishing."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.core.history import ContentAdmin
from portal.core.publishing import PUBLISHING_FIELDS, PublishingAdmin

from .models import Initiative, Lesson, Theme


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ["position", "name", "name_en", "group", "slug"]
    list_display_links = ["name"]
    list_filter = ["group"]
    search_fields = ["name", "name_en", "slug"]


class SourcedAdmin(PublishingAdmin, ContentAdmin):
    publish_permission = "provinces.publish_report"
    """Shared set-up: the excerpt is checked against the report by the model's clean()."""

    list_select_related = ["province", "locality", "report"]
    autocomplete_fields = ["province", "locality", "report", "themes"]
    list_filter = ["province", "themes", "report"]


@admin.register(Lesson)
class LessonAdmin(SourcedAdmin):
    list_display = ["title", "kind", "ordinal", "subject", "province", "locality", "report"]
    list_filter = ["kind", *SourcedAdmin.list_filter]
    search_fields = ["title", "title_en", "subject", "summary_en", "excerpt", "slug"]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "kind", "ordinal", "subject", "subject_en"]}),
        (_("Nơi chốn và chủ đề"), {"fields": ["province", "locality", "themes"]}),
        (_("Nguồn"), {"fields": ["report", "excerpt", "summary_en"]}),
        (_("Công bố"), {"fields": PUBLISHING_FIELDS}),
    ]


@admin.register(Initiative)
class InitiativeAdmin(SourcedAdmin):
    list_display = ["name", "level", "role", "start_year", "province", "locality", "report"]
    list_filter = ["level", "role", "start_year", *SourcedAdmin.list_filter]
    search_fields = ["name", "name_en", "summary_en", "excerpt", "slug"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "level", "role", "start_year"]}),
        (_("Nơi chốn và chủ đề"), {"fields": ["province", "locality", "themes"]}),
        (_("Nguồn"), {"fields": ["report", "excerpt", "summary_en"]}),
        (_("Công bố"), {"fields": PUBLISHING_FIELDS}),
    ]
