"""export_portal_data writes the database back to fixtures/: byte for byte what a load reads."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Lesson
from portal.curation.exporting import differences, export_files
from provinces.models import NotCaptured
from tests.admin_forms import admin_url, lesson_form_data


def export(*args):
    out = io.StringIO()
    call_command("export_portal_data", *args, stdout=out)
    return out.getvalue()


def test_load_then_export_changes_no_byte(db):
    files = export_files()
    assert differences(settings.FIXTURES_ROOT, files) == ([], [])
    assert "matches the database (14 files)" in export("--check")


def test_the_curators_notes_travel_with_the_records(db):
    data = json.loads((settings.FIXTURES_ROOT / "curated/yen-bai-lam-bai-ban-2023.json").read_text(encoding="utf-8"))
    notes = NotCaptured.objects.filter(report__slug="yen-bai-lam-bai-ban-2023").order_by("position")
    assert [(note.text, note.reason) for note in notes] == [(n["text"], n["reason"]) for n in data["not_captured"]]
    assert NotCaptured.objects.public().count() == 0  # never shown to the public


def test_an_admin_edit_is_exported_alone_and_a_reload_keeps_it(admin_client, a_lesson, fixtures_copy):
    title = "Tiêu đề sửa trong trang quản trị: Đổi mới, đủ dấu ử"
    response = admin_client.post(admin_url(Lesson, "change", a_lesson.pk), lesson_form_data(a_lesson, title=title))
    assert response.status_code == 302
    with pytest.raises(CommandError, match=rf"curated/{a_lesson.report.slug}.json: would be written"):
        export("--check", "--fixtures", str(fixtures_copy))
    output = export("--fixtures", str(fixtures_copy))
    assert f"wrote curated/{a_lesson.report.slug}.json" in output and "1 changed, 0 removed" in output
    raw = (fixtures_copy / f"curated/{a_lesson.report.slug}.json").read_text(encoding="utf-8")
    assert f'"title": "{title}"' in raw  # readable in a diff: UTF-8, not \\u escapes
    reloaded = io.StringIO()
    call_command("load_portal_data", "--fixtures", str(fixtures_copy), stdout=reloaded)
    assert "Changed 0 records" in reloaded.getvalue() and "Kept" not in reloaded.getvalue()
    a_lesson.refresh_from_db()
    assert a_lesson.title == title


def test_drafts_are_not_exported(db, a_lesson, fixtures_copy):
    draft = Lesson.objects.get(pk=a_lesson.pk)
    draft.pk, draft.slug = None, "ban-nhap-chua-duyet"
    draft.mark_draft()
    draft.save()
    files = export_files()
    assert b"ban-nhap-chua-duyet" not in b"".join(files.values())
    assert differences(settings.FIXTURES_ROOT, files) == ([], [])
