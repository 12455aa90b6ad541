"""The pages that gather one place or one source: a province's profile and a report's full text."""

from django.db.models import F
from django.views.generic import DetailView

from lessons.models import Initiative, Lesson, Theme
from portal.core.aggregates import remembered
from portal.core.citations import CitableMixin
from portal.core.models import count_name, set_related_counts
from provinces.models import Metric, Province, Report
from provinces.passages import find_passages, link_runs, split_into_paragraphs

# How many records each section of a province's page shows; the rest are one "see all" link away,
# so the page stays the same length however many records the province has.
PREVIEW = 5
HEADLINE_FIGURES = 4
PROFILE_REPORTS = 3
LOCALITIES_SHOWN = 20


def theme_chips(themes, province, today, counts):
    """[{"theme", "own", "today"}] for the themes the province (or, for `today`, the provinces it
    covers since 2025) has lessons or initiatives on: the counts behind its theme chips.

    `counts` is {"lessons"|"initiatives": {(theme id, province id): n}}; `today` holds the ids of the
    provinces it covers now (itself and those merged into it), or only its own id.
    """
    chips = []
    for theme in themes:
        own = {kind: by_pair.get((theme.pk, province.pk), 0) for kind, by_pair in counts.items()}
        now = {kind: sum(by_pair.get((theme.pk, pk), 0) for pk in today) for kind, by_pair in counts.items()}
        if any(now.values()):
            chips.append({"theme": theme, "own": own, "today": now})
    return chips


class ProvinceDetailView(CitableMixin, DetailView):
    """A province's page to work from: a short profile (2025 status, reports, headline figures), a
    contents list, theme chips into the filtered lists, then the first few records of each kind
    with a "see all N" link to the list of them.

    A fixed number of queries and a fixed length, however many records the province has.
    """

    template_name = "public/province_detail.html"
    context_object_name = "province"

    def get_queryset(self):
        return Province.objects.public()

    def get_context_data(self, **kwargs):
        province = self.object
        counted = remembered(("province-page", province.pk), lambda: self.counts(province))
        for name, count in counted["own"].items():
            setattr(province, name, count)
        merged_provinces, today = counted["merged_provinces"], counted["today"]
        lessons = Lesson.objects.public().filter(province=province)
        initiatives = Initiative.objects.public().filter(province=province)
        metrics = list(Metric.objects.public().filter(province=province).headline_first()[: PREVIEW * 2])
        reports = list(
            Report.objects.public()
            .filter(provinces=province)
            .order_by(F("published_on").desc(nulls_last=True), "slug")[:PREVIEW]
        )
        localities = list(province.localities.public()[: LOCALITIES_SHOWN + 1])
        return super().get_context_data(
            merged_provinces=merged_provinces,
            today_counts=counted["today_counts"],
            theme_chips=theme_chips(Theme.objects.public(), province, today, counted["by_theme"]),
            lesson_kinds=counted["lesson_kinds"],
            lessons=lessons.order_by("kind", "report__slug", "ordinal", "slug")[:PREVIEW],
            initiatives=initiatives.newest_first()[:PREVIEW],
            headline_metrics=metrics[:HEADLINE_FIGURES],
            metrics=metrics,
            profile_reports=reports[:PROFILE_REPORTS],
            reports=reports,
            localities=localities[:LOCALITIES_SHOWN],
            more_localities=len(localities) > LOCALITIES_SHOWN,
            compare_with=Province.objects.public().with_data().exclude(pk=province.pk),
            **kwargs,
        )

    @staticmethod
    def counts(province):
        """What the page counts, remembered per data version (portal/core/aggregates.py): at
        100,000 lessons a province has thousands, and counting them was most of its page."""
        merged_provinces = list(Province.objects.public().filter(successor=province))
        set_related_counts([province, *merged_provinces], Province)
        today = [province.pk, *(other.pk for other in merged_provinces)]
        names = [count_name(relation) for relation in Province.COUNTED_RELATIONS]
        return {
            "own": {name: getattr(province, name) for name in names},  # lesson_count: ...
            "merged_provinces": merged_provinces,
            "today": today,
            # Today's counts (since 1 July 2025): its own records and those of the provinces merged into it.
            "today_counts": {  # lesson: ...
                name.removesuffix("_count"): sum(getattr(other, name) for other in [province, *merged_provinces])
                for name in names
            },
            "by_theme": {
                "lessons": Lesson.objects.public().filter(province__in=today).count_by_theme_and_province(),
                "initiatives": Initiative.objects.public().filter(province__in=today).count_by_theme_and_province(),
            },
            "lesson_kinds": Lesson.objects.public().filter(province=province).count_by_kind(),
        }


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
