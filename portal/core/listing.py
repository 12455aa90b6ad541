"""Filtered, sorted, paginated, exportable lists: the machinery behind every list page.

A list view names its FilterSet and its dataset (portal.core.datasets); this module does the rest:
- the FilterSet is the only parser of the query string; a bad value is a 400 that names the
  parameter (django-filter alone would answer 200 with an empty page);
- `page` and `format` are checked the same way;
- `format=csv` streams UTF-8 with a BOM (so Excel shows "Đ" and "ử"), `format=json` returns the
  same rows; both have the dataset's download columns (sourced rows: their report and excerpt);
- a query string with empty parameters (a filter form sent with blank fields: `?q=&sort=`) is
  redirected to the same list without them, so every list has one address per filter state.
"""

import csv
import json
import re
from decimal import Decimal

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from .aggregates import filter_state, remembered
from .datasets import csv_row, json_record
from .freshness import last_changed, mark_last_modified, version_label
from .numbers import parse_int
from .search import ALL, COUNT_LIMIT, is_ranked_search, ranked_keys
from .vntext import fold, format_number

EXPORT_FORMATS = ("csv", "json")
# A streamed export reads its rows (and their themes) this many at a time: memory stays flat
# however long the export, at the price of one more query per chunk. At 100 rows a chunk a worker's
# peak after five 1,000-row exports was 100.7 MB, at 50 96.7 MB (one gunicorn worker, one
# thread), for the same export time within noise.
EXPORT_CHUNK = 50
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
      With a `count_limit` (a search) it is counted no further than that: past it the list has
      "more than" that many rows (`count_is_exact` is false) and only the pages up to the limit
      exist, the last page number being unknown.
    - A page is read in two steps: first the keys of its rows, sorted on the narrow sort columns
      alone; then the full rows (with their relations) for those keys only. Sorting thousands
      of matches with every column of every joined table is what made a search slow.
    """

    def __init__(self, object_list, per_page, parts, count_limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.parts = parts
        self.count_limit = count_limit

    @cached_property
    def counted(self):
        """The number of rows, or count_limit + 1 when there are more than count_limit."""
        if self.count_limit is None:
            return remembered(("count", *self.parts), self.object_list.count)
        limit = self.count_limit
        return remembered(("count", limit, *self.parts), lambda: self.object_list.capped_count(limit))

    @property
    def count_is_exact(self):
        return self.count_limit is None or self.counted <= self.count_limit

    @property
    def count(self):
        return self.counted if self.count_is_exact else self.count_limit

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_by_keys(self.object_list, bottom, top), number, self)


def rows_by_keys(rows, bottom, top, up_to_rank=ALL):
    """rows[bottom:top], read in two steps: the keys (keys_of), then the full rows (with their
    relations) for those keys only (rows_of)."""
    return rows_of(rows, keys_of(rows, bottom, top, up_to_rank))


def keys_of(rows, bottom, top, up_to_rank=ALL):
    """The keys of rows[bottom:top], sorted on the narrow sort columns alone (a search in rank
    order: rank by rank, up to `up_to_rank`, portal.core.search.ranked_keys)."""
    if is_ranked_search(rows):
        return ranked_keys(rows, bottom, top, up_to_rank)
    return list(rows.values_list("pk", flat=True)[bottom:top])


def rows_of(rows, keys):
    """The rows of `rows` with these keys, in the keys' order."""
    found = {row.pk: row for row in rows.order_by().filter(pk__in=keys)} if keys else {}
    return [found[key] for key in keys]


def paginate(request, rows, per_page, parts, count_limit=None):
    """The page of `rows` named by `?page=`; a bad number is a 400 that names `page`."""
    paginator = ListPaginator(rows, per_page, parts, count_limit)
    number = request.GET.get("page", "1")
    try:
        if parse_int(number) is None:  # " 2", "٣" and "²" are no page numbers here either
            raise PageNotAnInteger
        return paginator.page(number)
    except PageNotAnInteger:
        raise BadRequest({"page": [_("Số trang phải là một số nguyên dương.")]}) from None
    except EmptyPage:
        if paginator.count_is_exact:
            message = _("Không có trang %(number)s; danh sách có %(total)d trang.") % {
                "number": number,
                "total": paginator.num_pages,
            }
        else:
            message = _(
                "Không có trang %(number)s: một tìm kiếm có hơn %(limit)s kết quả chỉ xem được %(total)d trang "
                "đầu; hãy thêm từ hoặc bộ lọc để thu hẹp."
            ) % {
                "number": number,
                "limit": format_number(Decimal(paginator.count_limit), get_language()),
                "total": paginator.num_pages,
            }
        raise BadRequest({"page": [message]}) from None


