"""What the API returns: each serializer is made from its dataset's declaration (the app's
`datasets.py`), so the API has the same columns, with the same values, as the downloads.

Relations are given as slugs (stable, readable); every record links to its public page
(`web_url`) and sourced records to their highlighted passage (`source_url`) and carry their
provenance as a W3C Web Annotation (`annotation`, portal.core.annotations).
"""

from django.utils import translation
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lessons.datasets import INITIATIVES, LESSONS, THEMES
from portal.core.annotations import web_annotation
from portal.core.datasets import DERIVED, FULL_TEXT, RECORD, json_value
from provinces.datasets import INDICATORS, LOCALITIES, METRICS, PROVINCES, REPORTS

OPENAPI_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}


class ColumnField(serializers.Field):
    """One dataset column, read from the whole row and written as the JSON downloads write it."""

    def __init__(self, column):
        self.column = column
        super().__init__(source="*", read_only=True, allow_null=not column.required)

    def to_representation(self, row):
        return json_value(self.column, self.column.get(row))


class ColumnFieldSchema(OpenApiSerializerFieldExtension):
    """The OpenAPI schema of a column: its type, its choices, a list when it holds several slugs."""

    target_class = ColumnField

    def map_serializer_field(self, auto_schema, direction):
        column = self.target.column
        schema = dict(OPENAPI_TYPES[column.type])
        if column.choices is not None:
            schema["enum"] = list(column.choices.values)
        return {"type": "array", "items": schema} if column.many else schema


def absolute(request, path):
    return request.build_absolute_uri(path) if request else path


class RecordLinks(serializers.Serializer):
    """How a record's links are written; the fields themselves come after the columns."""

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, obj):
        with translation.override("vi"):  # the canonical page, whatever the client's Accept-Language
            return absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(serializers.URLField())
    def get_source_url(self, obj):
        with translation.override("vi"):
            return absolute(self.context.get("request"), obj.get_source_url())

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_annotation(self, obj):
        return web_annotation(obj, lambda path: absolute(self.context.get("request"), path))


def dataset_serializer(name, dataset, *scopes, sourced=False):
    """A read-only serializer: the dataset's columns of `scopes`, then the record's links."""
    fields = {column.name: ColumnField(column) for column in dataset.columns_in(*scopes)}
    if sourced:
        fields["source_url"] = serializers.SerializerMethodField(
            help_text="The passage, highlighted, on the report's page."
        )
        fields["annotation"] = serializers.SerializerMethodField(
            help_text=(
                "The record's source as a W3C Web Annotation (JSON-LD): the report, a TextQuoteSelector and "
                "a TextPositionSelector counting code points of the report's body."
            )
        )
    fields["web_url"] = serializers.SerializerMethodField(
        help_text="The record's public page (Vietnamese; English under /en/)."
    )
    return type(name, (RecordLinks,), {**fields, "__module__": __name__})


LISTED = (RECORD, DERIVED)

ProvinceSerializer = dataset_serializer("ProvinceSerializer", PROVINCES, *LISTED)
LocalitySerializer = dataset_serializer("LocalitySerializer", LOCALITIES, *LISTED)
ReportSerializer = dataset_serializer("ReportSerializer", REPORTS, *LISTED)
ReportDetailSerializer = dataset_serializer("ReportDetailSerializer", REPORTS, *LISTED, FULL_TEXT)
ThemeSerializer = dataset_serializer("ThemeSerializer", THEMES, *LISTED)
IndicatorSerializer = dataset_serializer("IndicatorSerializer", INDICATORS, *LISTED)
MetricSerializer = dataset_serializer("MetricSerializer", METRICS, *LISTED, sourced=True)
LessonSerializer = dataset_serializer("LessonSerializer", LESSONS, *LISTED, sourced=True)
InitiativeSerializer = dataset_serializer("InitiativeSerializer", INITIATIVES, *LISTED, sourced=True)
