"""Apply the reviewed fixtures (see fixtures/README.md) to the database.

The loader is the only writer of public data outside the admin. It is:
- idempotent: records are matched by their slug (a locality: its province and slug) and saved only when a field
  differs, so a second run reports everything unchanged;
- atomic: all work happens in one transaction, every record is validated with the models' own
  `full_clean()` (its unique fields and constraints in memory, checks.py), and any error rolls
  the whole load back;
- cheap: every row of a model is read once, up front, and the accepted records are written a
  model at a time, in bulk, with their history (writing.py); a load that changed something
  retires the cached pages once, after the commit, and one that changed nothing does not;
- precise: each error names the file, the record (section, position and slug) and the field;
- respectful of editors: a record edited in the admin since the last load (its version moved on
  from the one the load left, see portal/curation/models.py) keeps the edit, and is listed in
  `LoadResult.kept`; only `overwrite_edits=True` puts the fixtures' values back.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from lessons.models import Initiative, Lesson, Theme
from portal.core.models import Publishable
from portal.core.pagecache import data_changed
from portal.curation.models import LoadedVersion
from provinces.models import Indicator, Locality, Metric, Province, Report

from .checks import Table, record_errors
from .curated import CuratedRecords
from .files import FixtureError, Where, read_json
from .reference import ReferenceData
from .writing import Links, Staged


class _DryRun(Exception):
    """Raised inside the transaction to roll back a validated dry run."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # edited in the admin since the last load, left as the editor saved it

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + self.kept

    def __str__(self):
        kept = f", {self.kept} edited since the last load, kept" if self.kept else ""
        return f"{self.total} ({self.created} created, {self.updated} updated, {self.unchanged} unchanged{kept})"


@dataclass
class LoadResult:
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))
    seconds: float = 0.0
    # (model label, key, "missing" or the list of differing fields) for every record to write
    changes: list = field(default_factory=list)
    # (model label, key) of database records that no fixture defines
    extra: list = field(default_factory=list)
    # (model label, key, differing fields) of records edited since the last load, left as edited
    kept: list = field(default_factory=list)

    @property
    def changed(self):
        return sum(t.created + t.updated for t in self.tallies.values())


