"""Slugs for records editors create: from their text, free in their table."""

from django.utils.text import slugify

from portal.core.vntext import strip_marks

SUFFIX_ROOM = 6  # "-99999": the numbered suffix of a taken slug


def slug_from(text, fallback):
    """`text` as a slug, marks removed first ("Đ" -> "d", which slugify alone would drop)."""
    return slugify(strip_marks(text)).strip("-") or fallback


def unique_slug(model, base):
    """`base`, or `base-2`, `base-3`…: the first that no row of `model` (drafts included) has."""
    limit = model._meta.get_field("slug").max_length - SUFFIX_ROOM
    base = base[:limit].strip("-")
    slug, number = base, 2
    while model._base_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
