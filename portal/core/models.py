"""Abstract bases and query helpers that every content model shares; no model of its own.

- BilingualMixin: the Vietnamese or English form of a field for the active language.
- count_related(): an exact, cheap count of a reverse relation, for list annotations.
- HISTORY_EXCLUDED: fields that edit history does not keep.
"""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language


def is_english():
    return (get_language() or "vi").startswith("en")


class BilingualMixin:
    """Pick the Vietnamese or English form of a field for the active language."""

    def localized(self, field):
        if is_english():
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    # Templates cannot pass arguments, so each bilingual field gets a property.
    localized_name = property(lambda self: self.localized("name"))
    localized_title = property(lambda self: self.localized("title"))
    localized_subject = property(lambda self: self.localized("subject"))
    localized_description = property(lambda self: self.localized("description"))

    @property
    def localized_label(self):
        """The record's title or, for records without one, its name: what a feed or a citation calls it."""
        return self.localized("title" if hasattr(self, "title") else "name")


def count_related(model, name):
    """A correlated COUNT subquery for the reverse relation `name` of `model`.

    Several Count() annotations over different joins multiply rows; one subquery per relation
    keeps each count exact and the query cost linear.
    """
    relation = model._meta.get_field(name)
    if relation.many_to_many:
        # Count rows of the link table itself (theme -> lesson links), without joining lessons.
        # A link row knows nothing of visibility: once records can be hidden from the public,
        # this count must join them and filter as their public() does.
        rows, lookup = relation.through.objects, relation.field.m2m_reverse_field_name()
    else:
        # Every content model's queryset has public(): only what the public may see is counted.
        rows, lookup = relation.related_model.objects.public(), relation.field.name
    counts = (
        rows.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        # COUNT(*) lets PostgreSQL answer from the foreign key's index alone (an index-only scan).
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


# `search_text` is derived from the other fields and recomputed on save: no need to keep old copies.
HISTORY_EXCLUDED = ["search_text"]
