"""Filtered, sorted, paginated, exportable lists: the machinery behind every list page.

A list view names its FilterSet and its export columns; this module does the rest:
- the FilterSet is the only parser of the query string; a bad value is a 400 that names the
  parameter (django-filter alone would answer 200 with an empty page);
- `page` and `format` are checked the same way;
- `format=csv` streams UTF-8 with a BOM (so Excel shows "Đ" and "ử"), `format=json` returns the
  same rows; both carry the source report and excerpt of each row.
"""

import csv
import json
import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from provinces.models import Province

from .aggregates import filter_state, remembered
from .vntext import fold

EXPORT_FORMATS = ("csv", "json")
# A streamed export reads its rows (and their themes) this many at a time: memory stays flat
# however long the export, at the price of one more query per chunk.
EXPORT_CHUNK = 500
PAGE_SIZE = 25


class BadRequest(Exception):
    """One or more query parameters are invalid: {parameter: [messages]}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


def bad_request(request, errors):
    return render(request, "400.html", {"errors": sorted(errors.items())}, status=400)


class Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


def export_filename(base, filterset):
    """'lessons_province-lao-cai_theme-digital-economy' from the active filters."""
    parts = [base]
    for name, value in filterset.data.lists():
        if name in filterset.filters and name != "sort":
            for item in value:
                slug = re.sub(r"[^a-z0-9]+", "-", fold(item)).strip("-")[:40]
                if slug:
                    parts.append(f"{name}-{slug}")
    return "_".join(parts)


class ListPaginator(Paginator):
    """Pages of a filtered list, cheap however long the list.

    - The total is remembered per data version under `parts` (the list and its filter state).
    - A page is read in two steps: first the keys of its rows, sorted on the narrow sort columns
      alone; then the full rows (with their relations) for those keys only. Sorting thousands
      of matches with every column of every joined table is what made a search slow.
    """

    def __init__(self, object_list, per_page, parts, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.parts = parts

    @cached_property
    def count(self):
        return remembered(("count", *self.parts), lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().filter(pk__in=keys) if keys else []
        by_key = {row.pk: row for row in rows}
        return self._get_page([by_key[key] for key in keys], number, self)


def paginate(request, rows, per_page, parts):
    """The page of `rows` named by `?page=`; a bad number is a 400 that names `page`."""
    paginator = ListPaginator(rows, per_page, parts)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        raise BadRequest({"page": [_("Số trang phải là một số nguyên dương.")]}) from None
    except EmptyPage:
        raise BadRequest(
            {
                "page": [
                    _("Không có trang %(number)s; danh sách có %(total)d trang.")
                    % {"number": number, "total": paginator.num_pages}
                ]
            }
        ) from None


class FilteredListView(View):
    """GET-only list: subclasses set template_name, filterset_class, export_name and columns."""

    template_name = None
    filterset_class = None
    export_name = None
    columns = ()  # (column name, function of a row -> value), stable for exports
    paginate_by = PAGE_SIZE

    def base_queryset(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        try:
            filterset, output = self.parse(request)
            rows = filterset.qs
            if output in EXPORT_FORMATS:
                return self.export(rows, output, export_filename(self.export_name, filterset))
            page = self.paginate(request, rows, filterset)
        except BadRequest as error:
            return bad_request(request, error.errors)
        context = {
            "filterset": filterset,
            "facets": filterset.facets(),
            "page_obj": page,
            "object_list": page.object_list,
            "query_without_page": self.query_without(request, "page"),
            **self.extra_context(filterset),
        }
        return render(request, self.template_name, context)

    def extra_context(self, filterset):
        return {"province_hints": self.province_hints(filterset)}

    @staticmethod
    def province_hints(filterset):
        """Provinces named by the search words ("lao cai"), each with the link that filters by it.

        Officials often type a province's name into the search box; the hint turns that into
        the province filter (the words also match lessons that merely mention the province).
        """
        query = filterset.form.cleaned_data.get("q")
        if not query or "province" not in filterset.filters or filterset.data.getlist("province"):
            return []
        hints = []
        for province in Province.objects.search(query)[:3]:
            params = filterset.data.copy()
            for name in ("q", "page"):
                params.pop(name, None)
            params["province"] = province.slug
            hints.append((province, params.urlencode()))
        return hints

    def parse(self, request):
        """Bind the filters and read `format`; report every bad parameter at once."""
        filterset = self.filterset_class(request.GET, queryset=self.base_queryset(), request=request)
        errors = {}
        if not filterset.is_valid():
            errors.update({name: list(messages) for name, messages in filterset.errors.items()})
        try:
            output = requested_format(request)
        except BadRequest as error:
            errors.update(error.errors)
        if errors:
            raise BadRequest(errors)
        return filterset, output

    def paginate(self, request, rows, filterset):
        parts = (rows.model._meta.label, filter_state(filterset, "sort"))
        return paginate(request, rows, self.paginate_by, parts)

    @staticmethod
    def query_without(request, *names):
        query = request.GET.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()

    def export(self, rows, output, filename):
        return export_response(rows, self.columns, output, filename)


def export_response(rows, columns, output, filename):
    """`rows` as a CSV (streamed, UTF-8 with BOM) or JSON download with the given columns."""
    header = [name for name, _ in columns]

    def values(row):
        return [getter(row) for _, getter in columns]

    if output == "json":
        data = [dict(zip(header, values(row), strict=True)) for row in rows]
        response = HttpResponse(
            json.dumps({"count": len(data), "results": data}, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff" + writer.writerow(header)  # BOM: Excel then reads UTF-8
            iterable = rows.iterator(chunk_size=EXPORT_CHUNK) if hasattr(rows, "iterator") else rows
            for row in iterable:
                yield writer.writerow(values(row))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{output}"'
    return response


def source_columns():
    """The columns every export of sourced records ends with: where the row comes from."""
    return (
        ("report", lambda row: row.report.slug),
        ("report_title", lambda row: row.report.title),
        ("report_publisher", lambda row: row.report.publisher),
        ("report_published_on", lambda row: row.report.published_on.isoformat() if row.report.published_on else ""),
        ("excerpt", lambda row: row.excerpt),
    )


def requested_format(request):
    """`format` of a detail page: html (default), csv or json; anything else is a 400."""
    output = request.GET.get("format", "html")
    if output not in ("html", *EXPORT_FORMATS):
        raise BadRequest({"format": [_("Định dạng phải là csv hoặc json.")]})
    return output
