"""Readers' error reports in the admin: beside the record they are about, in their own list,
and counted in the review queue."""

import pytest
from django.urls import reverse

from portal.core import pagecache
from portal.curation.corrections import REPORTABLE
from portal.curation.models import CorrectionRequest

TEXT = "Tên xã Đồng Tâm bị ghi sai, phải là Đông Tâm; số hộ ử"


@pytest.fixture
def correction(a_lesson):
    return CorrectionRequest.objects.create(
        record=a_lesson, record_label=str(a_lesson), text=TEXT, contact="0912 345 678", language="vi"
    )


def test_shown_on_the_records_change_page(signed_in_editor, correction, a_lesson):
    url = reverse("admin:lessons_lesson_change", args=[a_lesson.pk])
    content = signed_in_editor.get(url).content.decode()
    assert "báo lỗi của bạn đọc về bản ghi này" in content.lower()
    assert TEXT in content and "0912 345 678" in content


def test_an_editor_sets_the_status_and_cannot_change_the_text(signed_in_editor, correction):
    change = signed_in_editor.post(
        reverse("admin:curation_correctionrequest_change", args=[correction.pk]),
        {"status": "fixed", "editor_note": "Đã sửa tên xã.", "text": "đổi đi"},
    )
    assert change.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "fixed" and correction.text == TEXT  # the reader's text is read-only


def test_own_change_list_links_to_the_record(signed_in_editor, correction, a_lesson):
    content = signed_in_editor.get(reverse("admin:curation_correctionrequest_changelist")).content.decode()
    assert reverse("admin:lessons_lesson_change", args=[a_lesson.pk]) in content
    assert "Tên xã Đồng Tâm" in content
    assert signed_in_editor.get(reverse("admin:curation_correctionrequest_add")).status_code == 403


def test_counted_in_the_review_queue(signed_in_editor, correction):
    content = signed_in_editor.get(reverse("admin:curation_candidate_changelist")).content.decode()
    assert "1 báo lỗi mới của bạn đọc đang chờ xem" in content
    correction.status = CorrectionRequest.Status.DISMISSED
    correction.save()
    content = signed_in_editor.get(reverse("admin:curation_candidate_changelist")).content.decode()
    assert "báo lỗi mới của bạn đọc" not in content


@pytest.mark.parametrize("model_name", ["lesson", "initiative", "indicator", "report", "theme", "province"])
def test_every_reportable_records_page_has_the_panel(admin_client, db, model_name):
    model = REPORTABLE[model_name]
    record = model.objects.order_by("pk").first()
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
    assert response.status_code == 200
    assert "correctionrequest" in response.content.decode()


def test_saving_a_request_does_not_retire_cached_pages(db, a_lesson, django_capture_on_commit_callbacks):
    """A correction request is not public data: storing one must not re-render every page."""
    before = pagecache.current_data_version()
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionRequest.objects.create(record=a_lesson, record_label="x", text="y", language="vi")
    assert pagecache.current_data_version() == before
