"""`verify_portal_data` reports drift between the database and the fixtures."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Lesson, Theme


def verify():
    out = io.StringIO()
    call_command("verify_portal_data", stdout=out)
    return out.getvalue()


def test_freshly_loaded_database_matches(db):
    assert "The database matches the fixtures" in verify()


def test_an_edited_field_is_reported(a_lesson):
    Lesson.objects.filter(pk=a_lesson.pk).update(title="Sửa trong trang quản trị")
    with pytest.raises(CommandError, match=rf"lessons.Lesson {a_lesson.slug}: differs from the fixtures in title"):
        verify()


def test_a_deleted_and_an_extra_record_are_reported(a_lesson):
    a_lesson.delete()
    Theme.objects.create(slug="extra-theme", name="Chủ đề thêm", name_en="Extra", group="pillar", position=99)
    with pytest.raises(CommandError) as error:
        verify()
    message = str(error.value)
    assert f"lessons.Lesson {a_lesson.slug}: in the fixtures, missing from the database" in message
    assert "lessons.Theme extra-theme: in the database, not in the fixtures" in message


def test_verify_changes_nothing(a_lesson):
    Lesson.objects.filter(pk=a_lesson.pk).update(title="Sửa")
    with pytest.raises(CommandError):
        verify()
    a_lesson.refresh_from_db()
    assert a_lesson.title == "Sửa"


def test_a_record_whose_excerpt_left_its_report_is_named(a_lesson):
    report = a_lesson.report
    # As if the body had been changed around the model's rules (a raw SQL fix, an old import).
    type(report).objects.filter(pk=report.pk).update(body=report.body.replace(a_lesson.excerpt, "(đã xoá)"))
    with pytest.raises(CommandError) as error:
        verify()
    assert f"lessons.Lesson {a_lesson.slug}: its excerpt is not verbatim in report {report.slug}" in str(error.value)
