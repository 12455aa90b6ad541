"""Loading the curated records of each report: lessons, initiatives and metrics.

A mixin of PortalDataLoader (loader.py), whose helpers (items, require, claim, lookup, save,
write, rows_of, error) it uses. The records of every file are staged first and written together;
the checks that need them written (repeated excerpts) and the not-captured passages follow.
"""

from collections import defaultdict

from lessons.models import Initiative, Lesson
from portal.core import fidelity
from portal.core.vntext import parse_number
from provinces.models import Indicator, Metric, NotCaptured

from .files import Where


class CuratedRecords:
    def load_curated(self, path, data):
        """Stage the lessons, initiatives and metrics of one file; its report, or None."""
        file = f"curated/{path.name}"
        if not isinstance(data, dict):
            self.error(Where(file), "", "must be a JSON object")
            return None
        report = self.lookup(self.reports, data.get("report"), Where(file), "report", "report")
        if report is None:
            if data.get("report") is None:
                self.error(Where(file), "report", "required field is missing")
            return None
        if path.stem != report.slug:
            self.error(Where(file), "report", f"file must be named {report.slug}.json")
        self.load_lessons(file, data, report)
        self.load_initiatives(file, data, report)
        self.load_metrics(file, data, report)
        counts = ", ".join(
            f"{len(data.get(section) or [])} {section}" for section in ("lessons", "initiatives", "metrics")
        )
        self.progress(f"{file}: {counts}")
        return report

    def check_repeated_excerpts(self, file, report):
        """One passage, one lesson: a lesson may not repeat another lesson's or an initiative's.

        Every record of the report counts, those no fixture defines too: the loader's tables
        hold them all, as written.
        """
        lessons = sorted((row for row in self.tables[Lesson].rows if row.report_id == report.pk), key=pk)
        initiatives = sorted((row for row in self.tables[Initiative].rows if row.report_id == report.pk), key=pk)
        for slug, other, why in fidelity.repeated_excerpts(lessons, initiatives):
            self.error(
                Where(file, "lessons", key=slug), "excerpt", f"repeats {other} ({why}); narrow it to its own clause"
            )

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

    def placed_values(self, item, where, report):
        """(place, source and excerpt of a lesson or initiative, its themes), or (None, None)
        when any of them is wrong (the error is recorded)."""
        province, locality, themes = self.place(item, where)
        if province is None or None in themes:
            return None, None
        if not themes:
            self.error(where, "themes", "at least one theme is required")
            return None, None
        return {"province": province, "locality": locality, "report": report, "excerpt": item["excerpt"]}, themes

    def curated_items(self, file, data, section, model, required):
        existing = self.rows_of(model)
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
            values, themes = self.placed_values(item, where, report)
            if values is None:
                continue
            values |= {
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
            values, themes = self.placed_values(item, where, report)
            if values is None:
                continue
            values |= {
                "name": item["name"],
                "name_en": item["name_en"],
                "level": item["level"],
                "role": item.get("role", Initiative.Role.OWN),
                "start_year": item.get("start_year"),
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
                "kind": item.get("kind", Metric.Kind.RESULT),
                "qualifier": item.get("qualifier", Metric.Qualifier.EXACT),
                "raw": raw,
                "period_year": item.get("period_year"),
                "period_month": item.get("period_month"),
                "period_note": item.get("period_note", ""),
                "period_note_en": item.get("period_note_en", ""),
                "report": report,
                "excerpt": item["excerpt"],
            }
            self.save(metric, values, where)

    def load_not_captured(self, loaded):
        """The passages curators chose not to record, per (path, data, report) loaded: a report's
        are replaced as a whole when its list differs."""
        current = defaultdict(list)
        for report_id, text, reason in NotCaptured.objects.order_by("report", "position").values_list(
            "report", "text", "reason"
        ):
            current[report_id].append((text, reason))
        replaced = {}
        for path, data, report in loaded:
            notes = []
            for index, item in self.items(data, "not_captured", f"curated/{path.name}"):
                if self.require(item, Where(f"curated/{path.name}", "not_captured", index), "text", "reason"):
                    notes.append((item["text"], item["reason"]))
            if notes != current[report.pk]:
                replaced[report] = notes
        if not replaced:
            return
        self.notes_changed = True
        had_notes = [report.pk for report in replaced if current[report.pk]]
        if had_notes:
            NotCaptured.objects.filter(report__in=had_notes).delete()
        NotCaptured.objects.bulk_create(
            NotCaptured(report=report, position=position, text=text, reason=reason)
            for report, notes in replaced.items()
            for position, (text, reason) in enumerate(notes, start=1)
        )


def pk(record):
    return record.pk
