"""Shared fixtures: the real, curated data is loaded once per test database.

Each test then runs inside a transaction that is rolled back, so tests may change data freely.
"""

import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lessons.models import Initiative, Lesson
from portal.core.pagecache import current_data_version
from provinces.models import Metric, Province, Report
from tests.signing_in import with_editor_mark


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_portal_data", verbosity=0)
        # The data version exists before any test counts queries: making it reads the history.
        current_data_version()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request to /en/ leaves English active in the thread."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def fixtures_copy(tmp_path):
    """A private copy of fixtures/ that a test may break on purpose."""
    target = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_ROOT, target)
    return target


@pytest.fixture
def lai_chau(db):
    return Province.objects.get(slug="lai-chau")


@pytest.fixture
def yen_bai(db):
    return Province.objects.get(slug="yen-bai")


@pytest.fixture
def a_lesson(db):
    return Lesson.objects.select_related("report").order_by("slug").first()


@pytest.fixture
def an_initiative(db):
    return Initiative.objects.select_related("report").order_by("slug").first()


@pytest.fixture
def a_metric(db):
    return Metric.objects.select_related("report").order_by("slug").first()


@pytest.fixture
def a_report(db):
    return Report.objects.order_by("slug").first()


@pytest.fixture
def verified_login(db):
    """Signs a client in as a user who has entered their second factor's code: a superuser needs
    it (portal/curation/accounts.py), and force_login alone leaves them at the two-step page."""

    def sign_in(client, user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return with_editor_mark(client)

    return sign_in


@pytest.fixture
def admin_client(client, django_user_model, verified_login):
    admin = django_user_model.objects.create_superuser("quan-tri", "admin@example.org", "mật-khẩu-Đủ-dài-123")
    return verified_login(client, admin)


def pytest_terminal_summary(terminalreporter):
    """How many hostile requests the fuzz tests sent (tests/public/test_fuzz.py)."""
    fuzz = __import__("sys").modules.get("tests.public.test_fuzz")
    if fuzz and fuzz.COUNTER["requests"]:
        terminalreporter.write_line(f"fuzzed requests: {fuzz.COUNTER['requests']}")
