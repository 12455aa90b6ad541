"""Apply the reviewed fixtures (see fixtures/README.md) to the database.

The loader is the only writer of public data outside the admin. It is:
- idempotent: records are matched by their slug (a locality: its province and slug) and saved only when a field
  differs, so a second run reports everything unchanged;
- atomic: all work happens in one transaction, every record is validated with the models' own
  `full_clean()`, and any error rolls the whole load back;
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

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.models import Initiative, Lesson, Theme
from portal.core.models import Publishable
from portal.curation.models import LoadedVersion
from provinces.models import Indicator, Locality, Metric, Province, Report

from .curated import CuratedRecords
from .files import FixtureError, Where, read_json
from .reference import ReferenceData


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
        self.written_versions = {}  # the same, for this load

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
        except _DryRun:
            pass
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
        for path, data in sources["curated"]:
            self.load_curated(path, data)
        for model in (Lesson, Initiative, Metric):
            self.report_progress(model)
        self.find_extra_records()

    def remember_versions(self):
        """Store the version each record has now, for the next load to compare with."""
        rows = [
            LoadedVersion(model=label, key=key, version=version)
            for (label, key), version in self.written_versions.items()
            if self.loaded_versions.get((label, key)) != version
        ]
        LoadedVersion.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["model", "key"], update_fields=["version"]
        )

    def find_extra_records(self):
        """Records in the database that no fixture defines (added in the admin, or removed from fixtures)."""
        for model in (Theme, Province, Report, Indicator, Lesson, Initiative, Metric):
            for slug in model.objects.values_list("slug", flat=True):
                if (model, slug) not in self.seen:
                    self.result.extra.append((model._meta.label, slug))
        for province, slug in Locality.objects.values_list("province__slug", "slug"):
            if (Locality, (province, slug)) not in self.seen:
                self.result.extra.append((Locality._meta.label, slug))

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
        """Assign values, validate with full_clean() and save only if something changed.

        A record edited since the last load keeps its edit (unless overwrite_edits): it is
        counted as kept, listed with the fields that differ, and not validated or written.
        """
        model = type(instance)
        label = model._meta.label
        key = where.key
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
        m2m = m2m or {}
        if not created:
            for name, related in m2m.items():
                current = {obj.pk for obj in getattr(instance, name).all()}
                if current != {obj.pk for obj in related}:
                    differing.append(name)
        tally = self.result.tallies[label]
        if differing and not created and not self.overwrite_edits and self.edited_since_load(label, key, instance):
            self.result.kept.append((label, key, differing))
            tally.kept += 1
            return instance
        for name in values if created else differing:
            if name in values:  # not the many-to-many names, set after the save
                setattr(instance, name, values[name])
        changed = created or bool(differing)
        if changed:
            self.result.changes.append((label, key, "missing" if created else differing))
        try:
            instance.full_clean()
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(where, "" if field_name == "__all__" else field_name, message)
            return None
        if not changed:
            tally.unchanged += 1
            self.written_versions[(label, key)] = instance.version
            return instance
        # One history row per change, not two: when M2M fields change, the row their signal writes
        # (which holds the new themes/provinces) stands for the whole change.
        m2m_changing = any((created and related) or name in differing for name, related in m2m.items())
        if m2m_changing:
            instance.skip_history_when_saving = True
        try:
            instance.save()
        finally:
            instance.__dict__.pop("skip_history_when_saving", None)
        for name, related in m2m.items():
            getattr(instance, name).set(related)
        if created:
            tally.created += 1
        else:
            tally.updated += 1
        self.written_versions[(label, key)] = instance.version
        return instance

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
