"""Fill a benchmark database with synthetic provinces, reports, lessons, initiatives and metrics.

Benchmarks only: refuses to run unless settings.SYNTHETIC_DATA_ALLOWED is True, which only
portal.settings_bench sets. Example:

    DJANGO_SETTINGS_MODULE=portal.settings_bench BENCH_DATABASE_URL=postgres://…/cds_bench \\
        python manage.py generate_synthetic_data --lessons 100000 --replace
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lessons.synthetic import SyntheticDataError, SyntheticDataGenerator, SyntheticDataRefused
from portal.pagecache import bump_data_version


def positive(raw):
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = "Generate synthetic benchmark data (benchmark databases only: needs portal.settings_bench)."

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
        # Refuse before touching anything: this command must never write to a public database.
        if getattr(settings, "SYNTHETIC_DATA_ALLOWED", False) is not True:
            raise CommandError(
                "Refusing to generate synthetic data: SYNTHETIC_DATA_ALLOWED is off in these settings. "
                "Synthetic data belongs in a separate benchmark database only: run with "
                "DJANGO_SETTINGS_MODULE=portal.settings_bench and BENCH_DATABASE_URL set."
            )
        progress = self.stdout.write if verbosity >= 2 else None
        generator = SyntheticDataGenerator(lessons, provinces=provinces, seed=seed, replace=replace, progress=progress)
        try:
            result = generator.generate()
        except (SyntheticDataError, SyntheticDataRefused) as exc:
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
