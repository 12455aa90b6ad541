"""The columns of the provinces app's datasets: declared once, for downloads, data package and API.

See portal.core.datasets for what the scopes mean and how values are written. Each column's
description is its one line on /data/ and in the data package's table schema.
"""

from django.utils.translation import gettext_lazy as _

from portal.core.datasets import (
    DERIVED,
    FULL_TEXT,
    Column,
    Dataset,
    link_columns,
    name_columns,
    names_of,
    slug_of,
    slugs_of,
)

from .models import Indicator, Locality, Metric, Province, Report

RECORDS = _("bản ghi")
CHARACTERS = _("ký tự")


def slug_column():
    return Column(
        "slug", "string", lambda r: r.slug, True, description=_("Mã định danh ổn định, dùng trong địa chỉ trang.")
    )


def province_columns():
    """The province a record is located in: its slug, then its name."""
    return (
        Column(
            "province",
            "string",
            lambda r: r.province.slug,
            True,
            references="provinces",
            description=_("Tỉnh (slug) nơi có bản ghi, theo địa giới trước ngày 1/7/2025."),
        ),
        *name_columns("province_name", lambda r: r.province.localized_name, _("Tên tỉnh"), required=True),
    )


def locality_column():
    return Column(
        "locality",
        "string",
        lambda r: slug_of(r.locality),
        references="localities",
        description=_("Huyện, xã, thị xã hay thành phố (slug) nơi có bản ghi; trống khi là cả tỉnh."),
    )


# What the downloads of sourced records never read: the report's full text and search columns
# (they would come with every row through select_related("report")).
REPORT_LONG_TEXTS = ("report__body", "report__date_evidence", "report__search_name", "report__search_text")
# ... and the record's own search columns, for a searchable record (a lesson, an initiative).
SEARCH_COLUMNS = ("search_name", "search_text")

# Where a sourced record (metric, lesson, initiative) comes from; the report's title, publisher
# and date ride along in downloads so that a spreadsheet row can be cited on its own.
SOURCE_COLUMNS = (
    Column(
        "report",
        "string",
        lambda r: r.report.slug,
        True,
        references="reports",
        description=_("Báo cáo nguồn (slug) mà bản ghi được trích ra."),
    ),
    Column(
        "report_title",
        "string",
        lambda r: r.report.title,
        True,
        scope=DERIVED,
        description=_("Tiêu đề báo cáo nguồn."),
    ),
    Column(
        "report_publisher",
        "string",
        lambda r: r.report.publisher,
        scope=DERIVED,
        description=_("Cơ quan đăng báo cáo nguồn; trống khi không rõ."),
    ),
    Column(
        "report_published_on",
        "date",
        lambda r: r.report.published_on,
        scope=DERIVED,
        description=_("Ngày đăng báo cáo nguồn (xem report_date_precision)."),
    ),
    # 2022-01-01 with precision "year" is "2022"; inferred dates are not stated by the report itself.
    # (Its values are the reports' date_precision choices, declared there once.)
    Column(
        "report_date_precision",
        "string",
        lambda r: r.report.date_precision,
        scope=DERIVED,
        description=_("Độ chính xác của ngày đăng: day, month hoặc year (khi đó chỉ năm là đúng)."),
    ),
    Column(
        "report_date_inferred",
        "boolean",
        lambda r: r.report.date_inferred,
        scope=DERIVED,
        description=_("true khi bài không ghi ngày và ngày được suy ra từ nội dung."),
    ),
    Column(
        "excerpt",
        "string",
        lambda r: r.excerpt,
        True,
        description=_("Nguyên văn đoạn của báo cáo nguồn nói lên bản ghi."),
    ),
    # Where the excerpt starts in the report's body (0-based, in characters): the passage itself.
    Column(
        "excerpt_start",
        "integer",
        lambda r: r.excerpt_start,
        description=_("Vị trí bắt đầu của đoạn trích trong toàn văn báo cáo (tính từ 0)."),
        unit=CHARACTERS,
    ),
)


def count_column(name, description):
    return Column(
        name, "integer", lambda r: getattr(r, name), True, scope=DERIVED, description=description, unit=RECORDS
    )


