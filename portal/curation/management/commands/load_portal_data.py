"""Load the reviewed fixtures into the database: the one way public data gets in.

Idempotent (a second run changes nothing) and atomic (a broken fixture aborts the load,
changes no row, and names the file, record and field). See fixtures/README.md.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.curation.loading import FixtureError, PortalDataLoader


class Command(BaseCommand):
    help = "Load provinces, reports, lessons, initiatives and metrics from fixtures/ (atomic, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(settings.FIXTURES_ROOT),
            help="Fixtures folder (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate everything and report what would change, then roll back.",
        )

    def handle(self, *args, fixtures, dry_run, verbosity, **options):
        progress = self.stdout.write if verbosity >= 1 else None
        loader = PortalDataLoader(fixtures, progress=progress)
        try:
            result = loader.load(dry_run=dry_run)
        except FixtureError as exc:
            count = len(exc.errors)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''} in {fixtures}; nothing was changed.\n"
                + "\n".join(f"  - {error}" for error in exc.errors)
            ) from None
        if verbosity < 1:
            return
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {result.changed} records in {result.seconds:.2f} s.")
            + (" (dry run: rolled back)" if dry_run else "")
        )
