"""The read-only API: one ViewSet per model, filtered by the same FilterSets as the pages."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from lessons.datasets import INITIATIVES, LESSONS, THEMES
from lessons.filters import InitiativeFilter, LessonFilter, ThemeFilter
from provinces.datasets import INDICATORS, LOCALITIES, METRICS, PROVINCES, REPORTS
from provinces.filters import IndicatorFilter, LocalityFilter, MetricFilter, ProvinceFilter, ReportFilter

from . import serializers

# Cache-Control, ETag and Last-Modified come from portal.core.pagecache, as for every public page.


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Rows from the dataset's public queryset, in `ordering`; serializers from the same dataset."""

    lookup_field = "slug"
    lookup_value_regex = "[A-Za-z0-9_-]+"
    dataset = None
    ordering = ()
    # What the endpoint serves, in the reader's language: the schema, /api/ and /api/v1/ show it.
    endpoint_description = ""

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this API reads (the page cache keys on these alone)."""
        filters = cls.filterset_class.base_filters if cls.filterset_class else {}
        pages = cls.pagination_class
        return {*filters, pages.page_query_param, pages.page_size_query_param, "format"}

    def get_queryset(self):
        rows = self.dataset.rows()
        return rows.order_by(*self.ordering) if self.ordering else rows

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        output = request.query_params.get("format", "json")
        if output != "json":
            raise ValidationError({"format": [_("API chỉ trả JSON (format=json).")]})


class ProvinceViewSet(ReadOnlyViewSet):
    """Provinces, with counts of their records and the 2025 merger successor."""

    endpoint_description = gettext_lazy("Các tỉnh, kèm số bản ghi của từng tỉnh và tỉnh kế thừa sau sáp nhập năm 2025.")

    serializer_class = serializers.ProvinceSerializer
    filterset_class = ProvinceFilter
    dataset = PROVINCES
    ordering = ("name",)


class LocalityViewSet(ReadOnlyViewSet):
    """Districts, communes, towns and cities named in the reports."""

    endpoint_description = gettext_lazy("Các huyện, xã, thị xã và thành phố được nêu trong báo cáo.")

    serializer_class = serializers.LocalitySerializer
    filterset_class = LocalityFilter
    dataset = LOCALITIES
    ordering = ("province__name", "name")


class ReportViewSet(ReadOnlyViewSet):
    """Source reports; the detail includes the full text."""

    endpoint_description = gettext_lazy("Các báo cáo nguồn; bản chi tiết có toàn văn bài.")

    filterset_class = ReportFilter
    dataset = REPORTS
    ordering = ("slug",)

    def get_serializer_class(self):
        return serializers.ReportDetailSerializer if self.action == "retrieve" else serializers.ReportSerializer


class ThemeViewSet(ReadOnlyViewSet):
    """The 8 themes: the scored main indicators of the provincial DTI index."""

    endpoint_description = gettext_lazy("Tám chủ đề: các chỉ số chính có điểm của bộ chỉ số DTI cấp tỉnh.")

    serializer_class = serializers.ThemeSerializer
    filterset_class = ThemeFilter
    dataset = THEMES


class IndicatorViewSet(ReadOnlyViewSet):
    """What metrics measure."""

    endpoint_description = gettext_lazy("Các chỉ tiêu mà số liệu đo lường.")

    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilter
    dataset = INDICATORS
    ordering = ("name",)


class MetricViewSet(ReadOnlyViewSet):
    """Figures stated in the reports, with value, denominator, period and source."""

    endpoint_description = gettext_lazy("Các số liệu nêu trong báo cáo, với giá trị, mẫu số, thời kỳ và nguồn.")

    serializer_class = serializers.MetricSerializer
    filterset_class = MetricFilter
    dataset = METRICS
    ordering = ("indicator__slug", "province__name", "slug")


class LessonViewSet(ReadOnlyViewSet):
    """Lessons, challenges, tasks, solutions, proposals and results."""

    endpoint_description = gettext_lazy("Bài học, thách thức, nhiệm vụ, giải pháp, đề xuất và kết quả.")

    serializer_class = serializers.LessonSerializer
    filterset_class = LessonFilter
    dataset = LESSONS


class InitiativeViewSet(ReadOnlyViewSet):
    """Named initiatives, platforms, apps, models and programmes."""

    endpoint_description = gettext_lazy("Các sáng kiến có tên: nền tảng, ứng dụng, mô hình và chương trình.")

    serializer_class = serializers.InitiativeSerializer
    filterset_class = InitiativeFilter
    dataset = INITIATIVES
