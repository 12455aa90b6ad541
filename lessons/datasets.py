"""The columns of the lessons app's datasets: declared once, for downloads, data package and API.

See portal.core.datasets for what the scopes mean and how values are written.
"""

from portal.core.datasets import Column, Dataset, slug_of, slugs_of
from provinces.datasets import SOURCE_COLUMNS

from .models import Initiative, Lesson, Theme


def place_columns():
    return (
        Column("province", "string", lambda r: r.province.slug, True, references="provinces"),
        Column("locality", "string", lambda r: slug_of(r.locality), references="localities"),
        Column("themes", "string", lambda r: slugs_of(r.themes), True, many=True),
    )


THEMES = Dataset(
    "themes",
    lambda: Theme.objects.public(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("name", "string", lambda r: r.name, True),
        Column("name_en", "string", lambda r: r.name_en, True),
        Column("group", "string", lambda r: r.group, True, choices=Theme.Group),
        Column("position", "integer", lambda r: r.position, True),
        Column("description", "string", lambda r: r.description),
        Column("description_en", "string", lambda r: r.description_en),
    ),
)

LESSONS = Dataset(
    "lessons",
    lambda: Lesson.objects.public(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("title", "string", lambda r: r.title, True),
        Column("title_en", "string", lambda r: r.title_en, True),
        Column("kind", "string", lambda r: r.kind, True, choices=Lesson.Kind),
        Column("ordinal", "integer", lambda r: r.ordinal),
        Column("subject", "string", lambda r: r.subject, True),
        Column("subject_en", "string", lambda r: r.subject_en, True),
        *place_columns(),
        Column("summary_en", "string", lambda r: r.summary_en, True),
        *SOURCE_COLUMNS,
    ),
)

INITIATIVES = Dataset(
    "initiatives",
    lambda: Initiative.objects.public(),
    (
        Column("slug", "string", lambda r: r.slug, True),
        Column("name", "string", lambda r: r.name, True),
        Column("name_en", "string", lambda r: r.name_en, True),
        Column("level", "string", lambda r: r.level, True, choices=Initiative.Level),
        Column("role", "string", lambda r: r.role, True, choices=Initiative.Role),
        Column("start_year", "integer", lambda r: r.start_year),
        *place_columns(),
        Column("summary_en", "string", lambda r: r.summary_en, True),
        *SOURCE_COLUMNS,
    ),
)
