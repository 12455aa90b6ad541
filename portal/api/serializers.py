"""What the API returns. Relations are given as slugs (stable, readable) and every record links
to its public page; lessons, initiatives and metrics carry their source report and excerpt."""

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Locality, Metric, Province, Report


def slug_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class WebUrlMixin(serializers.Serializer):
    web_url = serializers.SerializerMethodField(help_text="The record's public page (Vietnamese; English under /en/).")

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, obj):
        with translation.override("vi"):  # the canonical page, whatever the client's Accept-Language
            path = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SourceMixin(serializers.Serializer):
    report = slug_field(help_text="Slug of the source report.")
    excerpt = serializers.CharField(read_only=True, help_text="Verbatim passage of the report that states this.")
    source_url = serializers.SerializerMethodField(help_text="The passage, highlighted, on the report's page.")

    @extend_schema_field(serializers.URLField())
    def get_source_url(self, obj):
        with translation.override("vi"):
            path = obj.get_source_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProvinceSerializer(WebUrlMixin, serializers.ModelSerializer):
    successor = slug_field(allow_null=True, help_text="Province this one merged into in 2025, if any.")
    lesson_count = serializers.IntegerField(read_only=True)
    initiative_count = serializers.IntegerField(read_only=True)
    metric_count = serializers.IntegerField(read_only=True)
    report_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Province
        fields = [
            "slug", "name", "name_en", "gso_code", "region", "successor", "merged_on", "merger_source",
            "lesson_count", "initiative_count", "metric_count", "report_count", "web_url",
        ]  # fmt: skip


class LocalitySerializer(WebUrlMixin, serializers.ModelSerializer):
    province = slug_field()
    parent = slug_field(allow_null=True)

    class Meta:
        model = Locality
        fields = ["slug", "name", "name_en", "level", "province", "parent", "web_url"]


class ReportSerializer(WebUrlMixin, serializers.ModelSerializer):
    provinces = slug_field(many=True)

    class Meta:
        model = Report
        fields = [
            "slug", "title", "title_en", "title_from_source", "publisher", "byline", "published_on", "url",
            "language", "provinces", "source_file", "web_url",
        ]  # fmt: skip


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "body"]


class ThemeSerializer(WebUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en", "group", "position", "description", "description_en", "web_url"]


class IndicatorSerializer(WebUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["slug", "name", "name_en", "unit", "description", "description_en", "web_url"]


class MetricSerializer(WebUrlMixin, SourceMixin, serializers.ModelSerializer):
    indicator = slug_field()
    province = slug_field()
    locality = slug_field(allow_null=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = Metric
        fields = [
            "slug", "indicator", "unit", "province", "locality", "value", "denominator", "qualifier",
            "period_year", "period_month", "report", "excerpt", "source_url", "web_url",
        ]  # fmt: skip


class LessonSerializer(WebUrlMixin, SourceMixin, serializers.ModelSerializer):
    province = slug_field()
    locality = slug_field(allow_null=True)
    themes = slug_field(many=True)

    class Meta:
        model = Lesson
        fields = [
            "slug", "title", "title_en", "kind", "ordinal", "subject", "subject_en", "province", "locality",
            "themes", "summary_en", "report", "excerpt", "source_url", "web_url",
        ]  # fmt: skip


class InitiativeSerializer(WebUrlMixin, SourceMixin, serializers.ModelSerializer):
    province = slug_field()
    locality = slug_field(allow_null=True)
    themes = slug_field(many=True)

    class Meta:
        model = Initiative
        fields = [
            "slug", "name", "name_en", "level", "start_year", "province", "locality", "themes", "summary_en",
            "report", "excerpt", "source_url", "web_url",
        ]  # fmt: skip
