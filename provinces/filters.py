"""Filters of the province, indicator and report lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.core.filtering import Facet, FacetedFilterSet, SearchFilter, SlugFilter, SortFilter, YearFilter

from .models import Indicator, Locality, Metric, Province, Report


class CurrentProvinceFilter(SlugFilter):
    """`?current_province=lao-cai`: what lies in that province as it is today (since 1 July 2025).

    Records keep the province their report names (Yên Bái); today's Lào Cai covers the old Lào Cai
    and the old Yên Bái, so the filter selects both. Only a province of today is accepted.
    """

    def __init__(self, *args, path="province", **kwargs):
        self.path = path  # the lookup to the record's province ("" for a province list)
        kwargs.setdefault("label", _("Tỉnh hiện nay"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("“%(value)s” không phải là một tỉnh hiện nay (từ ngày 1/7/2025).")},
        )
        # The field name only names the parameter in the schema; filter() builds the lookups itself.
        super().__init__(*args, field_name=path or "pk", queryset=Province.objects.public().current(), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        covered = Province.objects.public().within([province.pk for province in value])
        qs = qs.filter(**{f"{self.path}__in" if self.path else "pk__in": covered})
        return qs.distinct() if self.distinct else qs


class ProvinceFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    region = django_filters.MultipleChoiceFilter(choices=Province.Region.choices, distinct=False, label=_("Vùng"))
    current_province = CurrentProvinceFilter(path="")
    sort = SortFilter(
        fields=(("name", "name"), ("gso_code", "code"), ("lesson_count", "lessons")),
        field_labels={"name": _("Tên"), "gso_code": _("Mã GSO"), "lesson_count": _("Số bài học")},
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
    )
    facet_specs = {"region": Facet("region", choices=Province.Region)}

    class Meta:
        model = Province
        fields = []


class IndicatorFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    unit = django_filters.MultipleChoiceFilter(choices=Indicator.Unit.choices, distinct=False, label=_("Đơn vị"))
    province = SlugFilter(
        field_name="metrics__province__slug", distinct=True, queryset=Province.objects.public(), label=_("Tỉnh")
    )
    current_province = CurrentProvinceFilter(path="metrics__province", distinct=True)
    sort = SortFilter(
        fields=(("name", "name"), ("metric_count", "metrics")),
        field_labels={"name": _("Tên"), "metric_count": _("Số số liệu")},
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
    )
    facet_specs = {
        "unit": Facet("unit", choices=Indicator.Unit),
        "province": Facet("metrics__province__slug", label="metrics__province__name"),
    }

    class Meta:
        model = Indicator
        fields = []


class ReportFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    province = SlugFilter(
        field_name="provinces__slug", distinct=True, queryset=Province.objects.public(), label=_("Tỉnh")
    )
    current_province = CurrentProvinceFilter(path="provinces", distinct=True)
    sort = SortFilter(
        fields=(("title", "title"), ("published_on", "date")),
        field_labels={"title": _("Tiêu đề"), "published_on": _("Ngày đăng")},
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
    )
    facet_specs = {"province": Facet("provinces__slug", label="provinces__name")}

    class Meta:
        model = Report
        fields = []


class LocalityFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    province = SlugFilter(field_name="province__slug", queryset=Province.objects.public(), label=_("Tỉnh"))
    current_province = CurrentProvinceFilter()
    level = django_filters.MultipleChoiceFilter(choices=Locality.Level.choices, distinct=False, label=_("Cấp"))

    class Meta:
        model = Locality
        fields = []


class MetricFilter(FacetedFilterSet):
    province = SlugFilter(field_name="province__slug", queryset=Province.objects.public(), label=_("Tỉnh"))
    current_province = CurrentProvinceFilter()
    indicator = SlugFilter(field_name="indicator__slug", queryset=Indicator.objects.public(), label=_("Chỉ tiêu"))
    unit = django_filters.MultipleChoiceFilter(
        field_name="indicator__unit", choices=Indicator.Unit.choices, label=_("Đơn vị")
    )
    report = SlugFilter(field_name="report__slug", queryset=Report.objects.public(), label=_("Báo cáo nguồn"))
    year = YearFilter(field_name="period_year", min_value=1990, max_value=2100, label=_("Năm"))

    class Meta:
        model = Metric
        fields = []
