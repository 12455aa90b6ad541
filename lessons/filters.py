"""The lesson and initiative filters: the only parsers of those pages' query strings."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.core.filtering import Facet, FacetedFilterSet, SearchFilter, SlugFilter, SortFilter, YearFilter
from provinces.filters import CurrentProvinceFilter
from provinces.models import Locality, Province

from .models import Initiative, Lesson, Theme


class LessonFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    province = SlugFilter(field_name="province__slug", queryset=Province.objects.public(), label=_("Tỉnh"))
    current_province = CurrentProvinceFilter()
    theme = SlugFilter(field_name="themes__slug", distinct=True, queryset=Theme.objects.public(), label=_("Chủ đề"))
    kind = django_filters.MultipleChoiceFilter(choices=Lesson.Kind.choices, distinct=False, label=_("Loại"))
    locality = SlugFilter(field_name="locality__slug", queryset=Locality.objects.public(), label=_("Địa phương"))
    sort = SortFilter(
        fields=(("province__name", "province"), ("kind", "kind"), ("title", "title"), ("report__published_on", "date")),
        field_labels={
            "province__name": _("Tỉnh"),
            "kind": _("Loại"),
            "title": _("Tiêu đề"),
            "report__published_on": _("Ngày đăng"),
        },
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
    )

    facet_specs = {
        "province": Facet("province__slug", label="province__name"),
        "theme": Facet("themes__slug", label="themes__name", order="themes__position"),
        "kind": Facet("kind", choices=Lesson.Kind),
        "locality": Facet("locality__slug", label="locality__name"),
    }

    class Meta:
        model = Lesson
        fields = []


class InitiativeFilter(FacetedFilterSet):
    q = SearchFilter(label=_("Tìm"))
    province = SlugFilter(field_name="province__slug", queryset=Province.objects.public(), label=_("Tỉnh"))
    current_province = CurrentProvinceFilter()
    theme = SlugFilter(field_name="themes__slug", distinct=True, queryset=Theme.objects.public(), label=_("Chủ đề"))
    level = django_filters.MultipleChoiceFilter(choices=Initiative.Level.choices, distinct=False, label=_("Cấp"))
    role = django_filters.MultipleChoiceFilter(
        choices=Initiative.Role.choices, distinct=False, label=_("Vai trò của tỉnh")
    )
    year = YearFilter(field_name="start_year", min_value=1990, max_value=2100, label=_("Năm bắt đầu"))
    sort = SortFilter(
        fields=(("province__name", "province"), ("name", "name"), ("start_year", "year"), ("level", "level")),
        field_labels={"province__name": _("Tỉnh"), "name": _("Tên"), "start_year": _("Năm bắt đầu"), "level": _("Cấp")},
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
    )

    facet_specs = {
        "province": Facet("province__slug", label="province__name"),
        "theme": Facet("themes__slug", label="themes__name", order="themes__position"),
        "level": Facet("level", choices=Initiative.Level),
        "role": Facet("role", choices=Initiative.Role),
        "year": Facet("start_year"),
    }

    class Meta:
        model = Initiative
        fields = []


class ThemeFilter(FacetedFilterSet):
    group = django_filters.MultipleChoiceFilter(choices=Theme.Group.choices, distinct=False, label=_("Nhóm"))

    class Meta:
        model = Theme
        fields = []
