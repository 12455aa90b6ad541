"""The columns of the lessons app's datasets: declared once, for downloads, data package and API.

See portal.core.datasets for what the scopes mean and how values are written. Each column's
description is its one line on /data/ and in the data package's table schema.
"""

from django.utils.translation import gettext_lazy as _

from portal.core.datasets import Column, Dataset, link_columns, name_columns, names_of, slugs_of
from provinces.datasets import (
    REPORT_LONG_TEXTS,
    SEARCH_COLUMNS,
    SOURCE_COLUMNS,
    locality_column,
    province_columns,
    slug_column,
)

from .models import Initiative, Lesson, Theme


def place_columns():
    return (
        *province_columns(),
        locality_column(),
        Column(
            "themes",
            "string",
            lambda r: slugs_of(r.themes),
            True,
            many=True,
            description=_("Các chủ đề (slug, trong 8 chỉ số chính của DTI cấp tỉnh), cách nhau bằng |."),
        ),
        *name_columns("theme_names", lambda r: names_of(r.themes), _("Tên các chủ đề, cùng thứ tự"), True, True),
    )


THEMES = Dataset(
    "themes",
    lambda: Theme.objects.public(),
    (
        slug_column(),
        Column("name", "string", lambda r: r.name, True, description=_("Tên chủ đề (tiếng Việt).")),
        Column("name_en", "string", lambda r: r.name_en, True, description=_("Tên chủ đề (tiếng Anh).")),
        Column(
            "group",
            "string",
            lambda r: r.group,
            True,
            choices=Theme.Group,
            description=_("Trụ cột hoạt động (pillar) hay nền tảng (foundation) của chỉ số DTI."),
        ),
        Column("position", "integer", lambda r: r.position, True, description=_("Thứ tự của chủ đề trong chỉ số DTI.")),
        Column("description", "string", lambda r: r.description, description=_("Chủ đề bao gồm gì (tiếng Việt).")),
        Column("description_en", "string", lambda r: r.description_en, description=_("Chủ đề bao gồm gì (tiếng Anh).")),
        *link_columns(),
    ),
)

LESSONS = Dataset(
    "lessons",
    lambda: Lesson.objects.public(),
    (
        slug_column(),
        Column(
            "title", "string", lambda r: r.title, True, description=_("Tiêu đề do biên tập viên viết (tiếng Việt).")
        ),
        Column("title_en", "string", lambda r: r.title_en, True, description=_("Tiêu đề (tiếng Anh).")),
        Column(
            "kind",
            "string",
            lambda r: r.kind,
            True,
            choices=Lesson.Kind,
            description=_("Bài học, hạn chế, nhiệm vụ, giải pháp, đề xuất hay kết quả."),
        ),
        Column(
            "ordinal",
            "integer",
            lambda r: r.ordinal,
            description=_("Thứ tự trong danh sách của bài (“Thứ nhất”, “Hai là”…)."),
        ),
        Column("subject", "string", lambda r: r.subject, True, description=_("Ai rút ra bài học (Sở, xã, đài…).")),
        Column("subject_en", "string", lambda r: r.subject_en, True, description=_("Ai rút ra bài học (tiếng Anh).")),
        *place_columns(),
        Column(
            "summary_en", "string", lambda r: r.summary_en, True, description=_("Tóm tắt tiếng Anh của biên tập viên.")
        ),
        *SOURCE_COLUMNS,
        *link_columns(sourced=True),
    ),
    unread_in_lists=(*REPORT_LONG_TEXTS, *SEARCH_COLUMNS),
)

INITIATIVES = Dataset(
    "initiatives",
    lambda: Initiative.objects.public(),
    (
        slug_column(),
        Column("name", "string", lambda r: r.name, True, description=_("Tên sáng kiến như bài ghi.")),
        Column("name_en", "string", lambda r: r.name_en, True, description=_("Tên sáng kiến (tiếng Anh).")),
        Column(
            "level",
            "string",
            lambda r: r.level,
            True,
            choices=Initiative.Level,
            description=_("Cấp triển khai: tỉnh, huyện hay xã."),
        ),
        Column(
            "role",
            "string",
            lambda r: r.role,
            True,
            choices=Initiative.Role,
            description=_("Địa phương tự xây dựng, đăng cai, triển khai hưởng ứng, hay đã có từ trước."),
        ),
        Column(
            "start_year", "integer", lambda r: r.start_year, description=_("Năm bắt đầu, khi bài ghi."), unit=_("năm")
        ),
        *place_columns(),
        Column(
            "summary_en", "string", lambda r: r.summary_en, True, description=_("Tóm tắt tiếng Anh của biên tập viên.")
        ),
        *SOURCE_COLUMNS,
        *link_columns(sourced=True),
    ),
    unread_in_lists=(*REPORT_LONG_TEXTS, *SEARCH_COLUMNS),
)
