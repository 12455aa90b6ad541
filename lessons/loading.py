"""Apply the reviewed fixtures (see fixtures/README.md) to the database.

The loader is the only writer of public data outside the admin. It is:
- idempotent: records are matched by their natural key (slug) and saved only when a field
  differs, so a second run reports everything unchanged;
- atomic: all work happens in one transaction, every record is validated with the models' own
  `full_clean()`, and any error rolls the whole load back;
- precise: each error names the file, the record (section, position and slug) and the field.
"""

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.vntext import parse_number
from provinces.models import Indicator, Locality, Metric, Province, Report

from .models import Initiative, Lesson, Theme


class FixtureError(Exception):
    """The fixtures are not valid; nothing was written."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


class _DryRun(Exception):
    """Raised inside the transaction to roll back a validated dry run."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged

    def __str__(self):
        return f"{self.total} ({self.created} created, {self.updated} updated, {self.unchanged} unchanged)"


@dataclass
class LoadResult:
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))
    seconds: float = 0.0
    # (model label, key, "missing" or the list of differing fields) for every record to write
    changes: list = field(default_factory=list)
    # (model label, key) of database records that no fixture defines
    extra: list = field(default_factory=list)

    @property
    def changed(self):
        return sum(t.created + t.updated for t in self.tallies.values())


@dataclass(frozen=True)
class Where:
    """Where a record sits in the fixtures, for error messages."""

    file: str
    section: str = ""
    index: int | None = None
    key: str = ""

    def __str__(self):
        text = self.file
        if self.section:
            text += f": {self.section}"
            if self.index is not None:
                text += f"[{self.index}]"
        if self.key:
            text += f" ({self.key})"
        return text