class PortalDataLoader(ReferenceData, CuratedRecords):
    def __init__(self, root, progress=None, overwrite_edits=False):
        self.root = Path(root)
        self.progress = progress or (lambda message: None)
        self.overwrite_edits = overwrite_edits
        self.errors = []
        self.result = LoadResult()
        self.seen = {}  # (model, slug or (province, slug)) -> Where first defined
        self.loaded_versions = {}  # (model label, key) -> version the last load left
        self.written = {}  # (model label, key) -> the record as this load leaves it
        self.tables = {}  # model -> Table of all its rows
        self.existing = {}  # model -> {key: row read from the database}
        self.links = {}  # (model, relation name) -> Links
        self.staged = {}  # model -> Staged, the records accepted but not yet written
        self.notes_changed = False  # the not-captured passages of some report were replaced

    # ---- entry point -------------------------------------------------------------------
    def load(self, dry_run=False):
        started = time.perf_counter()
        sources = self.read_sources()
        try:
            with transaction.atomic():
                self.loaded_versions = {(row.model, row.key): row.version for row in LoadedVersion.objects.all()}
                self.apply(sources)
                self.remember_versions()
                if self.errors:
                    raise FixtureError(self.errors)
                if dry_run:
                    raise _DryRun
                if self.result.changed or self.notes_changed:
                    data_changed()  # bulk writes send no post_save: retire the cached pages once, on commit
        except _DryRun:
            pass
        except IntegrityError as error:  # the database's constraints are the last guard
            raise FixtureError([*self.errors, f"the database refused the load: {error}"]) from None
        self.result.seconds = time.perf_counter() - started
        return self.result

    def read_sources(self):
        root = self.root
        sources = {
            "themes": read_json(root / "reference/themes.json", root),
            "provinces": read_json(root / "reference/provinces.json", root),
            "localities": read_json(root / "reference/localities.json", root),
            "manifest": read_json(root / "articles/manifest.json", root),
            "curated": [],
        }
        for path in sorted((root / "curated").glob("*.json")):
            sources["curated"].append((path, read_json(path, root)))
        return sources

    def apply(self, sources):
        self.load_themes(sources["themes"])
        self.load_provinces(sources["provinces"])
        self.load_localities(sources["localities"])
        self.load_reports(sources["manifest"])
        self.load_indicators(sources["curated"])
        loaded = [(path, data, self.load_curated(path, data)) for path, data in sources["curated"]]
        loaded = [(path, data, report) for path, data, report in loaded if report is not None]
        for model in (Lesson, Initiative, Metric):
            self.write(model)  # the records of every file at once
        for path, _data, report in loaded:
            self.check_repeated_excerpts(f"curated/{path.name}", report)
        self.load_not_captured(loaded)
        for model in (Lesson, Initiative, Metric):
            self.report_progress(model)
        self.find_extra_records()

    def remember_versions(self):
        """Store the version each record has now, for the next load to compare with."""
        rows = [
            LoadedVersion(model=label, key=key, version=record.version)
            for (label, key), record in self.written.items()
            if self.loaded_versions.get((label, key)) != record.version
        ]
        LoadedVersion.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["model", "key"], update_fields=["version"]
        )

    def find_extra_records(self):
        """Records in the database that no fixture defines (added in the admin, or removed from fixtures)."""
        for model in (Theme, Province, Report, Indicator, Lesson, Initiative, Metric):
            for slug in self.rows_of(model):
                if (model, slug) not in self.seen:
                    self.result.extra.append((model._meta.label, slug))
        for province, slug in self.rows_of(Locality):
            if (Locality, (province, slug)) not in self.seen:
                self.result.extra.append((Locality._meta.label, slug))

    # ---- reading and writing -----------------------------------------------------------
    def rows_of(self, model):
        """{key: row} of every row of `model` in the database, read in one query the first time.

        The key is the slug; a locality's is (its province's slug, its slug).
        """
        if model not in self.existing:
            if model is Locality:
                rows = list(Locality.objects.select_related("province").order_by("pk"))
                self.existing[model] = {(row.province.slug, row.slug): row for row in rows}
            else:
                rows = list(model.objects.order_by("pk"))
                self.existing[model] = {row.slug: row for row in rows}
            self.tables[model] = Table(model, rows)
        return self.existing[model]

    def links_of(self, model, name):
        if (model, name) not in self.links:
            self.links[(model, name)] = Links(model, name)
        return self.links[(model, name)]

    def write(self, model):
        """Write the records of `model` accepted so far (writing.py)."""
        staged = self.staged.pop(model, None)
        if staged:
            staged.write(self.links_of)

    def write_referenced(self, values, m2m):
        """Records the values point at that are accepted but not yet written are written first."""
        related = [*values.values(), *(obj for objs in m2m.values() for obj in objs)]
        for model in {type(obj) for obj in related if isinstance(obj, models.Model) and obj.pk is None}:
            self.write(model)

    # ---- helpers -----------------------------------------------------------------------
    def error(self, where, field_name, message):
        prefix = f"{where}: {field_name}" if field_name else str(where)
        self.errors.append(f"{prefix}: {message}")

    def items(self, data, section, where_file):
        """The list under `section`, or an error if it is missing or malformed."""
        value = data.get(section, []) if isinstance(data, dict) else None
        if not isinstance(value, list):
            self.error(Where(where_file, section), "", "must be a list")
            return []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(Where(where_file, section, index), "", "must be an object")
        return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]

    def claim(self, model, key, where):
        """Record a key; report a duplicate defined twice in the fixtures."""
        first = self.seen.setdefault((model, key), where)
        if first is not where:
            self.error(where, "slug", f"duplicate key {key!r}, already defined at {first}")
            return False
        return True

    def require(self, item, where, *names):
        missing = [name for name in names if name not in item]
        for name in missing:
            self.error(where, name, "required field is missing")
        return not missing

    def lookup(self, table, slug, where, field_name, label, shown=None):
        if slug is None:
            return None
        if not isinstance(slug, (str, tuple)):
            self.error(where, field_name, f"must be a slug, got {slug!r}")
            return None
        found = table.get(slug)
        if found is None:
            self.error(where, field_name, f"unknown {label} {shown or repr(slug)}")
        return found

    def save(self, instance, values, where, m2m=None):
        """Assign values, validate as full_clean() does, and stage the record if something changed.

        A record edited since the last load keeps its edit (unless overwrite_edits): it is
        counted as kept, listed with the fields that differ, and not validated or written.
        Staged records are written a model at a time (write()), before any record pointing at them.
        """
        model = type(instance)
        label = model._meta.label
        key = where.key
        m2m = m2m or {}
        self.rows_of(model)
        self.write_referenced(values, m2m)
        created = instance.pk is None
        if created and isinstance(instance, Publishable):
            instance.mark_published()  # the fixtures hold reviewed records
        differing = []
        for name, value in values.items():
            field = model._meta.get_field(name)
            if field.many_to_one:  # compare ids: an unsaved instance has no related object yet
                differs = getattr(instance, field.attname) != (value.pk if value is not None else None)
            else:
                differs = getattr(instance, name) != value
            if differs:
                differing.append(name)
        if not created:
            for name, related in m2m.items():
                if self.links_of(model, name).targets(instance) != {obj.pk for obj in related}:
                    differing.append(name)
        tally = self.result.tallies[label]
        if differing and not created and not self.overwrite_edits and self.edited_since_load(label, key, instance):
            self.result.kept.append((label, key, differing))
            tally.kept += 1
            return instance
        for name, value in values.items():  # equal ones too: clean() then reads related records from memory
            setattr(instance, name, value)
        changed = created or bool(differing)
        if changed:
            self.result.changes.append((label, key, "missing" if created else differing))
        errors = self.validate(instance)
        if errors:
            for field_name, messages in errors.items():
                for message in messages:
                    self.error(where, "" if field_name == NON_FIELD_ERRORS else field_name, message)
            return None
        self.tables[model].hold(instance)
        self.written[(label, key)] = instance
        if not changed:
            tally.unchanged += 1
            return instance
        staged = self.staged.setdefault(model, Staged(model))
        if created:
            staged.created.append(instance)
            tally.created += 1
        else:
            staged.changed[instance] = differing
            tally.updated += 1
        for name, related in m2m.items():
            if created or name in differing:
                staged.links.setdefault(name, []).append((instance, related))
        return instance

    def validate(self, instance):
        """{field: [messages]}: full_clean()'s, with its unique and constraint checks made in memory.

        Related records are not looked up again: they come from the loader's own tables (a
        record that failed validation is never in them), so only a missing one is an error.
        """
        model = type(instance)
        relations = [related for related in model._meta.concrete_fields if related.is_relation]
        errors = {}
        try:
            instance.full_clean(
                exclude=[related.name for related in relations], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors = exc.message_dict
        for related in relations:
            if getattr(instance, related.attname) is None and not related.null:
                errors.setdefault(related.name, []).append(related.error_messages["null"])
        failed = set(errors) - {NON_FIELD_ERRORS}
        for name, messages in record_errors(instance, self.tables[model], failed).items():
            errors.setdefault(name, []).extend(messages)
        return errors

    def edited_since_load(self, label, key, instance):
        """Whether someone else saved the record after the last load wrote (or checked) it.

        A record no load has written (added in the admin under a slug the fixtures now use)
        counts as edited: it is not ours to overwrite without being told. Before any load has
        remembered versions (a database loaded by an older portal), there is nothing to tell
        edits by, and the fixtures apply as they always did; that load sets the baseline.
        """
        if not self.loaded_versions:
            return False
        return self.loaded_versions.get((label, key)) != instance.version

    def report_progress(self, model):
        label = model._meta.label
        self.progress(f"{label}: {self.result.tallies[label]}")

    def parse_date(self, value, where, field_name):
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.error(where, field_name, f"not an ISO date (YYYY-MM-DD): {value!r}")
            return None
