"""Write the database back to fixtures/: the reviewable record of editors' work.

Run it after editors have worked in the admin, review the `git diff`, and commit: a fresh clone
then loads exactly what the live portal has. A load followed by an export changes no byte.
`--check` writes nothing and exits non-zero when the fixtures differ from the database (for CI
or monitoring).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.curation.exporting import differences, export_files, write_export


class Command(BaseCommand):
    help = "Write themes, provinces, localities, articles and curated records from the database to fixtures/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures", default=str(settings.FIXTURES_ROOT), help="Fixtures folder (default: %(default)s)."
        )
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if the fixtures would change.")

    def handle(self, *args, fixtures, check, verbosity, **options):
        files = export_files()
        if check:
            changed, stale = differences(fixtures, files)
            if changed or stale:
                lines = [f"  - {path}: would be written" for path in changed]
                lines += [f"  - {path}: would be removed" for path in stale]
                raise CommandError(f"{fixtures} differs from the database:\n" + "\n".join(lines))
            self.stdout.write(self.style.SUCCESS(f"{fixtures} matches the database ({len(files)} files)."))
            return
        changed, removed = write_export(fixtures, files)
        if verbosity >= 1:
            for path in changed:
                self.stdout.write(f"  wrote {path}")
            for path in removed:
                self.stdout.write(f"  removed {path}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Exported {len(files)} files to {fixtures}: {len(changed)} changed, {len(removed)} removed."
                )
            )
