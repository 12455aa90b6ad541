"""Write the database back to fixtures/, in the format the loader reads (fixtures/README.md).

After the first load the database is where editors work; fixtures/ is its reviewable export.
The output is canonical, so that `git diff` shows exactly what editors changed and a load
followed by an export changes no byte:
- JSON with two-space indentation, UTF-8 as written ("Đ", not "\\u0110"), a final newline;
- every key of a record, in the order of fixtures/README.md, optional ones only when set
  (a province's merger, a locality's parent);
- records in a stable order: themes by position, provinces and localities by slug, reports by
  source file, and a report's lessons, initiatives, metrics and notes in the order they were
  added (the curator's reading order); many-to-many slugs sorted (themes by position).

Only published reports and records are exported: the fixtures hold reviewed data, which the
loader publishes; drafts stay in the database until an editor publishes them.
"""

import hashlib
import json
from pathlib import Path

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Locality, Metric, Province, Report


def as_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def themes_file():
    return {
        "themes": [
            {
                "slug": theme.slug,
                "position": theme.position,
                "group": theme.group,
                "name": theme.name,
                "name_en": theme.name_en,
                "description": theme.description,
                "description_en": theme.description_en,
            }
            for theme in Theme.objects.order_by("position")
        ]
    }


def provinces_file():
    items = []
    for province in Province.objects.select_related("successor").order_by("slug"):
        item = {
            "slug": province.slug,
            "name": province.name,
            "name_en": province.name_en,
            "gso_code": province.gso_code,
            "region": province.region,
        }
        if province.code_2025:
            item["code_2025"] = province.code_2025
        if province.successor_id:
            item |= {
                "successor": province.successor.slug,
                "merged_on": province.merged_on.isoformat(),
                "merger_source": province.merger_source,
            }
        items.append(item)
    return {"provinces": items}


def localities_file():
    items = []
    for locality in Locality.objects.select_related("province", "parent").order_by("province__slug", "slug"):
        item = {
            "province": locality.province.slug,
            "slug": locality.slug,
            "name": locality.name,
            "name_en": locality.name_en,
            "level": locality.level,
        }
        if locality.parent_id:
            item["parent"] = locality.parent.slug
        if locality.abolished_on:
            item["abolished_on"] = locality.abolished_on.isoformat()
        if locality.unit_2025_code:
            item["unit_2025_code"] = locality.unit_2025_code
        items.append(item)
    return {"localities": items}


def published_reports():
    return Report.objects.public().order_by("source_file", "slug")


def article_file(report):
    return f"{report.slug}.txt"


def manifest_file(reports):
    return {
        "reports": [
            {
                "slug": report.slug,
                "file": article_file(report),
                "source_file": report.source_file,
                "sha256": hashlib.sha256(report.body.encode("utf-8")).hexdigest(),
                "title": report.title,
                "title_en": report.title_en,
                "title_from_source": report.title_from_source,
                "series_part": report.series_part,
                "publisher": report.publisher,
                "byline": report.byline,
                "byline_normalised": report.byline_normalised,
                "original_author": report.original_author,
                "original_outlet": report.original_outlet,
                "published_on": report.published_on.isoformat() if report.published_on else None,
                "date_precision": report.date_precision,
                "date_inferred": report.date_inferred,
                "date_evidence": report.date_evidence,
                "url": report.url,
                "language": report.language,
                "provinces": sorted(province.slug for province in report.provinces.all()),
            }
            for report in reports
        ]
    }


def theme_slugs(record):
    return [theme.slug for theme in sorted(record.themes.all(), key=lambda theme: theme.position)]


def slug_or_none(related):
    return related.slug if related is not None else None


def curated_file(report):
    """fixtures/curated/<report>.json: the report's published records and the curators' notes."""
    # What the public sees is what the fixtures hold: the one public queryset of each model.
    lessons = Lesson.objects.public().filter(report=report)
    initiatives = Initiative.objects.public().filter(report=report)
    metrics = list(Metric.objects.public().filter(report=report).order_by("pk"))
    indicators = list({metric.indicator.slug: metric.indicator for metric in metrics}.values())  # first use first
    return {
        "report": report.slug,
        "indicators": [
            {
                "slug": indicator.slug,
                "name": indicator.name,
                "name_en": indicator.name_en,
                "unit": indicator.unit,
                "description": indicator.description,
                "description_en": indicator.description_en,
            }
            for indicator in indicators
        ],
        "lessons": [
            {
                "slug": lesson.slug,
                "province": lesson.province.slug,
                "locality": slug_or_none(lesson.locality),
                "subject": lesson.subject,
                "subject_en": lesson.subject_en,
                "kind": lesson.kind,
                "ordinal": lesson.ordinal,
                "themes": theme_slugs(lesson),
                "title": lesson.title,
                "title_en": lesson.title_en,
                "summary_en": lesson.summary_en,
                "excerpt": lesson.excerpt,
            }
            for lesson in lessons.order_by("pk")
        ],
        "initiatives": [
            {
                "slug": initiative.slug,
                "name": initiative.name,
                "name_en": initiative.name_en,
                "province": initiative.province.slug,
                "locality": slug_or_none(initiative.locality),
                "level": initiative.level,
                "role": initiative.role,
                "themes": theme_slugs(initiative),
                "start_year": initiative.start_year,
                "summary_en": initiative.summary_en,
                "excerpt": initiative.excerpt,
            }
            for initiative in initiatives.order_by("pk")
        ],
        "metrics": [
            {
                "slug": metric.slug,
                "indicator": metric.indicator.slug,
                "province": metric.province.slug,
                "locality": slug_or_none(metric.locality),
                "raw": metric.raw or metric.display_value("vi"),
                "kind": metric.kind,
                "qualifier": metric.qualifier,
                "period_year": metric.period_year,
                "period_month": metric.period_month,
                "period_note": metric.period_note,
                "period_note_en": metric.period_note_en,
                "excerpt": metric.excerpt,
            }
            for metric in metrics
        ],
        "not_captured": [
            {"text": note.text, "reason": note.reason} for note in report.not_captured.order_by("position")
        ],
    }


def export_files():
    """{path relative to fixtures/: bytes} for every file the database defines."""
    reports = list(published_reports())
    files = {
        "reference/themes.json": as_json(themes_file()),
        "reference/provinces.json": as_json(provinces_file()),
        "reference/localities.json": as_json(localities_file()),
        "articles/manifest.json": as_json(manifest_file(reports)),
    }
    for report in reports:
        files[f"articles/{article_file(report)}"] = report.body
        files[f"curated/{report.slug}.json"] = as_json(curated_file(report))
    return {path: text.encode("utf-8") for path, text in files.items()}


def differences(root, files):
    """(paths whose bytes would change, curated files and articles no report has any more)."""
    root = Path(root)
    changed = [path for path, content in sorted(files.items()) if read_or_none(root / path) != content]
    stale = [
        f"{folder}/{target.name}"
        for folder, pattern in (("curated", "*.json"), ("articles", "*.txt"))
        for target in sorted((root / folder).glob(pattern))
        if f"{folder}/{target.name}" not in files
    ]
    return changed, stale


def read_or_none(path):
    return path.read_bytes() if path.is_file() else None


def write_export(root, files):
    """Write the changed files under `root` and remove the stale ones; returns (changed, removed)."""
    root = Path(root)
    changed, stale = differences(root, files)
    for path in changed:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(files[path])
    for path in stale:
        (root / path).unlink()
    return changed, stale
