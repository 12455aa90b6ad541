"""The edit history: who changed what and when, readable in the admin, and reverting to a version."""

import pytest
from django.contrib.auth.models import Group

from lessons.models import Initiative, Lesson, Theme
from portal.curation.roles import EDITORS, VIEWERS
from provinces.models import Indicator, Locality, Metric, Province, Report
from tests.admin_forms import admin_url, form_data, inline_prefix


def edit(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    return obj


def revert_url(obj, record):
    return admin_url(type(obj), "simple_history", obj.pk, record.history_id)


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a staff member of the given group."""

    def login(group):
        user = django_user_model.objects.create_user(f"nhom-{group}", password="mật-khẩu-Đủ-dài-123", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return client

    return login


def test_an_admin_edit_records_who_and_what(admin_client, a_lesson):
    old_title = a_lesson.title
    edit(admin_client, a_lesson, title="Tiêu đề mới sau khi sửa")
    latest, previous = a_lesson.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user.username == "quan-tri"
    assert latest.version == a_lesson.version
    delta = latest.diff_against(previous)
    assert delta.changed_fields == ["title"]
    assert (delta.changes[0].old, delta.changes[0].new) == (old_title, "Tiêu đề mới sau khi sửa")


def test_the_history_page_shows_who_when_and_what(admin_client, a_lesson):
    old_title = a_lesson.title
    edit(admin_client, a_lesson, title="Tiêu đề mới sau khi sửa")
    response = admin_client.get(admin_url(Lesson, "history", a_lesson.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lịch sử thay đổi" in content
    for text in ("Người thực hiện", "quan-tri", "Thời gian lưu", "Tiêu đề:", old_title, "Tiêu đề mới sau khi sửa"):
        assert text in content
    assert "hệ thống (nạp dữ liệu)" in content  # the loader's rows, which no user made
    assert "Phiên bản" in content and "search_text" not in content


def test_revert_restores_the_old_values_and_bumps_the_version(admin_client, a_lesson):
    old_title = a_lesson.title
    old_record = a_lesson.history.first()
    edit(admin_client, a_lesson, title="Một lần sửa sai")
    version = a_lesson.version

    page = admin_client.get(revert_url(a_lesson, old_record))
    assert page.status_code == 200
    assert "Khôi phục phiên bản này" in page.content.decode()
    data = form_data(page)
    assert data["title"] == old_title  # the form shows the old version
    assert data["loaded_version"] == str(version)  # and is checked against the row as it is now
    assert admin_client.post(revert_url(a_lesson, old_record), data).status_code == 302

    a_lesson.refresh_from_db()
    assert a_lesson.title == old_title
    assert a_lesson.version == version + 1  # a revert is a new save, never an old version number
    latest = a_lesson.history.first()
    assert latest.history_user.username == "quan-tri"
    assert latest.history_change_reason.startswith(f"Khôi phục phiên bản {old_record.version}")


def test_revert_restores_many_to_many_values(admin_client, a_lesson):
    old_themes = set(a_lesson.themes.values_list("pk", flat=True))
    other = Theme.objects.exclude(pk__in=old_themes).first()
    old_record = a_lesson.history.first()
    edit(admin_client, a_lesson, themes=[str(other.pk)])
    assert set(a_lesson.themes.values_list("pk", flat=True)) == {other.pk}

    page = admin_client.get(revert_url(a_lesson, old_record))
    assert admin_client.post(revert_url(a_lesson, old_record), form_data(page)).status_code == 302
    assert set(a_lesson.themes.values_list("pk", flat=True)) == old_themes


def test_a_revert_loaded_before_another_save_is_refused(admin_client, a_lesson):
    old_record = a_lesson.history.first()
    page = admin_client.get(revert_url(a_lesson, old_record))
    edit(admin_client, a_lesson, title="Sửa trong lúc trang khôi phục đang mở")
    response = admin_client.post(revert_url(a_lesson, old_record), form_data(page))
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    a_lesson.refresh_from_db()
    assert a_lesson.title == "Sửa trong lúc trang khôi phục đang mở"


def test_inline_edits_record_the_user_too(admin_client):
    province = Province.objects.get(slug="yen-bai")
    locality = province.localities.order_by("pk").first()
    url = admin_url(Province, "change", province.pk)
    data = form_data(admin_client.get(url))
    prefix = inline_prefix(data, locality.pk)
    data[f"{prefix}-name_en"] = "Renamed in the province page"
    assert admin_client.post(url, data).status_code == 302
    record = Locality.history.filter(id=locality.pk).first()
    assert record.name_en == "Renamed in the province page"
    assert record.history_user.username == "quan-tri"  # from HistoryRequestMiddleware


def test_an_editor_can_see_history_and_revert(staff_client, a_lesson):
    editor = staff_client(EDITORS)
    old_title = a_lesson.title
    old_record = a_lesson.history.first()
    edit(editor, a_lesson, title="Biên tập viên sửa")
    assert editor.get(admin_url(Lesson, "history", a_lesson.pk)).status_code == 200
    page = editor.get(revert_url(a_lesson, old_record))
    assert editor.post(revert_url(a_lesson, old_record), form_data(page)).status_code == 302
    a_lesson.refresh_from_db()
    assert a_lesson.title == old_title
    assert a_lesson.history.first().history_user.username == f"nhom-{EDITORS}"


def test_an_editor_cannot_delete(staff_client, a_lesson):
    editor = staff_client(EDITORS)
    assert editor.post(admin_url(Lesson, "delete", a_lesson.pk), {"post": "yes"}).status_code == 403
    assert Lesson.objects.filter(pk=a_lesson.pk).exists()


@pytest.mark.parametrize("model", [Province, Locality, Report, Indicator, Metric, Theme, Lesson, Initiative])
def test_a_viewer_can_open_every_change_and_history_page(staff_client, model):
    viewer = staff_client(VIEWERS)
    obj = model.objects.order_by("pk").first()
    change = viewer.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert 'name="loaded_version"' not in change.content.decode()  # a read-only page saves nothing
    assert viewer.get(admin_url(model, "history", obj.pk)).status_code == 200
    page = viewer.get(revert_url(obj, obj.history.first()))
    assert page.status_code == 200 and "Khôi phục phiên bản này" not in page.content.decode()


def test_a_viewer_sees_history_but_cannot_change_or_revert(staff_client, a_lesson):
    viewer = staff_client(VIEWERS)
    old_record = a_lesson.history.first()
    records = a_lesson.history.count()
    Lesson.objects.filter(pk=a_lesson.pk).update(title="Bản hiện tại")
    history = viewer.get(admin_url(Lesson, "history", a_lesson.pk))
    assert history.status_code == 200
    assert "Bấm vào một phiên bản để xem lại" not in history.content.decode()  # no revert invitation

    page = viewer.get(revert_url(a_lesson, old_record))
    assert page.status_code == 200
    assert "Khôi phục phiên bản này" not in page.content.decode()
    # The library only hides the button; the POST itself must be refused too.
    data = form_data(page, loaded_version=str(a_lesson.version))
    assert viewer.post(revert_url(a_lesson, old_record), data).status_code == 403
    change = admin_url(Lesson, "change", a_lesson.pk)
    assert viewer.post(change, {**data, "title": "Người xem sửa"}).status_code == 403
    a_lesson.refresh_from_db()
    assert a_lesson.title == "Bản hiện tại"
    assert a_lesson.history.count() == records  # nothing the viewer did was saved


def test_bad_history_addresses_are_404(admin_client, a_lesson):
    assert admin_client.get(f"/admin/lessons/lesson/{a_lesson.pk}/history/abc/").status_code == 404
    assert admin_client.get(f"/admin/lessons/lesson/{a_lesson.pk}/history/999999/").status_code == 404


def test_an_administrator_can_restore_a_deleted_record(admin_client):
    theme = Theme.objects.create(
        slug="tam-thoi", name="Chủ đề tạm thời", name_en="Temporary", group="pillar", position=77
    )
    assert admin_client.post(admin_url(Theme, "delete", theme.pk), {"post": "yes"}).status_code == 302
    history = admin_client.get(admin_url(Theme, "history", theme.pk))
    assert history.status_code == 200 and "Xoá" in history.content.decode()
    created = Theme.history.get(id=theme.pk, history_type="+")
    page = admin_client.get(revert_url(theme, created))
    assert admin_client.post(revert_url(theme, created), form_data(page)).status_code == 302
    restored = Theme.objects.get(pk=theme.pk)
    assert (restored.name, restored.version) == ("Chủ đề tạm thời", 2)
