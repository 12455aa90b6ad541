"""One declaration per dataset: its rows and its columns, from which every output derives.

A dataset (lessons, provinces, ...) is declared once, in its app's `datasets.py`. The list pages'
CSV and JSON downloads, the data package (portal.api.datapackage) and the API's serializers
(portal.api.serializers) are all made from that declaration, so a column added there appears in
every output. Each column says where it belongs:

- RECORD: a field of the record itself; every output.
- DERIVED: counted or copied from a related record for readers' convenience (a province's lesson
  count, a lesson's report title); downloads and the API, not the normalised data package.
- FULL_TEXT: too long for a list (a report's body); the data package and the API's detail only.
- LINK: the record's page (`web_url`) and, for a sourced record, its highlighted passage on the
  report's page (`source_url`), absolute; every file download (the API has its own links).
- READABLE: the names beside slugs (`province_name`, `theme_names`) in the language of the page
  the list was downloaded from; list downloads only.
- READABLE_BOTH: the same names in both languages (`province_name_vi`, `province_name_en`), for
  the data package, which is the same file whatever the reader's language.

Every column carries a one-line `description` and, where it has one, a `unit` (translatable):
the data page (/data/) and the data package's table schemas read them here, once.

Values are rendered here, once per format: CSV writes "" for nothing, true/false, plain decimals
(1562, 12.92), ISO dates and several slugs as "a|b"; JSON writes null, booleans, numbers, ISO
dates and lists. A CSV text cell a spreadsheet would run as a formula (OWASP: one that begins
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; JSON keeps the exact text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

RECORD = "record"
DERIVED = "derived"
FULL_TEXT = "full-text"
LINK = "link"
READABLE = "readable"
READABLE_BOTH = "readable-both"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, date, boolean
    get: Callable  # function of a row -> value (None when absent)
    required: bool = False
    scope: str = RECORD
    many: bool = False  # the value is a list of slugs
    references: str | None = None  # the dataset whose slug this column holds
    choices: type | None = None  # the TextChoices class of a choice field
    description: str = ""  # one line: what the value means (translatable)
    unit: str = ""  # what the number counts, when it counts something (translatable)
    link: bool = False  # the value is a path on the portal, written as an absolute URL


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: Callable  # () -> the public queryset every output reads
    columns: tuple
    # Long texts that neither a list page nor a download reads (a report's full text, the search
    # columns), left out of their queries: a 1,000-lesson export carried 1,000 copies of its
    # reports' bodies, and each list page 25.
    unread_in_lists: tuple = ()

    def list_rows(self, rows):
        """`rows` (this dataset's, filtered) without the fields lists and downloads never read."""
        return rows.defer(*self.unread_in_lists) if self.unread_in_lists else rows

    def columns_in(self, *scopes):
        return tuple(column for column in self.columns if column.scope in scopes)

    @property
    def download_columns(self):
        return self.columns_in(RECORD, DERIVED, LINK, READABLE)

    @property
    def package_columns(self):
        return self.columns_in(RECORD, FULL_TEXT, LINK, READABLE_BOTH)

    @property
    def package_names(self):
        return [column.name for column in self.package_columns]


def link_columns(sourced=False):
    """`web_url` and, for a record quoting a report, `source_url`."""
    columns = [
        Column(
            "web_url",
            "string",
            lambda r: r.get_absolute_url(),
            True,
            scope=LINK,
            link=True,
            description=_("Trang của bản ghi trên cổng."),
        )
    ]
    if sourced:
        columns.append(
            Column(
                "source_url",
                "string",
                lambda r: r.get_source_url(),
                True,
                scope=LINK,
                link=True,
                description=_("Đoạn trích được tô sáng trong toàn văn báo cáo nguồn, trên trang của báo cáo."),
            )
        )
    return tuple(columns)


def in_language(code, get):
    """`get` read with `code` active (a record's localized_name is in the active language)."""

    def read(row):
        with translation.override(code):
            return get(row)

    return read


def name_columns(prefix, get, description, required=False, many=False):
    """The name(s) of what a slug column names: `<prefix>` in the page's language (list
    downloads) and `<prefix>_vi`, `<prefix>_en` (the data package). `get(row)` reads the
    localized name(s) under the active language."""
    return (
        Column(
            prefix,
            "string",
            get,
            required,
            scope=READABLE,
            many=many,
            description=format_lazy("{} ({}).", description, _("ngôn ngữ của trang")),
        ),
        *(
            Column(
                f"{prefix}_{code}",
                "string",
                in_language(code, get),
                required,
                scope=READABLE_BOTH,
                many=many,
                description=format_lazy("{} ({}).", description, language),
            )
            for code, language in (("vi", _("tiếng Việt")), ("en", _("tiếng Anh")))
        ),
    )


def slug_of(related):
    """The slug of a related record, or None when there is none."""
    return related.slug if related is not None else None


def slugs_of(manager):
    """The slugs of a many-to-many relation (prefetched), sorted."""
    return sorted(obj.slug for obj in manager.all())


def names_of(manager):
    """The names (in the active language) of a many-to-many relation, in the order of slugs_of()."""
    return [obj.localized_name for obj in sorted(manager.all(), key=lambda obj: obj.slug)]


def plain_number(value):
    """A Decimal as a JSON number: 1562 (not 1562.00), 12.92."""
    return int(value) if value == value.to_integral() else float(value)


# What makes Excel, LibreOffice or Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(column, value):
    if value is None:
        return ""
    if column.many:
        value = "|".join(value)  # names may be anything an editor typed: checked below
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_value(column, value):
    if value is None:
        return None
    if column.many:
        return list(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def value_of(column, row, site_url):
    value = column.get(row)
    return site_url + value if column.link and value else value


def csv_row(columns, row, site_url=""):
    """The row's CSV cells; `site_url` ("https://host") makes the link columns absolute."""
    return [csv_cell(column, value_of(column, row, site_url)) for column in columns]


def json_record(columns, row, site_url=""):
    return {column.name: json_value(column, value_of(column, row, site_url)) for column in columns}