class FilteredListView(View):
    """GET-only list: subclasses set template_name, filterset_class and dataset."""

    template_name = None
    filterset_class = None
    dataset = None  # its rows are the list; its download columns, the exports
    paginate_by = PAGE_SIZE

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this list reads (the page cache keys on these alone)."""
        return {*cls.filterset_class.base_filters, "page", "format"}

    def base_queryset(self):
        return self.dataset.list_rows(self.dataset.rows())

    def get(self, request, *args, **kwargs):
        canonical = without_empty_parameters(request)
        if canonical is not None:
            return HttpResponsePermanentRedirect(canonical)
        try:
            filterset, output = self.parse(request)
            rows = filterset.qs
            if output in EXPORT_FORMATS:
                return export_response(
                    request, rows, self.dataset, output, export_filename(self.dataset.name, filterset)
                )
            page = self.paginate(request, rows, filterset)
        except BadRequest as error:
            return bad_request(request, error.errors)
        facets = filterset.facets(counted=page.paginator.count_is_exact)
        context = {
            "filterset": filterset,
            "facets": facets,
            "uncounted_facets": any(not facet["counted"] for facet in facets),
            "count_limit": COUNT_LIMIT,
            "page_obj": page,
            "object_list": page.object_list,
            "query_without_page": self.query_without(request, "page"),
            "active_filters": filterset.active_filters(),
            **self.extra_context(filterset),
        }
        return render(request, self.template_name, context)

    def extra_context(self, filterset):
        """More context for the template, from the bound and valid filterset."""
        return {}

    def parse(self, request):
        """Bind the filters and read `format`; report every bad parameter at once."""
        filterset = self.filterset_class(request.GET, queryset=self.base_queryset(), request=request)
        query = check_query(request, {"filters": lambda request: valid_filters(filterset), "format": requested_format})
        return filterset, query["format"]

    def paginate(self, request, rows, filterset):
        parts = (rows.model._meta.label, filter_state(filterset, "sort"))
        return paginate(request, rows, self.paginate_by, parts, COUNT_LIMIT if filterset.searching() else None)

    @staticmethod
    def query_without(request, *names):
        query = request.GET.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()


def without_empty_parameters(request):
    """The address of this request without its empty parameters, or None when it has none.

    A GET form sends every field, blank or not (`?q=&sort=&province=lao-cai`). The server drops
    them rather than a script in the browser: it works without JavaScript and for addresses typed,
    bookmarked or linked from elsewhere, and it costs one redirect that reads no database.
    """
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    kept = [(name, value) for name, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    query = request.GET.copy()
    query.clear()
    for name, value in kept:
        query.appendlist(name, value)
    return f"{request.path}?{query.urlencode()}" if kept else request.path


def export_response(request, rows, dataset, output, filename):
    """`rows` (of `dataset`, filtered) as a CSV (UTF-8 with BOM) or JSON download of the dataset's
    download columns, streamed.

    Memory stays flat however many rows: they are read EXPORT_CHUNK at a time, without the long
    texts no column reads (Dataset.unread_in_lists), and written out as they come; the page
    cache keeps the whole file only when it is short (pagecache.STREAMED_CACHE_MAX_BYTES).
    Links are absolute (this site's scheme and host). The time of the last data change is the
    answer's Last-Modified and, in JSON, `last_modified`; a CSV has no place for it that every
    CSV reader would skip (a comment line is a data row to most), so it is in the header alone.
    JSON gives `count` after `results`: it is only known once every row has been written.
    """
    site_url = request.build_absolute_uri("/").rstrip("/")
    columns = dataset.download_columns
    records = dataset.list_rows(rows).iterator(chunk_size=EXPORT_CHUNK)
    changed = last_changed()
    if output == "json":
        lines = json_lines(records, columns, site_url, version_label(changed) if changed else None)
        content_type = "application/json; charset=utf-8"
    else:
        lines = csv_lines(records, columns, site_url)
        content_type = "text/csv; charset=utf-8"
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{output}"'
    return mark_last_modified(response, changed)


def csv_lines(records, columns, site_url):
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([column.name for column in columns])  # BOM: Excel then reads UTF-8
    for row in records:
        yield writer.writerow(csv_row(columns, row, site_url))


def json_lines(records, columns, site_url, last_modified):
    """{"last_modified": …, "results": [one record a line], "count": n}, written as it goes."""
    yield '{"last_modified": ' + json.dumps(last_modified) + ', "results": ['
    count = 0
    for row in records:
        yield ("," if count else "") + "\n " + json.dumps(json_record(columns, row, site_url), ensure_ascii=False)
        count += 1
    yield f'\n], "count": {count}}}\n'


def check_query(request, parsers):
    """{name: parse(request)} for every parser; one BadRequest naming every bad parameter at once."""
    values, errors = {}, {}
    for name, parse in parsers.items():
        try:
            values[name] = parse(request)
        except BadRequest as error:
            errors.update(error.errors)
    if errors:
        raise BadRequest(errors)
    return values


def valid_filters(filterset):
    """The bound filterset, or a BadRequest naming each parameter it refused."""
    if not filterset.is_valid():
        raise BadRequest({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset


def requested_format(request):
    """`format` of a detail page: html (default), csv or json; anything else is a 400."""
    output = request.GET.get("format", "html")
    if output not in ("html", *EXPORT_FORMATS):
        raise BadRequest({"format": [_("Định dạng phải là csv hoặc json.")]})
    return output
