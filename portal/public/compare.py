"""The compare page: two to four provinces side by side.

`/compare/?province=lao-cai&province=yen-bai`: the indicators they share (table and charts), the
indicators each has alone, and their lessons and initiatives per theme; the page says plainly when
little is comparable. Without a query string the page is a picker of the provinces that have
records.

A bad choice (one province ticked, five, an unknown slug) shows the picker again with an error
summary at the top and the message beside the field, as GOV.UK's validation pattern does (the
page title starts with "Lỗi:"/"Error:", the summary takes the focus). GOV.UK's pattern says
nothing about the status code; the page keeps 400, like every other bad parameter on the site,
so caches and crawlers never take it for content.

The page runs a fixed number of queries: the chosen provinces (with their counts and mergers),
their metrics, the themes, two aggregate counts and the picker's provinces.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from lessons.models import Initiative, Lesson, Theme
from provinces.charts import bar_chart
from provinces.models import Metric, Province

MIN_PROVINCES = 2
MAX_PROVINCES = 4


class ProvinceSlugsField(forms.ModelMultipleChoiceField):
    """Repeated slugs: MIN_PROVINCES to MAX_PROVINCES known provinces, each named once.

    Cleans to a list of provinces in the order given (the order of the columns).
    """

    default_error_messages = {
        "count": gettext_lazy("Hãy chọn từ %(min)d đến %(max)d tỉnh để so sánh."),
        "duplicate": gettext_lazy("Tỉnh “%(value)s” được chọn hơn một lần."),
        "invalid_choice": gettext_lazy("Không có tỉnh “%(value)s”."),
    }

    def clean(self, value):
        slugs = [str(slug) for slug in value or []]
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            raise ValidationError(
                self.error_messages["duplicate"], code="duplicate", params={"value": ", ".join(duplicates)}
            )
        if not MIN_PROVINCES <= len(slugs) <= MAX_PROVINCES:
            raise ValidationError(
                self.error_messages["count"], code="count", params={"min": MIN_PROVINCES, "max": MAX_PROVINCES}
            )
        by_slug = {province.slug: province for province in super().clean(slugs)}
        return [by_slug[slug] for slug in slugs]


class CompareForm(forms.Form):
    province = ProvinceSlugsField(
        queryset=Province.objects.public().with_counts().prefetch_related("merged_provinces"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Tỉnh"),
    )


@dataclass
class SharedIndicator:
    """One row of the shared-indicator table: the indicator, one list of metrics per province."""

    indicator: object
    cells: list = field(default_factory=list)
    chart: dict | None = None


def split_metrics(metrics, provinces):
    """(shared indicators, [(province, metrics of indicators only it has)]), rows kept in order."""
    column = {province.pk: index for index, province in enumerate(provinces)}
    shared = {}
    alone = {province.pk: [] for province in provinces}
    for metric in metrics:
        if metric.shared_by < 2:
            alone[metric.province_id].append(metric)
            continue
        row = shared.get(metric.indicator_id)
        if row is None:
            row = shared[metric.indicator_id] = SharedIndicator(metric.indicator, [[] for _column in provinces])
        row.cells[column[metric.province_id]].append(metric)
    for row in shared.values():
        row.chart = bar_chart([metric for cell in row.cells for metric in cell], chart_id=f"chart-{row.indicator.slug}")
    return list(shared.values()), [(province, alone[province.pk]) for province in provinces]


def theme_rows(themes, provinces, counts):
    """[{"theme", "cells": [(province, count)]}] for the 8 themes, in theme order."""
    return [
        {"theme": theme, "cells": [(province, counts.get((theme.pk, province.pk), 0)) for province in provinces]}
        for theme in themes
    ]


def merger_notes(provinces):
    """The 2025 merger as it concerns the chosen provinces.

    [{"province", "successor", "merged_on", "source", "successor_compared"}] for each chosen
    province that merged into another, and [{"province", "absorbed"}] for each chosen successor
    whose absorbed provinces are not part of the comparison.
    """
    chosen = {province.pk for province in provinces}
    merged = [
        {
            "province": province,
            "successor": province.successor,
            "merged_on": province.merged_on,
            "source": province.merger_source,
            "successor_compared": province.successor_id in chosen,
        }
        for province in provinces
        if province.successor_id
    ]
    absorbing = []
    for province in provinces:
        absorbed = [other for other in province.merged_provinces.all() if other.pk not in chosen]
        if absorbed:
            absorbing.append({"province": province, "absorbed": absorbed})
    return merged, absorbing


def join_names(provinces):
    """The names as a list: "Lào Cai, Yên Bái và Nam Định" (English: "…, … and …")."""
    names = [province.localized_name for province in provinces]
    return _("%(names)s và %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def picker_provinces():
    """The provinces worth offering: those with at least one public lesson, initiative or metric."""
    return Province.objects.public().with_counts().with_data()


# Fewer shared indicators than this, and the page warns that the figures say little side by side.
FEW_SHARED = 3


def comparability(shared, provinces):
    """What limits this comparison: {"shared": number of shared indicators, "few": True when
    fewer than FEW_SHARED, "empty": the chosen provinces without any record}."""
    empty = [p for p in provinces if not (p.lesson_count or p.initiative_count or p.metric_count)]
    return {"shared": len(shared), "few": len(shared) < FEW_SHARED, "empty": empty}


class CompareView(View):
    template_name = "public/compare.html"

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this page reads (the page cache keys on these alone)."""
        return set(CompareForm.base_fields)

    def get(self, request):
        if not request.GET:
            return render(request, self.template_name, {"picker": picker_provinces(), "selected": []})
        form = CompareForm(request.GET)
        if not form.is_valid():
            context = {
                "picker": picker_provinces(),
                "selected": request.GET.getlist("province"),
                # (parameter, message): the summary names the parameter too, as every 400 here does.
                "errors": [(name, message) for name, messages in form.errors.items() for message in messages],
            }
            return render(request, self.template_name, context, status=400)
        provinces = form.cleaned_data["province"]
        metrics = (
            Metric.objects.public()
            .compared(provinces)
            .order_by("indicator__name", "indicator__slug", "province__name", "period_year", "period_month", "slug")
        )
        shared, alone = split_metrics(metrics, provinces)
        themes = list(Theme.objects.public())
        lessons = Lesson.objects.public().filter(province__in=provinces).count_by_theme_and_province()
        initiatives = Initiative.objects.public().filter(province__in=provinces).count_by_theme_and_province()
        merged, absorbing = merger_notes(provinces)
        context = {
            "provinces": provinces,
            "names": join_names(provinces),
            "shared": shared,
            "comparability": comparability(shared, provinces),
            "alone": alone,
            "lesson_rows": theme_rows(themes, provinces, lessons),
            "initiative_rows": theme_rows(themes, provinces, initiatives),
            "merged": merged,
            "absorbing": absorbing,
            "picker": picker_provinces(),
            "selected": [province.slug for province in provinces],
        }
        return render(request, self.template_name, context)
