"""FilterSet building blocks shared by the list pages.

- SlugFilter: `?province=lao-cai&province=yen-bai` (OR within one facet), refusing unknown slugs.
- YearFilter: repeated integer years, refusing "abc".
- SearchFilter: accent-insensitive `q` over the model's stored folded text.
- FacetedFilterSet: counts per facet value, each facet counted under all the *other* active
  filters, with one aggregate query per facet; and the active filters, each with the query
  string that removes it. Under a search whose rows a facet would count pass
  portal.core.search.COUNT_LIMIT, that facet lists every value its filter accepts, with no
  counts: a count over every match is what a search must not pay for.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from .aggregates import filter_state, remembered
from .models import is_english
from .numbers import parse_int
from .search import COUNT_LIMIT
from .vntext import without_control_characters


def descending_label(label):
    return gettext("%(label)s (giảm dần)") % {"label": label}


class SortFilter(django_filters.OrderingFilter):
    """`sort`, whose descending labels are translated when the menu is shown: django-filter's own
    OrderingFilter formats them once, at import, in whatever language is then active."""

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices += [(param, label), (f"-{param}", lazy(descending_label, str)(label))]
        return choices


SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")


class SlugChoiceField(ModelMultipleChoiceField):
    """Refuses anything that is not slug-shaped before it reaches the database.

    A NUL byte or a 10 kB value would otherwise become part of an IN (...) query, and PostgreSQL
    refuses NUL outright (a 500); here it is an ordinary invalid choice (a 400).
    """

    def _check_values(self, value):
        for item in value:
            if not isinstance(item, str) or not SLUG.fullmatch(item):
                shown = without_control_characters(str(item), "\ufffd")[:60]
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": shown}
                )
        return super()._check_values(value)


# Documented in the OpenAPI schema as a repeatable parameter: ?province=a&province=b.
@extend_schema_field({"type": "string"})
class SlugFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        # DISTINCT only where a many-to-many path can repeat rows (pass distinct=True there):
        # on a foreign key it would only make PostgreSQL sort the whole result.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class MultipleIntegerField(forms.Field):
    widget = forms.SelectMultiple

    def __init__(self, *args, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        result = []
        for item in values:
            number = parse_int(item)
            if number is None:
                shown = without_control_characters(str(item), "\ufffd")[:60]
                raise ValidationError(_("“%(value)s” không phải là một năm."), params={"value": shown})
            if (self.min_value is not None and number < self.min_value) or (
                self.max_value is not None and number > self.max_value
            ):
                raise ValidationError(
                    _("Năm phải nằm trong khoảng %(min)s–%(max)s."),
                    params={"min": self.min_value, "max": self.max_value},
                )
            result.append(number)
        return result


@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": 1990, "maximum": 2100}})
class YearFilter(django_filters.Filter):
    field_class = MultipleIntegerField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class SearchFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return qs.search(value)


@dataclass(frozen=True)
class Facet:
    """How to count one filter's values: the path to the slug/value and to its labels."""

    path: str
    label: str | None = None  # path to the Vietnamese label; "<label>_en" holds the English one
    choices: type | None = None  # a TextChoices class, for facets over a choice field
    order: str | None = None


