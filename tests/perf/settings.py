"""Settings for benchmarks: the production settings on a separate, throw-away database.

Only these settings install the perf app (tests/perf/apps.py), so only here does
`manage.py generate_synthetic_data` exist. To keep synthetic data away from the public data,
the database comes from BENCH_DATABASE_URL alone, its name must contain "bench", and it must
not be the portal's own database (DATABASE_URL or the default SQLite file).
DEBUG stays off, as in production; TLS redirects are off because benchmarks run on loopback.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from pathlib import Path  # noqa: E402

import dj_database_url  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from portal import settings as _public  # noqa: E402
from portal.settings import *  # noqa: E402,F403

# The generator's command; the portal's own settings never list this app.
INSTALLED_APPS = [*_public.INSTALLED_APPS, "tests.perf"]


def _identity(database):
    """What makes two settings the same database: a SQLite file's real path, else the name."""
    name = str(database.get("NAME") or "")
    if database.get("ENGINE", "").endswith("sqlite3"):
        return ("sqlite", str(Path(name).resolve()))
    return ("server", name)


def _bench_database():
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        raise ImproperlyConfigured("BENCH_DATABASE_URL must be set: the benchmark database to fill and read.")
    bench = dj_database_url.parse(url, conn_max_age=_public.env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
    name = str(bench.get("NAME") or "")
    checked = Path(name).name if bench.get("ENGINE", "").endswith("sqlite3") else name
    if "bench" not in checked.lower():
        raise ImproperlyConfigured(
            f"BENCH_DATABASE_URL must name a benchmark database (with 'bench' in its name), got {checked!r}."
        )
    if _identity(bench) == _identity(_public.DATABASES["default"]):
        raise ImproperlyConfigured(
            "BENCH_DATABASE_URL is the portal's own database (DATABASE_URL); use a separate benchmark database."
        )
    return bench


DATABASES = {"default": _bench_database()}
