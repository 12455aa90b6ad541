"""Filters of the province, indicator and report lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.core.filtering import Facet, FacetedFilterSet, SearchFilter, SlugFilter, YearFilter

from .models import Indicator, Locality, Metric, Province, Report


class ProvinceFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    region = django_filters.MultipleChoiceFilter(choices=Province.Region.choices, distinct=False, label=_("Vùng"))
    sort = django_filters.OrderingFilter(
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
    sort = django_filters.OrderingFilter(
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
    sort = django_filters.OrderingFilter(
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
    level = django_filters.MultipleChoiceFilter(choices=Locality.Level.choices, distinct=False, label=_("Cấp"))

    class Meta:
        model = Locality
        fields = []


class MetricFilter(FacetedFilterSet):
    province = SlugFilter(field_name="province__slug", queryset=Province.objects.public(), label=_("Tỉnh"))
    indicator = SlugFilter(field_name="indicator__slug", queryset=Indicator.objects.public(), label=_("Chỉ tiêu"))
    unit = django_filters.MultipleChoiceFilter(
        field_name="indicator__unit", choices=Indicator.Unit.choices, label=_("Đơn vị")
    )
    report = SlugFilter(field_name="report__slug", queryset=Report.objects.public(), label=_("Báo cáo nguồn"))
    year = YearFilter(field_name="period_year", min_value=1990, max_value=2100, label=_("Năm"))

    class Meta:
        model = Metric
        fields = []
