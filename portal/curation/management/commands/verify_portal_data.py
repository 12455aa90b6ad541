"""Check the live database against the fixtures and the source texts; report any drift.

It lists every record whose excerpt is no longer verbatim in its report, then runs the loader
as a dry run (every fixture validated, every excerpt checked against its article, nothing
written) and lists each record whose database copy differs from the fixtures,
each record the fixtures define but the database lacks, and each database record no fixture
defines. Exits non-zero when anything drifted, so it can run in monitoring or CI.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lessons.models import Initiative, Lesson
from portal.curation.loading import FixtureError, PortalDataLoader
from provinces.models import Metric


def broken_excerpts():
    """Every record, draft or published, whose excerpt its report's body no longer holds."""
    for model in (Lesson, Initiative, Metric):
        for record in model._base_manager.select_related("report").order_by("slug"):
            if record.excerpt not in record.report.body:
                yield record


class Command(BaseCommand):
    help = "Compare the database with fixtures/ and the source articles; exit 1 on any drift."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(settings.FIXTURES_ROOT))

    def handle(self, *args, fixtures, **options):
        try:
            result = PortalDataLoader(fixtures).load(dry_run=True)
        except FixtureError as exc:
            raise CommandError(
                "The fixtures themselves are invalid:\n" + "\n".join(f"  - {e}" for e in exc.errors)
            ) from None
        lines = [
            f"{record._meta.label} {record.slug}: its excerpt is not verbatim in report {record.report.slug}"
            for record in broken_excerpts()
        ]
        for label, key, what in result.changes:
            if what == "missing":
                lines.append(f"{label} {key}: in the fixtures, missing from the database")
            else:
                lines.append(f"{label} {key}: differs from the fixtures in {', '.join(what)}")
        lines += [
            f"{label} {key}: edited in the admin since the last load; differs from the fixtures in {', '.join(fields)}"
            for label, key, fields in result.kept
        ]
        lines += [f"{label} {key}: in the database, not in the fixtures" for label, key in result.extra]
        if lines:
            raise CommandError(
                f"{len(lines)} difference(s) between the database and {fixtures}:\n"
                + "\n".join(f"  - {line}" for line in lines)
            )
        total = sum(tally.total for tally in result.tallies.values())
        self.stdout.write(self.style.SUCCESS(f"The database matches the fixtures: {total} records checked."))
