"""Abstract bases and query helpers that every content model shares; no model of its own.

- BilingualMixin: the Vietnamese or English form of a field for the active language.
- count_related(): an exact, cheap count of a reverse relation, for list annotations.
- Publishable: a record that editors review before the public may see it (draft / published);
  quoting_managers(): the records of that kind that point at a record (a report's lessons...).
- HISTORY_EXCLUDED: fields that edit history does not keep.
- CleanText: text normalised to NFC, control characters refused, whoever writes it.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .vntext import CONTROL_CHARACTERS


def is_english():
    return (get_language() or "vi").startswith("en")


class CleanText:
    """Text cleaned at the door: the admin, the loader and the intake all validate through here.

    Every text field is put in NFC (the composed form of "ử" and "Đ", so searches, excerpts and
    exports compare equal), and a control character other than tab, line feed and carriage
    return is refused, naming it: Word pastes a vertical tab for a line break, which no feed or
    XML export may carry. Put before models.Model in the bases.
    """

    def clean_fields(self, exclude=None):
        errors = {}
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.name in (exclude or ()):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            value = unicodedata.normalize("NFC", value)
            found = CONTROL_CHARACTERS.search(value)
            if found:
                errors[field.name] = [control_character_message(found.group())]
            setattr(self, field.attname, value)
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)


def control_character_message(character):
    name = unicodedata.name(character, "") or CONTROL_NAMES.get(character, "")
    return _(
        "Văn bản có ký tự điều khiển U+%(code)04X%(name)s (thường do dán từ Word); hãy xoá nó hoặc thay bằng "
        "dấu xuống dòng."
    ) % {"code": ord(character), "name": f" ({name.lower()})" if name else ""}


CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x7f": "delete"}


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
    # Every content model's queryset has public(): only what the public may see is counted.
    rows, lookup = relation.related_model.objects.public(), relation.field.name
    counts = (
        rows.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        # COUNT(*): no column of the counted rows is needed, only that they pass public().
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


def count_name(relation):
    """The attribute that holds a record's count of `relation`: lessons -> lesson_count."""
    return f"{relation.removesuffix('s')}_count"


def related_counts(model):
    """Annotations counting each of `model.COUNTED_RELATIONS`, by count_related()."""
    return {count_name(name): count_related(model, name) for name in model.COUNTED_RELATIONS}


def set_related_counts(records, model):
    """Give each of `records` (a list of `model`) its count of each of `model.COUNTED_RELATIONS`:
    what related_counts() annotates, counted with one grouped query per relation instead of one
    subquery per record. At 100,000 lessons the home
    page's counts for every province and theme took seconds as subqueries, and tens of
    milliseconds grouped."""
    for name in model.COUNTED_RELATIONS:
        relation = model._meta.get_field(name)
        lookup = relation.field.name
        counts = dict(
            relation.related_model.objects.public()
            .filter(**{f"{lookup}__in": [record.pk for record in records]})
            .order_by()
            .values_list(lookup)
            .annotate(count=Count("*"))
        )
        for record in records:
            setattr(record, count_name(name), counts.get(record.pk, 0))
    return records


# `search_name` and `search_text` are derived from the other fields and recomputed on save: no need to keep old copies.
HISTORY_EXCLUDED = ["search_name", "search_text"]


class Publishable(models.Model):
    """A record editors review: a draft until published, and then seen by the public.

    Each content queryset's public() keeps only published records, so a draft appears on no
    page, export, feed, sitemap or API answer. Who published it and when is kept for editors.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        PUBLISHED = "published", _("đã công bố")

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def mark_published(self, reviewer=None):
        """Set the record published by `reviewer`, now; the caller saves it."""
        self.status = self.Status.PUBLISHED
        self.reviewed_by = reviewer
        self.published_at = timezone.now()

    def mark_draft(self):
        self.status = self.Status.DRAFT
        self.published_at = None


def quoting_managers(record):
    """The reverse managers of the Publishable records that point at `record`: a report's
    lessons, initiatives and metrics (drafts included)."""
    for relation in record._meta.related_objects:
        if relation.one_to_many and issubclass(relation.related_model, Publishable):
            yield getattr(record, relation.get_accessor_name())
