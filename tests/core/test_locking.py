"""Optimistic locking: a change form loaded before someone else's save cannot overwrite that save."""

import csv
import io
import json
import re
import threading
import time
import zipfile

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from lessons.models import Lesson, Theme
from portal.core.locking import StaleVersion, lock_version
from provinces.models import Locality, Metric, Province
from tests.admin_forms import admin_url, form_data, inline_prefix, lesson_form_data

STALE = "vừa được người khác sửa"


def loaded_version(response):
    return int(re.search(r'name="loaded_version" value="(\d+)"', response.content.decode()).group(1))


# ---- the model ------------------------------------------------------------------------------
def test_every_save_bumps_the_version(db):
    theme = Theme.objects.create(slug="thu", name="Chủ đề thử", name_en="Trial", group="pillar", position=99)
    assert theme.version == 1
    theme.name = "Chủ đề thử, sửa"
    theme.save()
    theme.save(update_fields=["name"])  # a partial save writes the version too
    theme.refresh_from_db()
    assert theme.version == 3
    theme.pk, theme.slug, theme.name, theme.position = None, "ban-sao", "Bản sao", 98
    theme.save()  # a copy is a new row: it starts again at 1
    assert Theme.objects.get(slug="ban-sao").version == 1


def test_lock_version_refuses_a_stale_version(a_lesson):
    with transaction.atomic():
        assert lock_version(a_lesson, a_lesson.version) == a_lesson.version
    Lesson.objects.filter(pk=a_lesson.pk).update(version=F("version") + 1)
    with pytest.raises(StaleVersion) as error, transaction.atomic():
        lock_version(a_lesson, a_lesson.version)
    assert error.value.current == a_lesson.version + 1


# ---- the admin ------------------------------------------------------------------------------
def test_change_form_carries_the_loaded_version(admin_client, a_lesson):
    Lesson.objects.filter(pk=a_lesson.pk).update(version=7)
    assert loaded_version(admin_client.get(admin_url(Lesson, "change", a_lesson.pk))) == 7


