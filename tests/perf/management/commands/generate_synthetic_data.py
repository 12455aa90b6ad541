"""Fill a benchmark database with synthetic provinces, reports, lessons, initiatives and metrics.

The command exists only under tests.perf.settings (the one settings module that installs the
perf app), and those settings accept only a separate benchmark database. Example:

    DJANGO_SETTINGS_MODULE=tests.perf.settings BENCH_DATABASE_URL=postgres://…/cds_bench \\
        python manage.py generate_synthetic_data --lessons 100000 --replace
"""

from django.core.management.base import BaseCommand, CommandError

from portal.core.pagecache import bump_data_version
from tests.perf.synthetic import SyntheticDataError, SyntheticDataGenerator


def positive(raw):
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = "Generate synthetic benchmark data into the benchmark database of tests.perf.settings."

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=positive, required=True, help="Number of lessons to create.")
        parser.add_argument(
            "--provinces",
            type=positive,
            default=None,
            help="Number of synthetic provinces (default: about one per 2,000 lessons).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First delete every portal row (themes, provinces, reports, lessons, …) in the same transaction.",
        )

    def handle(self, *args, lessons, provinces, seed, replace, verbosity, **options):
        progress = self.stdout.write if verbosity >= 2 else None
        generator = SyntheticDataGenerator(lessons, provinces=provinces, seed=seed, replace=replace, progress=progress)
        try:
            result = generator.generate()
        except SyntheticDataError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        # bulk_create sends no signals: retire cached pages and counts explicitly.
        bump_data_version()
        if verbosity < 1:
            return
        if replace:
            self.stdout.write(f"Deleted {sum(result.deleted.values())} existing rows.")
        for label, count in result.created.items():
            self.stdout.write(f"{label}: {count} created")
        self.stdout.write(self.style.SUCCESS(f"Generated synthetic data in {result.seconds:.1f} s."))
