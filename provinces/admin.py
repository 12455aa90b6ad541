"""The admin of provinces, localities, reports, indicators and metrics: version-checked, with history."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.history import ContentAdmin
from portal.core.locking import VersionedInline
from portal.core.publishing import PUBLISHING_FIELDS, PublishingAdmin

from .models import Indicator, Locality, Metric, NotCaptured, Province, Report


class LocalityInline(VersionedInline, admin.TabularInline):
    model = Locality
    fk_name = "province"
    fields = ["name", "name_en", "slug", "level", "parent", "abolished_on", "unit_2025_code"]
    autocomplete_fields = ["parent"]
    extra = 0


@admin.register(Province)
class ProvinceAdmin(ContentAdmin):
    list_display = ["name", "name_en", "slug", "gso_code", "code_2025", "region", "successor", "merged_on"]
    list_filter = ["region", ("successor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "slug", "gso_code"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["successor"]
    inlines = [LocalityInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "gso_code", "code_2025", "region"]}),
        (_("Sáp nhập 2025"), {"fields": ["successor", "merged_on", "merger_source"]}),
    ]


@admin.register(Locality)
class LocalityAdmin(ContentAdmin):
    list_display = ["name", "name_en", "level", "province", "parent", "abolished_on", "unit_2025_code"]
    list_filter = ["level", "province"]
    search_fields = ["name", "name_en", "slug", "province__name"]
    list_select_related = ["province", "parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["province", "parent"]


class NotCapturedInline(admin.TabularInline):
    """The passages curators read and chose not to record: shown for the review, changed in the fixtures."""

    model = NotCaptured
    fields = readonly_fields = ["position", "text", "reason"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(PublishingAdmin, ContentAdmin):
    publish_permission = "provinces.publish_report"
    inlines = [NotCapturedInline]
    list_display = ["title", "publisher", "byline", "published_on", "source_file"]
    list_filter = ["provinces", "publisher", "language", "title_from_source", "date_inferred"]
    search_fields = ["title", "title_en", "slug", "byline", "body"]
    date_hierarchy = "published_on"
    filter_horizontal = ["provinces"]
    # A source URL typed without a scheme is https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "title_en", "title_from_source", "slug", "provinces"]}),
        (
            _("Nguồn"),
            {
                "fields": [
                    "series_part",
                    "publisher",
                    "byline",
                    "byline_normalised",
                    ("original_author", "original_outlet"),
                    ("published_on", "date_precision", "date_inferred"),
                    "date_evidence",
                    "url",
                    "language",
                    "source_file",
                ]
            },
        ),
        (_("Toàn văn"), {"fields": ["body"]}),
        (_("Công bố"), {"fields": PUBLISHING_FIELDS}),
    ]


class MetricInline(VersionedInline, admin.TabularInline):
    model = Metric
    fields = [
        "slug",
        "province",
        "locality",
        "value",
        "denominator",
        "kind",
        "qualifier",
        "period_year",
        "period_month",
        "period_note",
        "report",
    ]
    autocomplete_fields = ["province", "locality", "report"]
    show_change_link = True
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ContentAdmin):
    list_display = ["name", "name_en", "unit", "slug"]
    list_filter = ["unit"]
    search_fields = ["name", "name_en", "slug", "description"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MetricInline]


@admin.register(Metric)
class MetricAdmin(PublishingAdmin, ContentAdmin):
    publish_permission = "provinces.publish_report"
    list_display = [
        "slug",
        "indicator",
        "province",
        "locality",
        "kind",
        "value",
        "denominator",
        "qualifier",
        "period_year",
    ]
    list_filter = ["province", "indicator__unit", "kind", "qualifier", "period_year", "report"]
    search_fields = ["slug", "indicator__name", "indicator__name_en", "excerpt"]
    list_select_related = ["indicator", "province", "locality", "report"]
    autocomplete_fields = ["indicator", "province", "locality", "report"]
