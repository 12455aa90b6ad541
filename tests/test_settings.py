"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_import(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = settings_import()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_malformed_boolean_is_refused(value):
    result = settings_import(DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_defaults_to_sqlite_and_reads_database_url():
    assert "sqlite3" in settings_import(DEBUG="1").stdout
    result = settings_import(SECRET_KEY="x" * 50, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def manage(*args, **env):
    """manage.py in an environment holding only PATH, HOME and `env`, as on a fresh machine."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_no_pending_migrations():
    # Bare, as a newcomer types it: manage.py uses the local settings without DEBUG=1.
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_manage_py_keeps_a_deployments_settings():
    refused = manage("check", DEBUG="0")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
    production = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)", SECRET_KEY="x" * 50
    )
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["False"]
