"""After the first load the database is where editors work: a load never silently undoes an edit.

A record saved in the admin since the last load keeps the edit; the load lists it, and only
`--overwrite-edits` puts the fixtures' values back. Records nobody edited still follow the
fixtures.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Lesson
from tests.admin_forms import admin_url, lesson_form_data

CORRECTED = "Tiêu đề do biên tập viên sửa: Đổi mới cách làm, đủ dấu"


def load(*args):
    out = io.StringIO()
    call_command("load_portal_data", *args, stdout=out)
    return out.getvalue()


def edit_in_admin(admin_client, lesson, **changes):
    response = admin_client.post(admin_url(Lesson, "change", lesson.pk), lesson_form_data(lesson, **changes))
    assert response.status_code == 302, response.content.decode()[:500]
    lesson.refresh_from_db()


def test_a_load_keeps_an_admin_correction_and_says_so(admin_client, a_lesson):
    edit_in_admin(admin_client, a_lesson, title=CORRECTED)
    dry = load("--dry-run")
    assert "Would change 0 records" in dry
    assert f"lessons.Lesson {a_lesson.slug}: title differ from the fixtures" in dry
    output = load()
    assert "Kept 1 edit(s) made in the admin since the last load" in output
    assert "Changed 0 records" in output
    a_lesson.refresh_from_db()
    assert a_lesson.title == CORRECTED
    assert "Kept 1 edit(s)" in load()  # and again at the next load: the edit is not forgotten


def test_overwrite_edits_puts_the_fixtures_back(admin_client, a_lesson):
    original = a_lesson.title
    edit_in_admin(admin_client, a_lesson, title=CORRECTED)
    output = load("--overwrite-edits")
    assert "Changed 1 records" in output and "Kept" not in output
    a_lesson.refresh_from_db()
    assert a_lesson.title == original
    assert "Kept" not in load()  # the restored record follows the fixtures again


def test_records_nobody_edited_follow_the_fixtures(admin_client, a_lesson, fixtures_copy):
    edit_in_admin(admin_client, a_lesson, title=CORRECTED)
    other = Lesson.objects.exclude(report=a_lesson.report).order_by("slug").first()
    path = fixtures_copy / "curated" / f"{other.report.slug}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["lessons"]:
        if item["slug"] == other.slug:
            item["title_en"] = "A title the curators improved"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    output = load("--fixtures", str(fixtures_copy))
    assert "Changed 1 records" in output and "Kept 1 edit(s)" in output
    other.refresh_from_db()
    a_lesson.refresh_from_db()
    assert other.title_en == "A title the curators improved"
    assert a_lesson.title == CORRECTED


def test_verify_names_the_edit(admin_client, a_lesson):
    edit_in_admin(admin_client, a_lesson, title=CORRECTED)
    with pytest.raises(CommandError) as error:
        call_command("verify_portal_data", stdout=io.StringIO())
    assert f"lessons.Lesson {a_lesson.slug}: edited in the admin since the last load" in str(error.value)
