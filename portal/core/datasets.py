"""One declaration per dataset: its rows and its columns, from which every output derives.

A dataset (lessons, provinces, ...) is declared once, in its app's `datasets.py`. The list pages'
CSV and JSON downloads, the data package (portal.api.datapackage) and the API's serializers
(portal.api.serializers) are all made from that declaration, so a column added there appears in
every output. Each column says where it belongs:

- RECORD: a field of the record itself; every output.
- DERIVED: counted or copied from a related record for readers' convenience (a province's lesson
  count, a lesson's report title); downloads and the API, not the normalised data package.
- FULL_TEXT: too long for a list (a report's body); the data package and the API's detail only.

Values are rendered here, once per format: CSV writes "" for nothing, true/false, plain decimals
(1562, 12.92), ISO dates and several slugs as "a|b"; JSON writes null, booleans, numbers, ISO
dates and lists. A CSV text cell a spreadsheet would run as a formula (OWASP: one that begins
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; JSON keeps the exact text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RECORD = "record"
DERIVED = "derived"
FULL_TEXT = "full-text"


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


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: Callable  # () -> the public queryset every output reads
    columns: tuple

    def columns_in(self, *scopes):
        return tuple(column for column in self.columns if column.scope in scopes)

    @property
    def download_columns(self):
        return self.columns_in(RECORD, DERIVED)

    @property
    def package_columns(self):
        return self.columns_in(RECORD, FULL_TEXT)

    @property
    def package_names(self):
        return [column.name for column in self.package_columns]


def slug_of(related):
    """The slug of a related record, or None when there is none."""
    return related.slug if related is not None else None


def slugs_of(manager):
    """The slugs of a many-to-many relation (prefetched), sorted."""
    return sorted(obj.slug for obj in manager.all())


def plain_number(value):
    """A Decimal as a JSON number: 1562 (not 1562.00), 12.92."""
    return int(value) if value == value.to_integral() else float(value)


# What makes Excel, LibreOffice or Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(column, value):
    if value is None:
        return ""
    if column.many:
        return "|".join(value)
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


def csv_row(columns, row):
    return [csv_cell(column, column.get(row)) for column in columns]


def json_record(columns, row):
    return {column.name: json_value(column, column.get(row)) for column in columns}
