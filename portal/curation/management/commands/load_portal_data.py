"""Load the reviewed fixtures into the database: the one way public data gets in.

Idempotent (a second run changes nothing) and atomic (a broken fixture aborts the load,
changes no row, and names the file, record and field). A record edited in the admin since the
last load keeps the edit and is listed, unless --overwrite-edits. See fixtures/README.md.
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
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Put the fixtures' values back even on records edited in the admin since the last load.",
        )

    def handle(self, *args, fixtures, dry_run, overwrite_edits, verbosity, **options):
        progress = self.stdout.write if verbosity >= 1 else None
        loader = PortalDataLoader(fixtures, progress=progress, overwrite_edits=overwrite_edits)
        try:
            result = loader.load(dry_run=dry_run)
        except FixtureError as exc:
            count = len(exc.errors)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''} in {fixtures}; nothing was changed.\n"
                + "\n".join(f"  - {error}" for error in exc.errors)
            ) from None
        if result.kept:
            # Said even at verbosity 0: an operator must know the fixtures were not applied everywhere.
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {len(result.kept)} edit(s) made in the admin since the last load "
                    "(export them with the fixtures, or load with --overwrite-edits to replace them):"
                )
            )
            for label, key, fields in result.kept:
                self.stdout.write(f"  - {label} {key}: {', '.join(fields)} differ from the fixtures")
        if verbosity < 1:
            return
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {result.changed} records in {result.seconds:.2f} s.")
            + (" (dry run: rolled back)" if dry_run else "")
        )
