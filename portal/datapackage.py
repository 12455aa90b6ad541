"""The whole dataset as a Frictionless Data Package, generated from the database.

`build_zip()` returns datapackage.json (one table schema per resource) plus one UTF-8 CSV per
model; `build_json()` the same rows as one JSON document. `load_package()` reads such a zip back
into an empty database, which is how the package is tested to be complete.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Locality, Metric, Province, Report

NAME = "cds-tinh-portal-data"
TITLE = "CĐS tỉnh – bài học, sáng kiến và số liệu chuyển đổi số cấp tỉnh"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
LICENSE_NOTE = (
    "The curated data (structure, titles, summaries, themes, figures) is published under CC BY 4.0. "
    "Each excerpt is a short verbatim quotation of the cited source report, which keeps its own rights."
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, date, boolean
    get: object  # function of a row
    required: bool = False


def slug(related):
    return related.slug if related else None


def slugs(manager):
    return "|".join(sorted(obj.slug for obj in manager.all()))


SOURCE = [
    Column("report", "string", lambda r: r.report.slug, True),
    Column("excerpt", "string", lambda r: r.excerpt, True),
]

RESOURCES = {
    "themes": (
        lambda: Theme.objects.order_by("position"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("name", "string", lambda r: r.name, True),
            Column("name_en", "string", lambda r: r.name_en, True),
            Column("group", "string", lambda r: r.group, True),
            Column("position", "integer", lambda r: r.position, True),
            Column("description", "string", lambda r: r.description),
            Column("description_en", "string", lambda r: r.description_en),
        ],
        {},
    ),
    "provinces": (
        lambda: Province.objects.select_related("successor").order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("name", "string", lambda r: r.name, True),
            Column("name_en", "string", lambda r: r.name_en, True),
            Column("gso_code", "string", lambda r: r.gso_code, True),
            Column("region", "string", lambda r: r.region, True),
            Column("successor", "string", lambda r: slug(r.successor)),
            Column("merged_on", "date", lambda r: r.merged_on),
            Column("merger_source", "string", lambda r: r.merger_source),
        ],
        {"successor": "provinces"},
    ),
    "localities": (
        lambda: Locality.objects.select_related("province", "parent").order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("province", "string", lambda r: r.province.slug, True),
            Column("name", "string", lambda r: r.name, True),
            Column("name_en", "string", lambda r: r.name_en, True),
            Column("level", "string", lambda r: r.level, True),
            Column("parent", "string", lambda r: slug(r.parent)),
        ],
        {"province": "provinces", "parent": "localities"},
    ),
    "reports": (
        lambda: Report.objects.prefetch_related("provinces").order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("title", "string", lambda r: r.title, True),
            Column("title_en", "string", lambda r: r.title_en, True),
            Column("title_from_source", "boolean", lambda r: r.title_from_source, True),
            Column("publisher", "string", lambda r: r.publisher),
            Column("byline", "string", lambda r: r.byline),
            Column("published_on", "date", lambda r: r.published_on),
            Column("url", "string", lambda r: r.url),
            Column("language", "string", lambda r: r.language, True),
            Column("provinces", "string", lambda r: slugs(r.provinces), True),
            Column("source_file", "string", lambda r: r.source_file, True),
            Column("body", "string", lambda r: r.body, True),
        ],
        {},
    ),
    "indicators": (
        lambda: Indicator.objects.order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("name", "string", lambda r: r.name, True),
            Column("name_en", "string", lambda r: r.name_en, True),
            Column("unit", "string", lambda r: r.unit, True),
            Column("description", "string", lambda r: r.description),
            Column("description_en", "string", lambda r: r.description_en),
        ],
        {},
    ),
    "metrics": (
        lambda: Metric.objects.select_related("indicator", "province", "locality", "report").order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("indicator", "string", lambda r: r.indicator.slug, True),
            Column("province", "string", lambda r: r.province.slug, True),
            Column("locality", "string", lambda r: slug(r.locality)),
            Column("value", "number", lambda r: r.value, True),
            Column("denominator", "number", lambda r: r.denominator),
            Column("qualifier", "string", lambda r: r.qualifier, True),
            Column("period_year", "integer", lambda r: r.period_year),
            Column("period_month", "integer", lambda r: r.period_month),
            *SOURCE,
        ],
        {"indicator": "indicators", "province": "provinces", "locality": "localities", "report": "reports"},
    ),
    "lessons": (
        lambda: Lesson.objects.for_list().order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("province", "string", lambda r: r.province.slug, True),
            Column("locality", "string", lambda r: slug(r.locality)),
            Column("subject", "string", lambda r: r.subject, True),
            Column("subject_en", "string", lambda r: r.subject_en, True),
            Column("kind", "string", lambda r: r.kind, True),
            Column("ordinal", "integer", lambda r: r.ordinal),
            Column("themes", "string", lambda r: slugs(r.themes), True),
            Column("title", "string", lambda r: r.title, True),
            Column("title_en", "string", lambda r: r.title_en, True),
            Column("summary_en", "string", lambda r: r.summary_en, True),
            *SOURCE,
        ],
        {"province": "provinces", "locality": "localities", "report": "reports"},
    ),
    "initiatives": (
        lambda: Initiative.objects.for_list().order_by("slug"),
        [
            Column("slug", "string", lambda r: r.slug, True),
            Column("name", "string", lambda r: r.name, True),
            Column("name_en", "string", lambda r: r.name_en, True),
            Column("province", "string", lambda r: r.province.slug, True),
            Column("locality", "string", lambda r: slug(r.locality)),
            Column("level", "string", lambda r: r.level, True),
            Column("themes", "string", lambda r: slugs(r.themes), True),
            Column("start_year", "integer", lambda r: r.start_year),
            Column("summary_en", "string", lambda r: r.summary_en, True),
            *SOURCE,
        ],
        {"province": "provinces", "locality": "localities", "report": "reports"},
    ),
}


def citation(site_url):
    return (
        f"CĐS tỉnh – Cổng bài học chuyển đổi số cấp tỉnh ({timezone.localdate().year}). {TITLE} "
        f"[Data package]. {site_url}/data/ (accessed {timezone.localdate().isoformat()})."
    )


def descriptor(site_url):
    """datapackage.json: metadata and one table schema per resource."""
    resources = []
    for name, (_, columns, foreign_keys) in RESOURCES.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, **({"constraints": {"required": True}} if c.required else {})}
                        for c in columns
                    ],
                    "primaryKey": ["slug"],
                    "foreignKeys": [
                        {"fields": [field], "reference": {"resource": target, "fields": ["slug"]}}
                        for field, target in foreign_keys.items()
                    ],
                    "missingValues": [""],
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": (
            "Lessons, initiatives and metrics of Vietnamese provinces' digital transformation, each with "
            "the verbatim excerpt of the source report it comes from. " + LICENSE_NOTE
        ),
        "homepage": f"{site_url}/data/",
        "version": timezone.localdate().isoformat(),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENSE],
        "citation": citation(site_url),
        "resources": resources,
    }


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows(name):
    queryset, columns, _ = RESOURCES[name]
    for obj in queryset():
        yield [column.get(obj) for column in columns]


def build_zip(site_url):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(site_url), ensure_ascii=False, indent=2))
        for name, (_, columns, _) in RESOURCES.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow([column.name for column in columns])
            writer.writerows([cell(value) for value in row] for row in rows(name))
            archive.writestr(f"{name}.csv", text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def build_json(site_url):
    meta = descriptor(site_url)
    data = {key: meta[key] for key in ("name", "title", "description", "version", "licenses", "citation")}
    for name, (_, columns, _) in RESOURCES.items():
        data[name] = [
            {column.name: (float(v) if isinstance(v, Decimal) else cell(v) if isinstance(v, date) else v)
             for column, v in zip(columns, row, strict=True)}
            for row in rows(name)
        ]  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1)


@transaction.atomic
def load_package(zip_bytes):
    """Recreate every row of a package in an empty database; returns {resource: row count}."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        tables = {
            name: list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8")))) for name in RESOURCES
        }
    blank = lambda value: value or None  # noqa: E731
    themes = {}
    for r in tables["themes"]:
        themes[r["slug"]] = Theme.objects.create(**{**r, "position": int(r["position"])})
    provinces = {}
    for r in sorted(tables["provinces"], key=lambda r: bool(r["successor"])):
        provinces[r["slug"]] = Province.objects.create(
            slug=r["slug"], name=r["name"], name_en=r["name_en"], gso_code=r["gso_code"], region=r["region"],
            successor=provinces.get(r["successor"]), merged_on=blank(r["merged_on"]), merger_source=r["merger_source"],
        )  # fmt: skip
    localities = {}
    for r in sorted(tables["localities"], key=lambda r: bool(r["parent"])):
        localities[r["slug"]] = Locality.objects.create(
            slug=r["slug"], province=provinces[r["province"]], name=r["name"], name_en=r["name_en"],
            level=r["level"], parent=localities.get(r["parent"]),
        )  # fmt: skip
    reports = {}
    for r in tables["reports"]:
        report = Report.objects.create(
            slug=r["slug"], title=r["title"], title_en=r["title_en"],
            title_from_source=r["title_from_source"] == "true", publisher=r["publisher"], byline=r["byline"],
            published_on=blank(r["published_on"]), url=r["url"], language=r["language"], body=r["body"],
            source_file=r["source_file"],
        )  # fmt: skip
        report.provinces.set(provinces[s] for s in r["provinces"].split("|"))
        reports[r["slug"]] = report
    indicators = {r["slug"]: Indicator.objects.create(**r) for r in tables["indicators"]}
    for r in tables["metrics"]:
        Metric.objects.create(
            slug=r["slug"], indicator=indicators[r["indicator"]], province=provinces[r["province"]],
            locality=localities.get(r["locality"]), value=Decimal(r["value"]),
            denominator=Decimal(r["denominator"]) if r["denominator"] else None, qualifier=r["qualifier"],
            period_year=blank(r["period_year"]), period_month=blank(r["period_month"]),
            report=reports[r["report"]], excerpt=r["excerpt"],
        )  # fmt: skip
    for model, name, fields in (
        (Lesson, "lessons", ("subject", "subject_en", "kind", "title", "title_en", "summary_en", "excerpt")),
        (Initiative, "initiatives", ("name", "name_en", "level", "summary_en", "excerpt")),
    ):
        for r in tables[name]:
            number = "ordinal" if model is Lesson else "start_year"
            obj = model.objects.create(
                slug=r["slug"], province=provinces[r["province"]], locality=localities.get(r["locality"]),
                report=reports[r["report"]], **{f: r[f] for f in fields}, **{number: blank(r[number])},
            )  # fmt: skip
            obj.themes.set(themes[s] for s in r["themes"].split("|"))
    return {name: len(table) for name, table in tables.items()}