PROVINCES = Dataset(
    "provinces",
    lambda: Province.objects.public().with_counts(),
    (
        slug_column(),
        Column("name", "string", lambda r: r.name, True, description=_("Tên tỉnh (tiếng Việt).")),
        Column("name_en", "string", lambda r: r.name_en, True, description=_("Tên tỉnh (tiếng Anh).")),
        Column(
            "gso_code",
            "string",
            lambda r: r.gso_code,
            True,
            description=_("Mã tỉnh của Tổng cục Thống kê trước ngày 1/7/2025."),
        ),
        Column(
            "code_2025",
            "string",
            lambda r: r.code_2025,
            description=_("Mã tỉnh từ ngày 1/7/2025; trống với tỉnh đã sáp nhập."),
        ),
        Column(
            "region",
            "string",
            lambda r: r.region,
            True,
            choices=Province.Region,
            description=_("Vùng kinh tế – xã hội."),
        ),
        Column(
            "successor",
            "string",
            lambda r: slug_of(r.successor),
            references="provinces",
            description=_("Tỉnh (slug) mà tỉnh này được sáp nhập vào năm 2025; trống nếu không sáp nhập."),
        ),
        Column(
            "current_province",
            "string",
            lambda r: r.current_province.slug,
            True,
            scope=DERIVED,
            references="provinces",
            description=_("Tỉnh (slug) ngày nay có địa bàn của tỉnh này."),
        ),
        Column("merged_on", "date", lambda r: r.merged_on, description=_("Ngày sáp nhập; trống nếu không sáp nhập.")),
        Column(
            "merger_source",
            "string",
            lambda r: r.merger_source,
            description=_("Văn bản quy định việc sáp nhập."),
        ),
        count_column("lesson_count", _("Số bài học công bố của tỉnh.")),
        count_column("initiative_count", _("Số sáng kiến công bố của tỉnh.")),
        count_column("metric_count", _("Số số liệu công bố của tỉnh.")),
        count_column("report_count", _("Số báo cáo nguồn nói về tỉnh.")),
        *link_columns(),
    ),
)

LOCALITIES = Dataset(
    "localities",
    lambda: Locality.objects.public(),
    (
        slug_column(),
        Column("name", "string", lambda r: r.name, True, description=_("Tên địa phương (tiếng Việt).")),
        Column("name_en", "string", lambda r: r.name_en, True, description=_("Tên địa phương (tiếng Anh).")),
        Column(
            "level",
            "string",
            lambda r: r.level,
            True,
            choices=Locality.Level,
            description=_("Cấp: huyện, thị xã, thành phố, xã, phường…"),
        ),
        *province_columns(),
        Column(
            "parent",
            "string",
            lambda r: slug_of(r.parent),
            references="localities",
            description=_("Địa phương cấp trên (slug), ví dụ huyện của một xã."),
        ),
        Column(
            "abolished_on",
            "date",
            lambda r: r.abolished_on,
            description=_("Ngày đơn vị thôi tồn tại (cấp huyện bỏ từ 1/7/2025)."),
        ),
        Column(
            "unit_2025_code",
            "string",
            lambda r: r.unit_2025_code,
            description=_("Mã xã hoặc phường từ ngày 1/7/2025 có địa bàn này."),
        ),
        Column(
            "unit_2025_name",
            "string",
            lambda r: r.unit_2025.name if r.unit_2025 else "",
            scope=DERIVED,
            description=_("Tên xã hoặc phường từ ngày 1/7/2025."),
        ),
        *link_columns(),
    ),
)

REPORTS = Dataset(
    "reports",
    lambda: Report.objects.public().with_counts(),
    (
        slug_column(),
        Column("title", "string", lambda r: r.title, True, description=_("Tiêu đề như bài đăng.")),
        Column("title_en", "string", lambda r: r.title_en, True, description=_("Tiêu đề dịch sang tiếng Anh.")),
        Column(
            "title_from_source",
            "boolean",
            lambda r: r.title_from_source,
            True,
            description=_("false khi bài không có tiêu đề và biên tập viên đặt tiêu đề."),
        ),
        Column("series_part", "string", lambda r: r.series_part, description=_("Phần của loạt bài, như bài ghi.")),
        Column("publisher", "string", lambda r: r.publisher, description=_("Cơ quan đăng bài; trống khi không rõ.")),
        Column("byline", "string", lambda r: r.byline, description=_("Tên tác giả đúng như bài ghi.")),
        Column(
            "byline_normalised",
            "string",
            lambda r: r.byline_normalised,
            description=_("Tên tác giả viết chuẩn để trích dẫn, cách nhau bằng dấu chấm phẩy."),
        ),
        Column(
            "original_author",
            "string",
            lambda r: r.original_author,
            description=_("Tác giả bài gốc, khi bài là bài đăng lại."),
        ),
        Column(
            "original_outlet",
            "string",
            lambda r: r.original_outlet,
            description=_("Báo đăng bài gốc, khi bài là bài đăng lại."),
        ),
        Column(
            "published_on",
            "date",
            lambda r: r.published_on,
            description=_("Ngày đăng (xem date_precision)."),
        ),
        Column(
            "date_precision",
            "string",
            lambda r: r.date_precision,
            True,
            choices=Report.DatePrecision,
            description=_("Độ chính xác của ngày đăng: day, month hoặc year."),
        ),
        Column(
            "date_inferred",
            "boolean",
            lambda r: r.date_inferred,
            True,
            description=_("true khi bài không ghi ngày và ngày được suy ra từ nội dung."),
        ),
        Column(
            "date_evidence",
            "string",
            lambda r: r.date_evidence,
            description=_("Nguyên văn câu trong bài cho biết ngày."),
        ),
        Column("url", "string", lambda r: r.url, description=_("Địa chỉ bài trên trang của nơi đăng, khi biết.")),
        Column("language", "string", lambda r: r.language, True, description=_("Ngôn ngữ của bài (mã ISO 639-1).")),
        Column(
            "provinces",
            "string",
            lambda r: slugs_of(r.provinces),
            True,
            many=True,
            description=_("Các tỉnh (slug) bài nói đến, cách nhau bằng |."),
        ),
        *name_columns("province_names", lambda r: names_of(r.provinces), _("Tên các tỉnh, cùng thứ tự"), True, True),
        Column(
            "source_file",
            "string",
            lambda r: r.source_file,
            True,
            description=_("Tệp chứa nguyên văn bài trong kho dữ liệu của cổng."),
        ),
        count_column("lesson_count", _("Số bài học công bố trích từ bài.")),
        count_column("initiative_count", _("Số sáng kiến công bố trích từ bài.")),
        count_column("metric_count", _("Số số liệu công bố trích từ bài.")),
        Column(
            "body",
            "string",
            lambda r: r.body,
            True,
            scope=FULL_TEXT,
            description=_("Toàn văn bài; mọi đoạn trích là một đoạn nguyên văn của nó."),
            unit=CHARACTERS,
        ),
        *link_columns(),
    ),
)

