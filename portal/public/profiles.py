"""The pages that gather one place or one source: a province's profile and a report's full text."""

from django.views.generic import DetailView

from lessons.models import Initiative, Lesson
from portal.core.citations import CitableMixin
from provinces.models import Metric, Province, Report
from provinces.passages import find_passages, split_into_paragraphs


class ProvinceDetailView(CitableMixin, DetailView):
    template_name = "public/province_detail.html"
    context_object_name = "province"

    def get_queryset(self):
        return Province.objects.public()

    def get_context_data(self, **kwargs):
        province = self.object
        return super().get_context_data(
            metrics=Metric.objects.public().filter(province=province),
            lessons=Lesson.objects.public()
            .filter(province=province)
            .order_by("kind", "report__slug", "ordinal", "slug"),
            initiatives=Initiative.objects.public().filter(province=province),
            localities=province.localities.public(),
            reports=Report.objects.public().filter(provinces=province),
            merged_provinces=Province.objects.public().with_counts().filter(successor=province),
            compare_with=Province.objects.public().with_data().exclude(pk=province.pk),
            **kwargs,
        )


class ReportDetailView(CitableMixin, DetailView):
    """The report's full text, each passage a record quotes highlighted and anchored."""

    template_name = "public/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.public()

    def get_context_data(self, **kwargs):
        report = self.object
        records = [
            *Lesson.objects.public().filter(report=report),
            *Initiative.objects.public().filter(report=report),
            *Metric.objects.public().filter(report=report),
        ]
        passages = find_passages(report.body, records, lambda record: record.source_anchor)
        return super().get_context_data(
            paragraphs=split_into_paragraphs(report.body, passages),
            records=records,
            **kwargs,
        )
