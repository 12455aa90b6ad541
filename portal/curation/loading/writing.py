"""Writing the records a load accepted: a few bulk queries per model, history included.

The loader validates each record and stages it (loader.py); `Staged.write()` then writes one
model's staged records as their save() would have, without a save() per record:
- what save() derives: the version (VersionedModel), the search columns (Searchable), where the
  excerpt starts in its report (SourcedRecord);
- new rows in one INSERT, changed rows in one UPDATE;
- many-to-many links (Links): only those that differ are deleted or inserted;
- one history row per record, "+" created or "~" changed, with the user and reason
  django-simple-history would give it, and the links of the relations the history tracks;
- a changed report puts the excerpts that quote it back on their passages (Report.save()).

Bulk writes send no signals: the loader retires the cached pages itself, once (loader.py).
tests/curation/test_load_writes.py checks that these rows are the ones save() would write.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from portal.core.excerpts import anchor
from portal.core.search import Searchable
from provinces.models import Report, SourcedRecord


class Links:
    """The many-to-many links of one relation (a lesson's themes), all read in one query."""

    def __init__(self, model, name):
        relation = model._meta.get_field(name)
        self.through = relation.remote_field.through
        self.source = self.through._meta.get_field(relation.m2m_field_name()).attname  # "lesson_id"
        self.target = self.through._meta.get_field(relation.m2m_reverse_field_name()).attname  # "theme_id"
        self.rows = defaultdict(dict)  # record pk -> {target pk: link pk}
        for pk, source, target in self.through.objects.values_list("pk", self.source, self.target):
            self.rows[source][target] = pk

    def targets(self, record):
        return set(self.rows.get(record.pk, ())) if record.pk is not None else set()

    def replace(self, wanted):
        """Make the links of each (record, targets) in `wanted` exactly those targets."""
        removed, added = [], []
        for record, targets in wanted:
            have = self.rows[record.pk]
            keep = {target.pk for target in targets}
            removed += [have.pop(pk) for pk in set(have) - keep]
            added += [(record.pk, target.pk) for target in dict.fromkeys(targets) if target.pk not in have]
        if removed:
            self.through.objects.filter(pk__in=removed).delete()
        rows = self.through.objects.bulk_create(
            [self.through(**{self.source: source, self.target: target}) for source, target in added]
        )
        for row in rows:
            self.rows[getattr(row, self.source)][getattr(row, self.target)] = row.pk


@dataclass
class Staged:
    """The accepted records of one model, waiting to be written."""

    model: type
    created: list = field(default_factory=list)
    changed: dict = field(default_factory=dict)  # record -> names of the fields that differ
    links: dict = field(default_factory=dict)  # relation name -> [(record, targets)], where they differ

    def __bool__(self):
        return bool(self.created or self.changed)

    def write(self, links_of):
        """Write the staged records; `links_of(model, name)` gives a relation's Links."""
        model = self.model
        for record in (*self.created, *self.changed):
            derive_columns(record)
        model.objects.bulk_create(self.created)
        if any(record.pk is None for record in self.created):  # links and history need the new ids
            raise RuntimeError("the database did not return the ids of inserted rows (SQLite 3.35 or later needed)")
        if self.changed:
            for record in self.changed:
                record.version += 1
            names = {name for names in self.changed.values() for name in names}
            names = {name for name in names if not model._meta.get_field(name).many_to_many}
            model.objects.bulk_update(list(self.changed), sorted(names | derived_fields(model)))
        for name, wanted in self.links.items():
            links_of(model, name).replace(wanted)
        write_history(model, [(record, "+") for record in self.created] + [(r, "~") for r in self.changed], links_of)
        if model is Report:
            for report in self.changed:  # a new report has no records quoting it yet
                report.reanchor_excerpts()


def derived_fields(model):
    """The columns save() derives from the others, always written with a changed row."""
    names = {"version"}
    if issubclass(model, Searchable):
        names |= {"search_name", "search_text"}
    if issubclass(model, SourcedRecord):
        names.add("excerpt_start")
    return names


def derive_columns(record):
    """What save() computes before it writes (the version of a new row is the default, 1)."""
    if isinstance(record, Searchable):
        record.set_search_columns()
    if isinstance(record, SourcedRecord) and record.report_id:
        record.excerpt_start = anchor(record.report.body, record.excerpt, record.excerpt_start)


def write_history(model, records, links_of):
    """One history row per (record, "+" or "~"), and its links for the relations the history tracks."""
    history = model.history.model
    now = timezone.now()
    rows = [
        history(
            history_date=getattr(record, "_history_date", now),
            history_type=kind,
            history_user=history.get_default_history_user(record),
            history_change_reason=get_change_reason_from_object(record),
            **{tracked.attname: getattr(record, tracked.attname) for tracked in history.tracked_fields},
        )
        for record, kind in records
    ]
    history.objects.bulk_create(rows)
    for relation in history._history_m2m_fields:
        links = links_of(model, relation.name)
        link_history = getattr(history, relation.name).model
        link_history.objects.bulk_create(
            link_history(**{"history": row, "id": pk, links.source: record.pk, links.target: target})
            for (record, _kind), row in zip(records, rows, strict=True)
            for target, pk in links.rows.get(record.pk, {}).items()
        )
