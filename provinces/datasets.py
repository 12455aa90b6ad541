"""The columns of the provinces app's datasets: declared once, for downloads, data package and API.

See portal.core.datasets for what the scopes mean and how values are written.
"""

from portal.core.datasets import DERIVED, FULL_TEXT, Column, Dataset, slug_of, slugs_of

from .models import Indicator, Locality, Metric, Province, Report

# Where a sourced record (metric, lesson, initiative) comes from; the report's title, publisher
# and date ride along in downloads so that a spreadsheet row can be cited on its own.
SOURCE_COLUMNS = (
    Column("report", "string", lambda r: r.report.slug, True, references="reports"),
    Column("report_title", "string", lambda r: r.report.title, True, scope=DERIVED),
    Column("report_publisher", "string", lambda r: r.report.publisher, scope=DERIVED),
    Column("report_published_on", "date", lambda r: r.report.published_on, scope=DERIVED),
    # 2022-01-01 with precision "year" is "2022"; inferred dates are not stated by the report itself.
    # (Its values are the reports' date_precision choices, declared there once.)
    Column("report_date_precision", "string", lambda r: r.report.date_precision, scope=DERIVED),
    Column("report_date_inferred", "boolean", lambda r: r.report.date_inferred, scope=DERIVED),
    Column("excerpt", "string", lambda r: r.excerpt, True),
    # Where the excerpt starts in the report's body (0-based, in characters): the passage itself.
    Column("excerpt_start", "integer", lambda r: r.excerpt_start),
)

PROVINCES = Dataset(
    "provinces",
    lambda: Province.objects.public().with_counts(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("name", "string", lambda r: r.name, True),
        Column("name_en", "string", lambda r: r.name_en, True),
        Column("gso_code", "string", lambda r: r.gso_code, True),  # before 1 July 2025
        Column("code_2025", "string", lambda r: r.code_2025),  # today's code; empty for a merged province
        Column("region", "string", lambda r: r.region, True, choices=Province.Region),
        Column("successor", "string", lambda r: slug_of(r.successor), references="provinces"),
        Column(
            "current_province",
            "string",
            lambda r: r.current_province.slug,
            True,
            scope=DERIVED,
            references="provinces",
        ),
        Column("merged_on", "date", lambda r: r.merged_on),
        Column("merger_source", "string", lambda r: r.merger_source),
        Column("lesson_count", "integer", lambda r: r.lesson_count, True, scope=DERIVED),
        Column("initiative_count", "integer", lambda r: r.initiative_count, True, scope=DERIVED),
        Column("metric_count", "integer", lambda r: r.metric_count, True, scope=DERIVED),
        Column("report_count", "integer", lambda r: r.report_count, True, scope=DERIVED),
    ),
)

LOCALITIES = Dataset(
    "localities",
    lambda: Locality.objects.public(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("name", "string", lambda r: r.name, True),
        Column("name_en", "string", lambda r: r.name_en, True),
        Column("level", "string", lambda r: r.level, True, choices=Locality.Level),
        Column("province", "string", lambda r: r.province.slug, True, references="provinces"),
        Column("parent", "string", lambda r: slug_of(r.parent), references="localities"),
        Column("abolished_on", "date", lambda r: r.abolished_on),
        Column("unit_2025_code", "string", lambda r: r.unit_2025_code),
        Column("unit_2025_name", "string", lambda r: r.unit_2025.name if r.unit_2025 else "", scope=DERIVED),
    ),
)

REPORTS = Dataset(
    "reports",
    lambda: Report.objects.public().with_counts(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("title", "string", lambda r: r.title, True),
        Column("title_en", "string", lambda r: r.title_en, True),
        Column("title_from_source", "boolean", lambda r: r.title_from_source, True),
        Column("series_part", "string", lambda r: r.series_part),
        Column("publisher", "string", lambda r: r.publisher),
        Column("byline", "string", lambda r: r.byline),
        Column("byline_normalised", "string", lambda r: r.byline_normalised),
        Column("original_author", "string", lambda r: r.original_author),
        Column("original_outlet", "string", lambda r: r.original_outlet),
        Column("published_on", "date", lambda r: r.published_on),
        Column("date_precision", "string", lambda r: r.date_precision, True, choices=Report.DatePrecision),
        Column("date_inferred", "boolean", lambda r: r.date_inferred, True),
        Column("date_evidence", "string", lambda r: r.date_evidence),
        Column("url", "string", lambda r: r.url),
        Column("language", "string", lambda r: r.language, True),
        Column("provinces", "string", lambda r: slugs_of(r.provinces), True, many=True),
        Column("source_file", "string", lambda r: r.source_file, True),
        Column("lesson_count", "integer", lambda r: r.lesson_count, True, scope=DERIVED),
        Column("initiative_count", "integer", lambda r: r.initiative_count, True, scope=DERIVED),
        Column("metric_count", "integer", lambda r: r.metric_count, True, scope=DERIVED),
        Column("body", "string", lambda r: r.body, True, scope=FULL_TEXT),
    ),
)

INDICATORS = Dataset(
    "indicators",
    lambda: Indicator.objects.public().with_counts(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("name", "string", lambda r: r.name, True),
        Column("name_en", "string", lambda r: r.name_en, True),
        Column("unit", "string", lambda r: r.unit, True, choices=Indicator.Unit),
        Column("description", "string", lambda r: r.description),
        Column("description_en", "string", lambda r: r.description_en),
        Column("metric_count", "integer", lambda r: r.metric_count, True, scope=DERIVED),
        Column("province_count", "integer", lambda r: r.province_count, True, scope=DERIVED),
    ),
)

METRICS = Dataset(
    "metrics",
    lambda: Metric.objects.public(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("indicator", "string", lambda r: r.indicator.slug, True, references="indicators"),
        Column("indicator_name", "string", lambda r: r.indicator.name, True, scope=DERIVED),
        Column("unit", "string", lambda r: r.indicator.unit, True, scope=DERIVED, choices=Indicator.Unit),
        Column("province", "string", lambda r: r.province.slug, True, references="provinces"),
        Column("locality", "string", lambda r: slug_of(r.locality), references="localities"),
        Column("raw", "string", lambda r: r.raw),  # the figure as the article writes it: "1.562", "12,92%"
        Column("value", "number", lambda r: r.value, True),
        Column("denominator", "number", lambda r: r.denominator),
        Column("kind", "string", lambda r: r.kind, True, choices=Metric.Kind),
        Column("qualifier", "string", lambda r: r.qualifier, True, choices=Metric.Qualifier),
        Column("period_year", "integer", lambda r: r.period_year),
        Column("period_month", "integer", lambda r: r.period_month),
        Column("period_note", "string", lambda r: r.period_note),
        Column("period_note_en", "string", lambda r: r.period_note_en),
        *SOURCE_COLUMNS,
    ),
)
