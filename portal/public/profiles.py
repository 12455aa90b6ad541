"""The pages that gather one place or one source: a province's profile and a report's full text."""

from django.views.generic import DetailView

from lessons.models import Initiative, Lesson
from portal.core.citations import CitableMixin
from provinces.models import Metric, Province, Report
from provinces.passages import find_passages, link_runs, split_into_paragraphs


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


def passage_name(record):
    """What a passage's link says it opens: the record's kind and its name."""
    if isinstance(record, Metric):
        name = f"{record.indicator.localized_name}: {record.localized_display}"
    else:
        name = record.localized_label
    return f"{record._meta.verbose_name.capitalize()}: {name}"


class ReportDetailView(CitableMixin, DetailView):
    """The report's full text, each passage a record quotes highlighted, anchored and a link to
    its record."""

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
        for record in records:
            record.passage_kind = record._meta.model_name
            record.passage_name = passage_name(record)
            record.passage_kind_label = record._meta.verbose_name
        passages = find_passages(report.body, records, lambda record: record.source_anchor)
        return super().get_context_data(
            paragraphs=[link_runs(paragraph, passages) for paragraph in split_into_paragraphs(report.body, passages)],
            records=records,
            **kwargs,
        )
