"""schema.org JSON-LD for the pages, so that dataset search engines and harvesters find the data.

- home and /data/: the Dataset (names, licence, creator, temporal and spatial coverage, its
  downloads as DataDownload), from portal.core.dataset_meta like the DCAT catalogue, with the same
  identifier (…/data/#dataset);
- a report page: a Report with its publisher, authors and date. The date keeps its precision
  (2023-09-30, 2023-09 or 2023, all ISO 8601); a date inferred from the text is not a publication
  date, so it is given as the report's temporalCoverage ("as of"), never as datePublished;
- a lesson's or initiative's page: a CreativeWork based on its report, with its province and
  themes; an indicator's page: a Dataset of its figures. The record's exact source passage is
  the page's second block, its Web Annotation (portal.core.annotations).

Values are in the page's language (the English site gives English names where they exist).
Each builder takes what the page already loaded and a function making a path absolute: no query.
"""

from django.urls import reverse
from django.utils import translation

from portal.core import dataset_meta
from portal.core.site import portal_name

SCHEMA = "https://schema.org"


def language():
    return "en" if translation.get_language() == "en" else "vi"


def organization(absolute):
    with translation.override("vi"):
        return {"@type": "Organization", "name": portal_name(), "url": absolute("/")}


def dataset_id(absolute):
    with translation.override("vi"):
        return absolute(reverse("data")) + "#dataset"


def dataset(absolute, years, modified):
    """The whole dataset; `years` is (first, last) or None, `modified` the last data change."""
    lang = language()
    node = {
        "@context": SCHEMA,
        "@type": "Dataset",
        "@id": dataset_id(absolute),
        "name": dataset_meta.TITLE[lang],
        "description": dataset_meta.DESCRIPTION[lang],
        "url": absolute(reverse("data")),
        "identifier": dataset_meta.NAME,
        "license": dataset_meta.LICENSE["path"],
        "isAccessibleForFree": True,
        "inLanguage": ["vi", "en"],
        "keywords": list(dataset_meta.KEYWORDS[lang]),
        "creator": organization(absolute),
        "publisher": organization(absolute),
        **({"dateModified": modified.replace(microsecond=0).isoformat()} if modified else {}),
        "spatialCoverage": {
            "@type": "Place",
            "name": dataset_meta.SPATIAL["name"][lang],
            "sameAs": dataset_meta.SPATIAL["geonames"],
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": distribution.title[lang],
                "contentUrl": absolute(distribution.path()),
                "encodingFormat": distribution.media_type,
            }
            for distribution in dataset_meta.DISTRIBUTIONS
        ],
    }
    if years is not None:
        node["temporalCoverage"] = f"{years[0]}/{years[1]}" if years[0] != years[1] else str(years[0])
    return node


def report(report, absolute):
    node = {
        "@context": SCHEMA,
        "@type": "Report",
        "@id": absolute(report.get_absolute_url()),
        "url": absolute(report.get_absolute_url()),
        "headline": report.title,
        "name": report.localized_title,
        "inLanguage": report.language,
        "isPartOf": {"@id": dataset_id(absolute)},
        "spatialCoverage": [{"@type": "AdministrativeArea", "name": p.localized_name} for p in report.provinces.all()],
    }
    if report.url:
        node["sameAs"] = report.url
    if report.publisher:
        node["publisher"] = {"@type": "Organization", "name": report.publisher}
    authors = [name.strip() for name in report.byline_normalised.split(";") if name.strip()]
    if authors:
        node["author"] = [{"@type": "Person", "name": name} for name in authors]
    if report.published_on is not None:
        day = report.date_iso
        node["temporalCoverage" if report.date_inferred else "datePublished"] = day
    return node


def sourced_record(record, absolute):
    """A lesson or an initiative: a work of the portal's curators, based on its report."""
    source = record.report
    node = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "@id": absolute(record.get_absolute_url()),
        "url": absolute(record.get_absolute_url()),
        "name": record.localized_label,
        "inLanguage": language(),
        "isPartOf": {"@id": dataset_id(absolute)},
        "isBasedOn": {"@type": "Report", "@id": absolute(source.get_absolute_url()), "name": source.title},
        "citation": absolute(record.get_source_url()),
        "spatialCoverage": {"@type": "AdministrativeArea", "name": record.province.localized_name},
        "about": [{"@type": "DefinedTerm", "name": theme.localized_name} for theme in record.themes.all()],
        "license": dataset_meta.LICENSE["path"],
        "creator": organization(absolute),
    }
    if getattr(record, "summary_en", "") and language() == "en":
        node["abstract"] = record.summary_en
    return node


def indicator(indicator, absolute):
    """One indicator across provinces: a Dataset of its figures, with its CSV."""
    page = absolute(indicator.get_absolute_url())
    return {
        "@context": SCHEMA,
        "@type": "Dataset",
        "@id": page,
        "url": page,
        "name": indicator.localized_name,
        "description": indicator.localized_description or indicator.localized_name,
        "isPartOf": {"@id": dataset_id(absolute)},
        "license": dataset_meta.LICENSE["path"],
        "creator": organization(absolute),
        "variableMeasured": {
            "@type": "PropertyValue",
            "name": indicator.localized_name,
            "unitText": indicator.get_unit_display(),
        },
        "distribution": {"@type": "DataDownload", "contentUrl": page + "?format=csv", "encodingFormat": "text/csv"},
    }
