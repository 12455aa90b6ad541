"""The read-only API: one ViewSet per model, filtered by the same FilterSets as the pages."""

from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from lessons.filters import InitiativeFilter, LessonFilter, ThemeFilter
from lessons.models import Initiative, Lesson, Theme
from provinces.filters import IndicatorFilter, LocalityFilter, MetricFilter, ProvinceFilter, ReportFilter
from provinces.models import Indicator, Locality, Metric, Province, Report

from . import serializers

# Cache-Control, ETag and Last-Modified come from portal.pagecache, as for every public page.


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[A-Za-z0-9_-]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        output = request.query_params.get("format", "json")
        if output != "json":
            raise ValidationError({"format": [_("API chỉ trả JSON (format=json).")]})


class ProvinceViewSet(ReadOnlyViewSet):
    """Provinces, with counts of their records and the 2025 merger successor."""

    serializer_class = serializers.ProvinceSerializer
    filterset_class = ProvinceFilter
    queryset = Province.objects.with_counts().select_related("successor").order_by("name")


class LocalityViewSet(ReadOnlyViewSet):
    """Districts, communes, towns and cities named in the reports."""

    serializer_class = serializers.LocalitySerializer
    filterset_class = LocalityFilter
    queryset = Locality.objects.select_related("province", "parent").order_by("province__name", "name")


class ReportViewSet(ReadOnlyViewSet):
    """Source reports; the detail includes the full text."""

    filterset_class = ReportFilter
    queryset = Report.objects.prefetch_related("provinces").order_by("slug")

    def get_serializer_class(self):
        return serializers.ReportDetailSerializer if self.action == "retrieve" else serializers.ReportSerializer


class ThemeViewSet(ReadOnlyViewSet):
    """The 8 themes: the scored main indicators of the provincial DTI index."""

    serializer_class = serializers.ThemeSerializer
    filterset_class = ThemeFilter
    queryset = Theme.objects.all()


class IndicatorViewSet(ReadOnlyViewSet):
    """What metrics measure."""

    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilter
    queryset = Indicator.objects.with_counts().order_by("name")


class MetricViewSet(ReadOnlyViewSet):
    """Figures stated in the reports, with value, denominator, period and source."""

    serializer_class = serializers.MetricSerializer
    filterset_class = MetricFilter
    queryset = Metric.objects.for_list().order_by("indicator__slug", "province__name", "slug")


class LessonViewSet(ReadOnlyViewSet):
    """Lessons, challenges, tasks, solutions, proposals and results."""

    serializer_class = serializers.LessonSerializer
    filterset_class = LessonFilter
    queryset = Lesson.objects.for_list()


class InitiativeViewSet(ReadOnlyViewSet):
    """Named initiatives, platforms, apps, models and programmes."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = InitiativeFilter
    queryset = Initiative.objects.for_list()
