"""The whole dataset as a Frictionless Data Package, generated from the database.

`build_zip()` returns datapackage.json (one table schema per resource) plus one UTF-8 CSV per
dataset and annotations.jsonld (every record's source as a Web Annotation: portal/api/annotations.py);
`build_json()` the same rows (and annotations) as one JSON document. The resources, their columns
and their values come from the datasets' declarations (portal.core.datasets): the package holds
each dataset's record and full-text columns, normalised (relations as slugs, no derived counts),
with every record's links (`web_url`, `source_url`: the canonical Vietnamese pages) and the names
beside slugs in both languages (`province_name_vi`, `province_name_en`): the package is the same
file whatever the reader's language. Each field's description and unit come from its column
declaration, as on /data/: `description` and `unit` in Vietnamese, `description_en` and
`unit_en` in English. The package's `version` and `last_modified` are the time of the last data
change (portal/core/freshness.py), also the downloads' HTTP Last-Modified.
"""

import csv
import io
import json
import zipfile

from django.utils import timezone, translation

from lessons.datasets import INITIATIVES, LESSONS, THEMES
from portal.core import dataset_meta
from portal.core.datasets import csv_row, json_record
from portal.core.freshness import last_changed, version_label
from portal.core.site import portal_name
from provinces.datasets import INDICATORS, LOCALITIES, METRICS, PROVINCES, REPORTS

from . import annotations

NAME = dataset_meta.NAME
TITLE = dataset_meta.TITLE["vi"]
LICENSE = dataset_meta.LICENSE
LICENSE_NOTE = (
    "The curated data (structure, titles, summaries, themes, figures) is published under CC BY 4.0. "
    "Each excerpt is a short verbatim quotation of the cited source report, which keeps its own rights."
)


# In dependency order: a resource comes after those its foreign keys point at.
DATASETS = (THEMES, PROVINCES, LOCALITIES, REPORTS, INDICATORS, METRICS, LESSONS, INITIATIVES)


def citation(site_url):
    with translation.override("vi"):  # the portal's own name, as the package's title is Vietnamese
        name = portal_name()
    return (
        f"{name} ({timezone.localdate().year}). {TITLE} "
        f"[Data package]. {site_url}/data/ (accessed {timezone.localdate().isoformat()})."
    )


def descriptor(site_url):
    """datapackage.json: metadata and one table schema per resource."""
    resources = []
    for dataset in DATASETS:
        columns = dataset.package_columns
        resources.append(
            {
                "name": dataset.name,
                "path": f"{dataset.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [field_schema(column) for column in columns],
                    "primaryKey": ["slug"],
                    "foreignKeys": [
                        {"fields": [column.name], "reference": {"resource": column.references, "fields": ["slug"]}}
                        for column in columns
                        if column.references and not column.many
                    ],
                    "missingValues": [""],
                },
            }
        )
    return {
        # "data-package": the tables are tabular resources, the annotations a JSON-LD document.
        "profile": "data-package",
        "name": NAME,
        "title": TITLE,
        "description": dataset_meta.DESCRIPTION["en"] + " " + LICENSE_NOTE,
        "homepage": f"{site_url}/data/",
        **last_change_properties(),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENSE],
        "citation": citation(site_url),
        "resources": [*resources, annotations.RESOURCE],
    }


def build_zip(site_url):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(site_url), ensure_ascii=False, indent=2))
        for dataset in DATASETS:
            columns = dataset.package_columns
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow([column.name for column in columns])
            writer.writerows(csv_row(columns, row, site_url) for row in package_rows(dataset))
            archive.writestr(f"{dataset.name}.csv", text.getvalue().encode("utf-8"))
        archive.writestr(annotations.RESOURCE["path"], annotations.collection_document(site_url))
    return buffer.getvalue()


def build_json(site_url):
    meta = descriptor(site_url)
    keys = ("name", "title", "description", "version", "last_modified", "licenses", "citation")
    data = {key: meta[key] for key in keys if key in meta}
    for dataset in DATASETS:
        data[dataset.name] = [json_record(dataset.package_columns, row, site_url) for row in package_rows(dataset)]
    data["annotations"] = annotations.collection(site_url)
    return json.dumps(data, ensure_ascii=False, indent=1)


def last_change_properties():
    """`version` and `last_modified`: the time of the last data change (absent if not known)."""
    changed = last_changed()
    if changed is None:
        return {}
    return {"version": version_label(changed), "last_modified": changed.isoformat()}


def package_rows(dataset):
    return dataset.rows().order_by("position" if dataset is THEMES else "slug")


def described(column):
    """A field's description and unit in Vietnamese, then in English (the same declaration as /data/)."""
    properties = {}
    for suffix, code in (("", "vi"), ("_en", "en")):
        with translation.override(code):
            if column.description:
                properties[f"description{suffix}"] = str(column.description)
            if column.unit:
                properties[f"unit{suffix}"] = str(column.unit)
    return properties


def field_schema(column):
    """A Frictionless field descriptor; several slugs in one cell are a "|"-separated string."""
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.choices is not None and not column.many:
        constraints["enum"] = list(column.choices.values)
    return {
        "name": column.name,
        "type": column.type,
        **({"format": "uri"} if column.link else {}),
        **described(column),
        **({"constraints": constraints} if constraints else {}),
    }