def read_json(path, root):
    """Read a UTF-8 JSON file; errors name the file (relative to the fixtures root)."""
    name = str(path.relative_to(root))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FixtureError([f"{name}: cannot read file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FixtureError([f"{name}: not valid UTF-8 at byte {exc.start}"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError([f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None


def read_text(path, root):
    name = str(path.relative_to(root))
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise FixtureError([f"{name}: cannot read file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise FixtureError([f"{name}: not valid UTF-8 at byte {exc.start}"]) from None


class PortalDataLoader:
    def __init__(self, root, progress=None):
        self.root = Path(root)
        self.progress = progress or (lambda message: None)
        self.errors = []
        self.result = LoadResult()
        self.seen = {}  # (model, natural key) -> Where first defined

    # ---- entry point -------------------------------------------------------------------
    def load(self, dry_run=False):
        started = time.perf_counter()
        sources = self.read_sources()
        try:
            with transaction.atomic():
                self.apply(sources)
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
        """Record a natural key; report a duplicate defined twice in the fixtures."""
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
        """Assign values, validate with full_clean() and save only if something changed."""
        model = type(instance)
        created = instance.pk is None
        differing = []
        for name, value in values.items():
            field = model._meta.get_field(name)
            if field.many_to_one:  # compare ids: an unsaved instance has no related object yet
                differs = getattr(instance, field.attname) != (value.pk if value is not None else None)
            else:
                differs = getattr(instance, name) != value
            if differs:
                setattr(instance, name, value)
                differing.append(name)
        m2m = m2m or {}
        if not created:
            for name, related in m2m.items():
                current = {obj.pk for obj in getattr(instance, name).all()}
                if current != {obj.pk for obj in related}:
                    differing.append(name)
        changed = created or bool(differing)
        if changed:
            self.result.changes.append((model._meta.label, where.key, "missing" if created else differing))
        try:
            instance.full_clean()
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(where, "" if field_name == "__all__" else field_name, message)
            return None
        tally = self.result.tallies[model._meta.label]
        if not changed:
            tally.unchanged += 1
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
        return instance

    def report_progress(self, model):
        label = model._meta.label
        self.progress(f"{label}: {self.result.tallies[label]}")

    # ---- reference data ----------------------------------------------------------------
    def load_themes(self, data):
        file = "reference/themes.json"
        existing = {obj.slug: obj for obj in Theme.objects.all()}
        self.themes = {}
        for index, item in self.items(data, "themes", file):
            where = Where(file, "themes", index, item.get("slug", ""))
            if not self.require(item, where, "slug", "name", "name_en", "group", "position"):
                continue
            if not self.claim(Theme, item["slug"], where):
                continue
            values = {k: item.get(k, "") for k in ("name", "name_en", "group", "description", "description_en")}
            values["position"] = item["position"]
            theme = self.save(existing.get(item["slug"]) or Theme(slug=item["slug"]), values, where)
            if theme:
                self.themes[theme.slug] = theme
        self.report_progress(Theme)

    def load_provinces(self, data):
        file = "reference/provinces.json"
        existing = {obj.slug: obj for obj in Province.objects.all()}
        entries = []
        for index, item in self.items(data, "provinces", file):
            where = Where(file, "provinces", index, item.get("slug", ""))
            if self.require(item, where, "slug", "name", "name_en", "gso_code", "region"):
                if self.claim(Province, item["slug"], where):
                    entries.append((where, item))
        # A successor is saved before the provinces merged into it, so the link can point at it.
        entries.sort(key=lambda pair: bool(pair[1].get("successor")))
        self.provinces = {}
        for _where, item in entries:
            province = existing.get(item["slug"]) or Province(slug=item["slug"])
            self.provinces[item["slug"]] = province
        for where, item in entries:
            values = {k: item[k] for k in ("name", "name_en", "gso_code", "region")}
            values["successor"] = self.lookup(self.provinces, item.get("successor"), where, "successor", "province")
            values["merged_on"] = self.parse_date(item.get("merged_on"), where, "merged_on")
            values["merger_source"] = item.get("merger_source", "")
            if values["successor"] is not None and values["successor"].pk is None:
                continue  # the successor itself failed validation and is already reported
            self.save(self.provinces[item["slug"]], values, where)
        self.report_progress(Province)

    def load_localities(self, data):
        file = "reference/localities.json"
        existing = {(obj.province.slug, obj.slug): obj for obj in Locality.objects.select_related("province")}
        self.localities = {}
        items = self.items(data, "localities", file)
        # Parents before children, whatever the order in the file.
        items.sort(key=lambda pair: pair[1].get("parent") is not None)
        for index, item in items:
            where = Where(file, "localities", index, item.get("slug", ""))
            if not self.require(item, where, "province", "slug", "name", "name_en", "level"):
                continue
            key = (item["province"], item["slug"])
            if not self.claim(Locality, key, where):
                continue
            province = self.lookup(self.provinces, item["province"], where, "province", "province")
            if province is None:
                continue
            parent = None
            if item.get("parent"):
                parent = self.lookup(
                    self.localities,
                    (item["province"], item["parent"]),
                    where,
                    "parent",
                    f"locality of {item['province']}",
                    shown=repr(item["parent"]),
                )
            values = {
                "province": province,
                "name": item["name"],
                "name_en": item["name_en"],
                "level": item["level"],
                "parent": parent,
            }
            locality = self.save(existing.get(key) or Locality(slug=item["slug"]), values, where)
            if locality:
                self.localities[key] = locality
        self.report_progress(Locality)

    def load_reports(self, data):
        file = "articles/manifest.json"
        existing = {obj.slug: obj for obj in Report.objects.prefetch_related("provinces")}
        self.reports = {}
        for index, item in self.items(data, "reports", file):
            where = Where(file, "reports", index, item.get("slug", ""))
            if not self.require(item, where, "slug", "file", "title", "title_en", "provinces", "source_file"):
                continue
            if not self.claim(Report, item["slug"], where):
                continue
            path = self.root / "articles" / item["file"]
            if not path.is_file():
                self.error(where, "file", f"no such article file {item['file']!r}")
                continue
            body = read_text(path, self.root)
            provinces = [
                self.lookup(self.provinces, slug, where, "provinces", "province") for slug in item["provinces"]
            ]
            if None in provinces:
                continue
            values = {
                "title": item["title"],
                "title_en": item["title_en"],
                "title_from_source": item.get("title_from_source", True),
                "publisher": item.get("publisher", ""),
                "byline": item.get("byline", ""),
                "published_on": self.parse_date(item.get("published_on"), where, "published_on"),
                "url": item.get("url", ""),
                "language": item.get("language", "vi"),
                "body": body,
                "source_file": item["source_file"],
            }
            report = self.save(
                existing.get(item["slug"]) or Report(slug=item["slug"]), values, where, {"provinces": provinces}
            )
            if report:
                self.reports[report.slug] = report
        self.report_progress(Report)

    def load_indicators(self, curated):
        existing = {obj.slug: obj for obj in Indicator.objects.all()}
        declared = {}  # slug -> (where, item): the same indicator may be declared in several files
        self.indicators = {}
        fields = ("name", "name_en", "unit", "description", "description_en")
        for path, data in curated:
            file = f"curated/{path.name}"
            for index, item in self.items(data, "indicators", file):
                where = Where(file, "indicators", index, item.get("slug", ""))
                if not self.require(item, where, "slug", "name", "name_en", "unit"):
                    continue
                values = {k: item.get(k, "") for k in fields}
                if item["slug"] in declared:
                    first_where, first_values = declared[item["slug"]]
                    for name in fields:
                        if values[name] != first_values[name]:
                            self.error(where, name, f"differs from the declaration at {first_where}")
                    continue
                declared[item["slug"]] = (where, values)
                self.seen[(Indicator, item["slug"])] = where  # shared declarations are not duplicates
                indicator = self.save(existing.get(item["slug"]) or Indicator(slug=item["slug"]), values, where)
                if indicator:
                    self.indicators[indicator.slug] = indicator
        self.report_progress(Indicator)

    # ---- curated records ---------------------------------------------------------------
    def load_curated(self, path, data):
        file = f"curated/{path.name}"
        if not isinstance(data, dict):
            self.error(Where(file), "", "must be a JSON object")
            return
        report = self.lookup(self.reports, data.get("report"), Where(file), "report", "report")
        if report is None:
            if data.get("report") is None:
                self.error(Where(file), "report", "required field is missing")
            return
        if path.stem != report.slug:
            self.error(Where(file), "report", f"file must be named {report.slug}.json")
        self.load_lessons(file, data, report)
        self.load_initiatives(file, data, report)
        self.load_metrics(file, data, report)
        counts = ", ".join(
            f"{len(data.get(section) or [])} {section}" for section in ("lessons", "initiatives", "metrics")
        )
        self.progress(f"{file}: {counts}")

    def place(self, item, where):
        """Resolve province, locality and themes of a curated record."""
        province = self.lookup(self.provinces, item.get("province"), where, "province", "province")
        locality = None
        if item.get("locality") is not None and province is not None:
            locality = self.lookup(
                self.localities,
                (province.slug, item["locality"]),
                where,
                "locality",
                f"locality of {province.slug}",
                shown=repr(item["locality"]),
            )
        themes = [self.lookup(self.themes, slug, where, "themes", "theme") for slug in item.get("themes", [])]
        return province, locality, themes

    def curated_items(self, file, data, section, model, required):
        existing = {obj.slug: obj for obj in model.objects.all()}
        for index, item in self.items(data, section, file):
            where = Where(file, section, index, item.get("slug", ""))
            if not self.require(item, where, "slug", *required):
                continue
            if not self.claim(model, item["slug"], where):
                continue
            yield where, item, existing.get(item["slug"]) or model(slug=item["slug"])

    def load_lessons(self, file, data, report):
        required = ("province", "subject", "subject_en", "kind", "title", "title_en", "summary_en", "excerpt", "themes")
        for where, item, lesson in self.curated_items(file, data, "lessons", Lesson, required):
            province, locality, themes = self.place(item, where)
            if province is None or None in themes:
                continue
            if not themes:
                self.error(where, "themes", "at least one theme is required")
                continue
            values = {
                "province": province,
                "locality": locality,
                "report": report,
                "excerpt": item["excerpt"],
                "subject": item["subject"],
                "subject_en": item["subject_en"],
                "kind": item["kind"],
                "ordinal": item.get("ordinal"),
                "title": item["title"],
                "title_en": item["title_en"],
                "summary_en": item["summary_en"],
            }
            self.save(lesson, values, where, {"themes": themes})

    def load_initiatives(self, file, data, report):
        required = ("name", "name_en", "province", "level", "summary_en", "excerpt", "themes")
        for where, item, initiative in self.curated_items(file, data, "initiatives", Initiative, required):
            province, locality, themes = self.place(item, where)
            if province is None or None in themes:
                continue
            if not themes:
                self.error(where, "themes", "at least one theme is required")
                continue
            values = {
                "name": item["name"],
                "name_en": item["name_en"],
                "province": province,
                "locality": locality,
                "level": item["level"],
                "start_year": item.get("start_year"),
                "report": report,
                "excerpt": item["excerpt"],
                "summary_en": item["summary_en"],
            }
            self.save(initiative, values, where, {"themes": themes})

    def load_metrics(self, file, data, report):
        required = ("indicator", "province", "raw", "excerpt")
        for where, item, metric in self.curated_items(file, data, "metrics", Metric, required):
            province, locality, _ = self.place(item, where)
            indicator = self.lookup(self.indicators, item["indicator"], where, "indicator", "indicator")
            if province is None or indicator is None:
                continue
            raw = item["raw"]
            if raw not in item["excerpt"]:
                self.error(where, "raw", f"{raw!r} does not appear in the excerpt")
                continue
            try:
                number = parse_number(raw)
            except ValueError as exc:
                self.error(where, "raw", str(exc))
                continue
            if number.is_percent != (indicator.unit == Indicator.Unit.PERCENT):
                self.error(
                    where, "raw", f"{raw!r} does not match the unit of indicator {indicator.slug!r} ({indicator.unit})"
                )
                continue
            values = {
                "indicator": indicator,
                "province": province,
                "locality": locality,
                "value": number.value,
                "denominator": number.denominator,
                "qualifier": item.get("qualifier", Metric.Qualifier.EXACT),
                "period_year": item.get("period_year"),
                "period_month": item.get("period_month"),
                "report": report,
                "excerpt": item["excerpt"],
            }
            self.save(metric, values, where)

    def parse_date(self, value, where, field_name):
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.error(where, field_name, f"not an ISO date (YYYY-MM-DD): {value!r}")
            return None
