from django.views.generic import DetailView

from lessons.models import Initiative, Lesson
from portal.citations import CitableMixin
from portal.listing import (
    BadRequest,
    FilteredListView,
    bad_request,
    export_response,
    paginate,
    requested_format,
    source_columns,
)

from .charts import bar_chart
from .filters import IndicatorFilter, ProvinceFilter, ReportFilter
from .models import Indicator, Metric, Province, Report
from .passages import find_passages, split_into_paragraphs

METRICS_PER_PAGE = 50


def slug_of(related):
    return related.slug if related else ""


def plain_number(value):
    """A Decimal as an export number: 1562 (not 1562.00), 12.92; empty when absent."""
    if value is None:
        return ""
    return int(value) if value == value.to_integral() else float(value)


def iso(value):
    return value.isoformat() if value else ""


class ProvinceListView(FilteredListView):
    template_name = "provinces/province_list.html"
    filterset_class = ProvinceFilter
    export_name = "provinces"
    paginate_by = 100
    columns = (
        ("slug", lambda row: row.slug),
        ("name", lambda row: row.name),
        ("name_en", lambda row: row.name_en),
        ("gso_code", lambda row: row.gso_code),
        ("region", lambda row: row.region),
        ("successor", lambda row: slug_of(row.successor)),
        ("merged_on", lambda row: iso(row.merged_on)),
        ("merger_source", lambda row: row.merger_source),
        ("lessons", lambda row: row.lesson_count),
        ("initiatives", lambda row: row.initiative_count),
        ("metrics", lambda row: row.metric_count),
        ("reports", lambda row: row.report_count),
    )

    def base_queryset(self):
        return Province.objects.with_counts().select_related("successor").order_by("name")


class ProvinceDetailView(CitableMixin, DetailView):
    template_name = "provinces/province_detail.html"
    context_object_name = "province"

    def get_queryset(self):
        return Province.objects.select_related("successor")

    def get_context_data(self, **kwargs):
        province = self.object
        return super().get_context_data(
            metrics=Metric.objects.for_list().filter(province=province),
            lessons=Lesson.objects.for_list()
            .for_province(province)
            .order_by("kind", "report__slug", "ordinal", "slug"),
            initiatives=Initiative.objects.for_list().filter(province=province),
            localities=province.localities.select_related("parent"),
            reports=province.reports.all(),
            merged_provinces=province.merged_provinces.all(),
            compare_with=Province.objects.with_data().exclude(pk=province.pk),
            **kwargs,
        )


class IndicatorListView(FilteredListView):
    template_name = "provinces/indicator_list.html"
    filterset_class = IndicatorFilter
    export_name = "indicators"
    paginate_by = 100
    columns = (
        ("slug", lambda row: row.slug),
        ("name", lambda row: row.name),
        ("name_en", lambda row: row.name_en),
        ("unit", lambda row: row.unit),
        ("description", lambda row: row.description),
        ("description_en", lambda row: row.description_en),
        ("metrics", lambda row: row.metric_count),
        ("provinces", lambda row: row.province_count),
    )

    def base_queryset(self):
        return Indicator.objects.with_counts().order_by("name")


METRIC_COLUMNS = (
    ("slug", lambda row: row.slug),
    ("indicator", lambda row: row.indicator.slug),
    ("indicator_name", lambda row: row.indicator.name),
    ("unit", lambda row: row.indicator.unit),
    ("province", lambda row: row.province.slug),
    ("locality", lambda row: slug_of(row.locality)),
    ("value", lambda row: plain_number(row.value)),
    ("denominator", lambda row: plain_number(row.denominator)),
    ("qualifier", lambda row: row.qualifier),
    ("period_year", lambda row: row.period_year or ""),
    ("period_month", lambda row: row.period_month or ""),
    *source_columns(),
)


class IndicatorDetailView(CitableMixin, DetailView):
    """One indicator compared across provinces; `format=csv|json` downloads its figures."""

    template_name = "provinces/indicator_detail.html"
    context_object_name = "indicator"
    queryset = Indicator.objects.all()
    query_parameters = {**CitableMixin.query_parameters, "format": requested_format}

    def respond(self, query):
        metrics = (
            Metric.objects.for_list().filter(indicator=self.object).order_by("province__name", "period_year", "slug")
        )
        if query["format"] != "html":
            return export_response(metrics, METRIC_COLUMNS, query["format"], f"indicator_{self.object.slug}")
        # A page of figures at a time: a national indicator can have thousands of them.
        try:
            page = paginate(self.request, metrics, METRICS_PER_PAGE, ("indicator-metrics", self.object.pk))
        except BadRequest as error:
            return bad_request(self.request, error.errors)
        metrics = page.object_list
        context = self.get_context_data(
            object=self.object,
            metrics=metrics,
            chart=bar_chart(metrics),
            page_obj=page,
            query_without_page=FilteredListView.query_without(self.request, "page"),
        )
        return self.render_to_response(context)


class ReportListView(FilteredListView):
    template_name = "provinces/report_list.html"
    filterset_class = ReportFilter
    export_name = "reports"
    paginate_by = 50
    columns = (
        ("slug", lambda row: row.slug),
        ("title", lambda row: row.title),
        ("title_en", lambda row: row.title_en),
        ("title_from_source", lambda row: row.title_from_source),
        ("publisher", lambda row: row.publisher),
        ("byline", lambda row: row.byline),
        ("published_on", lambda row: iso(row.published_on)),
        ("url", lambda row: row.url),
        ("language", lambda row: row.language),
        ("provinces", lambda row: "|".join(province.slug for province in row.provinces.all())),
        ("source_file", lambda row: row.source_file),
        ("lessons", lambda row: row.lesson_count),
        ("initiatives", lambda row: row.initiative_count),
        ("metrics", lambda row: row.metric_count),
    )

    def base_queryset(self):
        return Report.objects.with_counts().prefetch_related("provinces")


class ReportDetailView(CitableMixin, DetailView):
    template_name = "provinces/report_detail.html"
    context_object_name = "report"
    queryset = Report.objects.prefetch_related("provinces")

    def get_context_data(self, **kwargs):
        report = self.object
        records = [
            *Lesson.objects.filter(report=report).select_related("report"),
            *Initiative.objects.filter(report=report).select_related("report"),
            *Metric.objects.filter(report=report).select_related("report", "indicator", "province"),
        ]
        passages = find_passages(report.body, records, lambda record: record.source_anchor)
        return super().get_context_data(
            paragraphs=split_into_paragraphs(report.body, passages),
            records=records,
            **kwargs,
        )