INDICATORS = Dataset(
    "indicators",
    lambda: Indicator.objects.public().with_counts(),
    (
        slug_column(),
        Column("name", "string", lambda r: r.name, True, description=_("Tên chỉ tiêu (tiếng Việt).")),
        Column("name_en", "string", lambda r: r.name_en, True, description=_("Tên chỉ tiêu (tiếng Anh).")),
        Column(
            "unit",
            "string",
            lambda r: r.unit,
            True,
            choices=Indicator.Unit,
            description=_("Đơn vị của các giá trị: count, percent, rank, ratio hoặc year."),
        ),
        Column("description", "string", lambda r: r.description, description=_("Chỉ tiêu đo gì (tiếng Việt).")),
        Column("description_en", "string", lambda r: r.description_en, description=_("Chỉ tiêu đo gì (tiếng Anh).")),
        count_column("metric_count", _("Số số liệu công bố của chỉ tiêu.")),
        count_column("province_count", _("Số tỉnh có số liệu của chỉ tiêu.")),
        *link_columns(),
    ),
)

METRICS = Dataset(
    "metrics",
    lambda: Metric.objects.public(),
    (
        slug_column(),
        Column(
            "indicator",
            "string",
            lambda r: r.indicator.slug,
            True,
            references="indicators",
            description=_("Chỉ tiêu (slug) mà con số đo."),
        ),
        Column(
            "indicator_name",
            "string",
            lambda r: r.indicator.name,
            True,
            scope=DERIVED,
            description=_("Tên chỉ tiêu (tiếng Việt)."),
        ),
        Column(
            "unit",
            "string",
            lambda r: r.indicator.unit,
            True,
            scope=DERIVED,
            choices=Indicator.Unit,
            description=_("Đơn vị của value, theo chỉ tiêu."),
        ),
        *province_columns(),
        locality_column(),
        # the figure as the article writes it: "1.562", "12,92%"
        Column(
            "raw", "string", lambda r: r.raw, description=_("Con số đúng như bài viết, ví dụ “1.562” hay “12,92%”.")
        ),
        Column(
            "value",
            "number",
            lambda r: r.value,
            True,
            description=_("Giá trị (dấu chấm thập phân)."),
            unit=_("theo cột unit"),
        ),
        Column(
            "denominator",
            "number",
            lambda r: r.denominator,
            description=_("Mẫu số khi bài ghi “a/b”, ví dụ 2.910 trong 1.292/2.910."),
            unit=_("theo cột unit"),
        ),
        Column(
            "kind",
            "string",
            lambda r: r.kind,
            True,
            choices=Metric.Kind,
            description=_("Con số là kết quả đã báo cáo (result), mục tiêu (target) hay nhận định của bài (claim)."),
        ),
        Column(
            "qualifier",
            "string",
            lambda r: r.qualifier,
            True,
            choices=Metric.Qualifier,
            description=_(
                "Con số đúng bằng (exact), trên (over), khoảng (about), ít nhất (at_least) hay trong nhóm (at_most)."
            ),
        ),
        Column("period_year", "integer", lambda r: r.period_year, description=_("Năm của số liệu."), unit=_("năm")),
        Column("period_month", "integer", lambda r: r.period_month, description=_("Tháng của số liệu (1–12).")),
        Column("period_note", "string", lambda r: r.period_note, description=_("Kỳ số liệu như bài ghi.")),
        Column("period_note_en", "string", lambda r: r.period_note_en, description=_("Kỳ số liệu (tiếng Anh).")),
        *SOURCE_COLUMNS,
        *link_columns(sourced=True),
    ),
    unread_in_lists=(*REPORT_LONG_TEXTS, "indicator__search_name", "indicator__search_text"),
)
