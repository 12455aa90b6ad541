"""Propose candidate records from source articles, with character offsets, for curators.

Run it after dropping a new article into fixtures/articles/ (and its manifest entry); review the
candidates, then write the reviewed records into fixtures/curated/<report-slug>.json.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.curation.extraction import extract
from portal.curation.loading import FixtureError, read_json, read_text


class Command(BaseCommand):
    help = "Print rule-based candidate records (enumerated items, quoted names, numbers, places) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("reports", nargs="*", help="Report slugs from the manifest (default: all).")
        parser.add_argument("--fixtures", default=str(settings.FIXTURES_ROOT))
        parser.add_argument(
            "--rule",
            choices=["enumerations", "quotes", "numbers", "places"],
            action="append",
            help="Only these rules (repeatable).",
        )

    def handle(self, *args, reports, fixtures, rule, **options):
        root = Path(fixtures)
        try:
            manifest = read_json(root / "articles/manifest.json", root)["reports"]
            provinces = read_json(root / "reference/provinces.json", root)["provinces"]
            localities = read_json(root / "reference/localities.json", root)["localities"]
        except FixtureError as exc:
            raise CommandError(str(exc)) from None
        known = {entry["slug"]: entry for entry in manifest}
        unknown = [slug for slug in reports if slug not in known]
        if unknown:
            raise CommandError(f"unknown report slug(s): {', '.join(unknown)}; known: {', '.join(known)}")
        province_names = [(p["slug"], p["name"]) for p in provinces]
        locality_names = [(f"{loc['province']}/{loc['slug']}", loc["name"]) for loc in localities]
        output = []
        for slug in reports or known:
            entry = known[slug]
            try:
                text = read_text(root / "articles" / entry["file"], root)
            except FixtureError as exc:
                raise CommandError(str(exc)) from None
            found = extract(text, province_names, locality_names)
            output.append(
                {
                    "report": slug,
                    "file": entry["file"],
                    "candidates": {
                        name: [c.as_dict() for c in candidates]
                        for name, candidates in found.items()
                        if not rule or name in rule
                    },
                }
            )
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
