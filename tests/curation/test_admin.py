"""The admin: every model editable, the excerpt rule enforced, permissions respected."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lessons.models import Initiative, Lesson, Theme
from portal.curation.roles import EDITORS, VIEWERS
from provinces.models import Indicator, Locality, Metric, Province, Report
from tests.admin_forms import admin_url, lesson_form_data

ALL_MODELS = [Province, Locality, Report, Indicator, Metric, Theme, Lesson, Initiative]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_form_render(admin_client, model):
    response = admin_client.get(admin_url(model, "changelist"), {"q": "Đ"})
    assert response.status_code == 200
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_changelist_shows_diacritics(admin_client):
    content = admin_client.get(admin_url(Locality, "changelist")).content.decode()
    assert "Tú Lệ" in content
    assert "Liễu Đề" in content


def test_autocomplete_finds_provinces(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Yên", "app_label": "lessons", "model_name": "lesson", "field_name": "province"},
    )
    assert response.status_code == 200
    assert "Yên Bái" in response.json()["results"][0]["text"]


def test_admin_refuses_a_bad_excerpt_and_keeps_the_old_data(admin_client, a_lesson):
    old_excerpt, old_title = a_lesson.excerpt, a_lesson.title
    response = admin_client.post(
        admin_url(Lesson, "change", a_lesson.pk),
        lesson_form_data(a_lesson, excerpt="Đây là một câu bịa, không có trong bài.", title="Tiêu đề mới"),
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "nguyên văn" in response.content.decode()
    a_lesson.refresh_from_db()
    assert a_lesson.excerpt == old_excerpt
    assert a_lesson.title == old_title


def test_admin_accepts_a_good_edit(admin_client, a_lesson):
    response = admin_client.post(
        admin_url(Lesson, "change", a_lesson.pk), lesson_form_data(a_lesson, title="Tiêu đề đã sửa: Đổi mới")
    )
    assert response.status_code == 302
    a_lesson.refresh_from_db()
    assert a_lesson.title == "Tiêu đề đã sửa: Đổi mới"


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("bien-tap", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    return client


def test_editor_can_change_but_not_delete(editor_client, a_lesson):
    assert editor_client.get(admin_url(Lesson, "change", a_lesson.pk)).status_code == 200
    assert editor_client.post(admin_url(Lesson, "delete", a_lesson.pk), {"post": "yes"}).status_code == 403
    assert Lesson.objects.filter(pk=a_lesson.pk).exists()


def test_viewer_can_only_view(client, django_user_model, a_lesson):
    viewer = django_user_model.objects.create_user("nguoi-xem", password="x", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    client.force_login(viewer)
    assert client.get(admin_url(Lesson, "change", a_lesson.pk)).status_code == 200
    response = client.post(admin_url(Lesson, "change", a_lesson.pk), lesson_form_data(a_lesson, title="Đổi"))
    assert response.status_code == 403
    a_lesson.refresh_from_db()
    assert a_lesson.title != "Đổi"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(admin_url(Lesson, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
