from django.db.models import Count
from django.views.generic import DetailView, ListView

from lessons.models import Initiative, Lesson

from .charts import bar_chart
from .models import Indicator, Metric, Province, Report
from .passages import find_passages, split_into_paragraphs


class ProvinceListView(ListView):
    template_name = "provinces/province_list.html"
    context_object_name = "provinces"

    def get_queryset(self):
        return Province.objects.with_counts().select_related("successor")


class ProvinceDetailView(DetailView):
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
            **kwargs,
        )


class IndicatorListView(ListView):
    template_name = "provinces/indicator_list.html"
    context_object_name = "indicators"

    def get_queryset(self):
        return Indicator.objects.annotate(
            metric_count=Count("metrics", distinct=True),
            province_count=Count("metrics__province", distinct=True),
        )


class IndicatorDetailView(DetailView):
    template_name = "provinces/indicator_detail.html"
    context_object_name = "indicator"
    queryset = Indicator.objects.all()

    def get_context_data(self, **kwargs):
        metrics = list(
            Metric.objects.for_list().filter(indicator=self.object).order_by("province__name", "period_year", "slug")
        )
        return super().get_context_data(metrics=metrics, chart=bar_chart(metrics), **kwargs)


class ReportListView(ListView):
    template_name = "provinces/report_list.html"
    context_object_name = "reports"

    def get_queryset(self):
        return Report.objects.with_counts().prefetch_related("provinces")


class ReportDetailView(DetailView):
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