class FacetedFilterSet(django_filters.FilterSet):
    facet_specs: dict = {}

    def searching(self):
        """Whether the bound, valid filterset searches (a `q` with something in it)."""
        return bool((self.form.cleaned_data.get("q") or "").strip())

    def filtered_except(self, excluded):
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in (excluded, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active_filters(self):
        """[{"name", "label", "value", "remove"}]: each value the list is filtered by (of a bound,
        valid filterset), named for a reader, with the query string without that value (and the
        page) for its "remove" link. The sort order is no filter and is kept."""
        labels = self.value_labels()
        active = []
        for name, values in self.data.lists():
            if name not in self.filters or name == "sort":
                continue
            for value in values:
                if not value.strip():
                    continue
                query = self.data.copy()
                query.setlist(name, [other for other in values if other != value])
                query.pop("page", None)
                active.append(
                    {
                        "name": name,
                        "label": str(self.filters[name].label),
                        "value": labels.get((name, value), value),
                        "remove": query.urlencode(),
                    }
                )
        return active

    def value_labels(self):
        """{(parameter, value as sent): its label}, from the cleaned values: a province's or
        theme's name in the page's language, a choice's label. Reads no more rows: the
        cleaned querysets are the ones filtering has already evaluated."""
        labels = {}
        for name, cleaned in self.form.cleaned_data.items():
            field = self.form.fields[name]
            if isinstance(field, forms.ModelMultipleChoiceField):
                key = field.to_field_name or "pk"
                for item in cleaned or []:
                    labels[(name, str(getattr(item, key)))] = str(getattr(item, "localized_name", item))
            elif isinstance(field, forms.MultipleChoiceField):
                choices = dict(field.choices)
                for item in cleaned or []:
                    labels[(name, str(item))] = str(choices.get(item, item))
        return labels

    def selected(self, name):
        return [str(value) for value in self.data.getlist(name)]

    def facets(self, counted=True):
        """[{"name", "label", "counted", "options": [{"value", "label", "count", "selected"}]}] for
        the template; `counted=False`: the search has more rows than COUNT_LIMIT, so no facet is
        counted under it (each lists every value its filter accepts, count None).

        Remembered per data version and filter state (portal/core/aggregates.py): counting a large
        table by every facet is the most expensive part of a list page.
        """
        parts = ("facets", self.queryset.model._meta.label, filter_state(self, "sort", "page"))
        if not self.searching():
            return remembered(parts, self.count_facets)
        return remembered((*parts, counted), lambda: self.count_search_facets(counted))

    def count_search_facets(self, counted):
        """Facets under a search: each counted when the rows it counts are at most COUNT_LIMIT,
        else every value its filter accepts, uncounted.

        A facet with no value chosen counts the list's own rows (`counted` says whether those are
        few enough); one with a value chosen counts the rows of every other filter, which may be
        many more, and is first counted up to the limit.
        """
        result = []
        for name in self.facet_specs:
            if counted and not (self.form.cleaned_data.get(name) and self.too_many_to_count(name)):
                result.append(self.count_facet(name))
            else:
                result.append(self.uncounted_facet(name))
        return result

    def uncounted_facet(self, name):
        """Every value the facet's filter accepts, in the facet's order, each with count None: read
        from the places, themes or choices themselves, never by going through the matches."""
        spec, field, selected = self.facet_specs[name], self.form.fields[name], self.selected(name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            values = [
                (str(getattr(item, field.to_field_name)), getattr(item, "localized_name", item))
                for item in field.queryset
            ]
        elif isinstance(field, forms.MultipleChoiceField):
            values = [(str(value), label) for value, label in field.choices]
        else:
            path = spec.path
            found = (
                self.queryset.order_by().filter(**{f"{path}__isnull": False}).values_list(path, flat=True).distinct()
            )
            values = [(str(value), value) for value in sorted(found)]
        options = [
            {"value": value, "label": str(label), "count": None, "selected": value in selected, "order": str(label)}
            for value, label in values
        ]
        if not spec.order and isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            options.sort(key=lambda option: option["order"])
        return {"name": name, "label": str(self.filters[name].label), "counted": False, "options": options}

    def too_many_to_count(self, name):
        return self.filtered_except(name).capped_count(COUNT_LIMIT) > COUNT_LIMIT

    def count_facets(self):
        return [self.count_facet(name) for name in self.facet_specs]

    def count_facet(self, name):
        """One facet's options, counted under every other filter."""
        spec = self.facet_specs[name]
        paths = [spec.path] + ([spec.label, f"{spec.label}_en"] if spec.label else [])
        if spec.order:
            paths.append(spec.order)
        # The not-null test first, in the same join as the values: a filter() after annotate()
        # on a many-to-many path would join it a second time and count rows twice.
        queryset = self.filtered_except(name).filter(**{f"{spec.path}__isnull": False})
        rows = (
            queryset.order_by()
            .values(*paths)
            # A many-to-many filter makes rows repeat; otherwise each row counts once as is.
            .annotate(count=Count("pk", distinct=True) if queryset.query.distinct else Count("*"))
        )
        selected = self.selected(name)
        options = []
        for row in rows:
            value = row[spec.path]
            if spec.choices is not None:
                label = spec.choices(value).label
            elif spec.label:
                label = (is_english() and row[f"{spec.label}_en"]) or row[spec.label]
            else:
                label = value
            options.append(
                {
                    "value": str(value),
                    "label": str(label),
                    "count": row["count"],
                    "selected": str(value) in selected,
                    "order": row[spec.order] if spec.order else str(label),
                }
            )
        options.sort(key=lambda option: option["order"])
        return {"name": name, "label": str(self.filters[name].label), "counted": True, "options": options}
