"""Propose candidate records from reports in the database, with character offsets.

Any report works, a draft one added in the admin included. Without `--queue` the candidates are
printed as JSON for a curator; with it they fill the admin's review queue ("Đề xuất"), where an
editor accepts or rejects each one (portal/curation/review.py).
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from portal.curation.extraction import extract
from portal.curation.review import propose
from provinces.models import Locality, Province, Report


class Command(BaseCommand):
    help = "Print rule-based candidate records (enumerated items, quoted names, numbers, places), or queue them."

    def add_arguments(self, parser):
        parser.add_argument("reports", nargs="*", help="Report slugs (default: every report).")
        parser.add_argument(
            "--rule",
            choices=["enumerations", "quotes", "numbers", "places"],
            action="append",
            help="Only these rules (repeatable; printing only).",
        )
        parser.add_argument("--queue", action="store_true", help="Fill the admin's review queue instead of printing.")

    def handle(self, *args, reports, rule, queue, **options):
        # Editors' tool: every report, drafts included (a draft is what is being reviewed).
        found_reports = Report.objects.order_by("slug")
        known = set(found_reports.values_list("slug", flat=True))
        unknown = [slug for slug in reports if slug not in known]
        if unknown:
            raise CommandError(f"unknown report slug(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        if reports:
            found_reports = found_reports.filter(slug__in=reports)
        if queue:
            for report in found_reports:
                started = time.perf_counter()
                count = len(propose(report))
                self.stdout.write(f"{report.slug}: {count} candidates queued in {time.perf_counter() - started:.2f} s")
            return
        provinces = list(Province.objects.values_list("slug", "name"))
        localities = [
            (f"{p}/{s}", name) for p, s, name in Locality.objects.values_list("province__slug", "slug", "name")
        ]
        output = []
        for report in found_reports:
            found = extract(report.body, provinces, localities)
            output.append(
                {
                    "report": report.slug,
                    "candidates": {
                        name: [c.as_dict() for c in candidates]
                        for name, candidates in found.items()
                        if not rule or name in rule
                    },
                }
            )
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
