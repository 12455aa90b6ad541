"""A report's body and the excerpts quoted from it stay true to each other.

Editing a body so that a quoted sentence disappears is refused, naming each record it would
break; an edit that keeps the quoted words re-anchors them; a wrong excerpt is explained.
"""

import pytest
from django.core.exceptions import ValidationError

from lessons.models import Lesson
from tests.admin_forms import admin_url, form_data


def test_a_body_edit_that_breaks_an_excerpt_is_refused_naming_the_record(a_lesson):
    report = a_lesson.report
    report.body = report.body.replace(a_lesson.excerpt, a_lesson.excerpt.replace(" ", "  ", 1))
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    message = " ".join(error.value.message_dict["body"])
    assert a_lesson.slug in message and a_lesson.title in message


def test_a_body_edit_that_keeps_the_quoted_words_reanchors_them(a_lesson, client):
    report = a_lesson.report
    old_start = a_lesson.excerpt_start
    preface = "Lời dẫn mới của biên tập viên: Đắk Lắk, Đ, ử.\n"
    report.body = preface + report.body
    report.full_clean()
    report.save()
    a_lesson.refresh_from_db()
    assert a_lesson.excerpt_start == old_start + len(preface)
    assert report.body[a_lesson.excerpt_start : a_lesson.excerpt_end] == a_lesson.excerpt
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'id="lesson-{a_lesson.slug}"' in page  # the source link still lands on its sentence


def test_the_admin_refuses_a_breaking_body_edit_and_keeps_the_editors_text(admin_client, a_lesson):
    report = a_lesson.report
    url = admin_url(type(report), "change", report.pk)
    edited = report.body.replace(a_lesson.excerpt, "Câu này đã được viết lại hoàn toàn.")
    response = admin_client.post(url, form_data(admin_client.get(url), body=edited))
    assert response.status_code == 200  # the form comes back
    page = response.content.decode()
    assert a_lesson.slug in page
    assert "Câu này đã được viết lại hoàn toàn." in page  # the editor's input is still there
    report.refresh_from_db()
    assert a_lesson.excerpt in report.body  # nothing was saved


def test_a_wrong_excerpt_is_explained_where_it_differs(a_lesson):
    wrong = a_lesson.excerpt[:20] + "Ꙁ" + a_lesson.excerpt[21:]
    a_lesson.excerpt = wrong
    with pytest.raises(ValidationError) as error:
        a_lesson.full_clean()
    message = " ".join(error.value.message_dict["excerpt"])
    assert "ký tự thứ 21" in message
    assert "“Ꙁ”" in message and f"“{a_lesson.report.body[a_lesson.excerpt_start + 20]}”" in message


def test_a_new_record_gets_its_offset(a_lesson):
    copy = Lesson.objects.get(pk=a_lesson.pk)
    copy.pk, copy.slug, copy.excerpt_start = None, "ban-sao-thu", None
    copy.save()
    assert copy.excerpt_start == a_lesson.report.body.find(a_lesson.excerpt)