def test_a_stale_form_is_refused_and_keeps_the_editors_input(admin_client, a_lesson):
    url = admin_url(Lesson, "change", a_lesson.pk)
    page = admin_client.get(url)
    version = loaded_version(page)
    history_before = a_lesson.history.count()
    assert admin_client.post(url, form_data(page, title="Sửa lần thứ nhất")).status_code == 302
    a_lesson.refresh_from_db()
    assert (a_lesson.title, a_lesson.version) == ("Sửa lần thứ nhất", version + 1)

    # The same page, submitted again: it was loaded before the first save.
    response = admin_client.post(url, form_data(page, title="Sửa lần thứ hai, từ trang cũ"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Bản ghi này vừa được người khác sửa (phiên bản {version + 1})" in content
    assert "Sửa lần thứ hai, từ trang cũ" in content  # the editor's input is still in the form
    assert loaded_version(response) == version  # and still stale: a blind resubmit is refused too
    a_lesson.refresh_from_db()
    assert (a_lesson.title, a_lesson.version) == ("Sửa lần thứ nhất", version + 1)
    assert a_lesson.history.count() == history_before + 1  # the refused save left no history either


def test_a_form_without_a_version_is_refused(admin_client, a_lesson):
    url = admin_url(Lesson, "change", a_lesson.pk)
    data = form_data(admin_client.get(url), title="Không có phiên bản")
    del data["loaded_version"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "không mang số phiên bản" in response.content.decode()
    a_lesson.refresh_from_db()
    assert a_lesson.title != "Không có phiên bản"


@pytest.mark.parametrize("model", [Province, Locality, Theme, Metric], ids=lambda m: m.__name__)
def test_every_content_admin_checks_the_version(admin_client, model):
    obj = model.objects.order_by("pk").first()
    url = admin_url(model, "change", obj.pk)
    page = admin_client.get(url)
    assert admin_client.post(url, form_data(page)).status_code == 302
    response = admin_client.post(url, form_data(page))
    assert response.status_code == 200
    assert STALE in response.content.decode()
    obj.refresh_from_db()
    assert obj.version == loaded_version(page) + 1


def test_inline_rows_are_checked_only_when_changed(admin_client):
    province = Province.objects.get(slug="yen-bai")
    first, second = province.localities.order_by("pk")[:2]
    url = admin_url(Province, "change", province.pk)
    page = admin_client.get(url)
    data = form_data(page)
    prefix = inline_prefix(data, first.pk)
    # Someone saves the first locality after the province page was loaded.
    Locality.objects.filter(pk=first.pk).update(version=F("version") + 1)

    # Untouched, the stale inline row is not saved, so the province can still be saved.
    assert admin_client.post(url, data).status_code == 302
    # Edited, it is refused: it would overwrite the other save.
    page = admin_client.get(url)
    Locality.objects.filter(pk=first.pk).update(version=F("version") + 1)
    response = admin_client.post(url, form_data(page, **{f"{prefix}-name_en": "Changed from a stale page"}))
    assert response.status_code == 200
    assert STALE in response.content.decode()
    first.refresh_from_db()
    assert first.name_en != "Changed from a stale page"
    second.refresh_from_db()
    assert second.version == 1  # unchanged rows are never written


# ---- nothing public shows the version, and the loader ignores it --------------------------------
def test_the_version_is_not_published(client, a_lesson):
    Lesson.objects.filter(pk=a_lesson.pk).update(version=987654)
    assert "987654" not in client.get(a_lesson.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/lessons/{a_lesson.slug}/").json()
    assert "version" not in api
    rows = client.get("/api/v1/lessons/", {"page_size": 500}).json()["results"]
    assert all("version" not in row for row in rows)
    export = b"".join(client.get("/lessons/?format=csv").streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(export)))
    assert "version" not in header and "987654" not in export
    assert all("version" not in row for row in client.get("/data/cds-tinh-portal-data.json").json()["lessons"])
    with zipfile.ZipFile(io.BytesIO(client.get("/data/cds-tinh-portal-data.zip").content)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        tables = [r for r in descriptor["resources"] if "schema" in r]  # not the annotations (JSON-LD)
        assert all(f["name"] != "version" for r in tables for f in r["schema"]["fields"])
        assert "987654" not in archive.read("lessons.csv").decode()


def test_loader_and_verify_ignore_the_version(admin_client, a_lesson):
    # An admin save that changes nothing but the version, and a version far from the loaded one.
    url = admin_url(Lesson, "change", a_lesson.pk)
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    Theme.objects.update(version=F("version") + 41)
    out = io.StringIO()
    call_command("load_portal_data", stdout=out)
    assert "Changed 0 records" in out.getvalue()
    out = io.StringIO()
    call_command("verify_portal_data", stdout=out)
    assert "The database matches the fixtures" in out.getvalue()


# ---- PostgreSQL: two real concurrent transactions ---------------------------------------------
def in_thread(function):
    """Run `function` in a thread with its own database connection (its commits are real)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def result(thread, outcome):
    thread.join(timeout=30)
    assert not thread.is_alive(), "thread did not finish"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and READ COMMITTED")
def test_two_concurrent_saves_one_wins_one_is_refused(db):
    # The threads' connections do not see this test's transaction, only the committed real data.
    lesson = Lesson.objects.order_by("slug").first()
    original = Lesson.objects.filter(pk=lesson.pk).values("title", "version", "search_text").get()
    model_admin = admin.site._registry[Lesson]
    request = RequestFactory().get("/")
    request.user = get_user_model()(username="bien-tap", is_staff=True, is_superuser=True, is_active=True)
    form_class = model_admin.get_form(request, lesson, change=True)  # the admin's own form class
    data = lesson_form_data(lesson, loaded_version=original["version"])  # both editors loaded the same version
    barrier = threading.Barrier(2)
    started = timezone.now()

    def save(title):
        with transaction.atomic():  # as ModelAdmin.changeform_view does
            form = form_class({**data, "title": title}, instance=Lesson.objects.get(pk=lesson.pk))
            barrier.wait(timeout=10)  # both transactions are open now
            checked = time.monotonic()
            if not form.is_valid():
                return title, "refused", time.monotonic() - checked, form.non_field_errors()
            form.save()
            # Hold the transaction (and the row lock) open: without FOR UPDATE the other
            # editor's check would read the old version now, pass, and overwrite this save.
            time.sleep(0.5)
            return title, "saved", time.monotonic() - checked, []

    try:
        threads = [in_thread(lambda title=title: save(title)) for title in ("Biên tập viên A", "Biên tập viên B")]
        outcomes = sorted((result(*thread) for thread in threads), key=lambda outcome: outcome[1])
        (_, refused, waited, errors), (winner, saved, _, _) = outcomes
        assert (refused, saved) == ("refused", "saved")
        assert STALE in errors[0] and f"phiên bản {original['version'] + 1}" in errors[0]
        assert waited > 0.3  # the refused save waited for the winner's commit at the row lock
        row = result(*in_thread(lambda: Lesson.objects.filter(pk=lesson.pk).values("title", "version").get()))
        assert row == {"title": winner, "version": original["version"] + 1}
    finally:

        def restore():  # committed, like the saves: put the real data back as it was
            Lesson.objects.filter(pk=lesson.pk).update(**original)
            records = Lesson.history.filter(id=lesson.pk, history_date__gte=started)
            Lesson.history.model.themes.filter(history__in=records).delete()  # no FK cascade here
            records.delete()

        result(*in_thread(restore))
