"""The review queue: the rules propose candidates from a report; an editor accepts or rejects."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from lessons.models import Lesson, Theme
from portal.curation import review
from portal.curation.models import Candidate
from portal.curation.roles import EDITORS
from provinces.models import Indicator, Metric, Report
from tests.admin_forms import admin_url, form_data


@pytest.fixture
def report(db):
    return Report.objects.get(slug="yen-bai-lam-bai-ban-2023")


@pytest.fixture
def candidates(report):
    return review.propose(report)


def test_candidates_carry_offsets_kinds_places_and_numbers(report, candidates):
    assert {c.kind for c in candidates} >= {Lesson.Kind.LESSON, Candidate.INITIATIVE, Candidate.METRIC}
    for candidate in candidates:
        assert report.body[candidate.start : candidate.end] == candidate.excerpt
        assert candidate.province.slug == "yen-bai"  # the report's only province
    percent = next(c for c in candidates if c.kind == Candidate.METRIC and c.raw.endswith("%"))
    assert percent.unit == Indicator.Unit.PERCENT and percent.value is not None
    assert percent.raw in percent.excerpt


def test_proposing_again_keeps_decisions(report, candidates):
    decided = candidates[0]
    review.reject(decided, "Trùng với một bài học đã có.")
    again = review.propose(report)
    assert decided.pk not in {c.pk for c in again}
    assert (decided.start, decided.end, decided.kind) not in {(c.start, c.end, c.kind) for c in again}
    assert Candidate.objects.filter(report=report, status=Candidate.Status.PENDING).count() == len(again)


def test_an_incomplete_candidate_is_refused_naming_what_is_missing(candidates, admin_user):
    lesson = next(c for c in candidates if c.kind == Lesson.Kind.LESSON)
    with pytest.raises(ValidationError) as error:
        review.accept(lesson, admin_user)
    assert {"themes", "title_en", "subject", "summary_en"} <= set(error.value.message_dict)
    assert not Lesson.objects.filter(excerpt=lesson.excerpt, status="draft").exists()


def test_accepting_creates_a_draft_the_public_does_not_see(candidates, admin_user, client):
    candidate = next(c for c in candidates if c.kind == Lesson.Kind.LESSON)
    candidate.title_en, candidate.subject, candidate.subject_en = "Do it methodically", "Tỉnh Yên Bái", "Yen Bai"
    candidate.summary_en = "The province did it methodically."
    candidate.save()
    candidate.themes.set([Theme.objects.get(slug="awareness")])
    lesson = review.accept(candidate, admin_user)
    assert lesson.status == "draft" and lesson.reviewed_by == admin_user
    assert lesson.report.body[lesson.excerpt_start : lesson.excerpt_end] == candidate.excerpt
    assert client.get(lesson.get_absolute_url()).status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ACCEPTED and candidate.record == f"lessons.Lesson {lesson.slug}"
    with pytest.raises(ValidationError):
        review.accept(candidate, admin_user)  # once only


def test_a_figure_needs_its_indicator(candidates, admin_user):
    figure = next(c for c in candidates if c.kind == Candidate.METRIC and c.raw.endswith("%"))
    with pytest.raises(ValidationError, match="chỉ tiêu"):
        review.accept(figure, admin_user)
    figure.indicator = Indicator.objects.filter(unit=Indicator.Unit.PERCENT).first()
    metric = review.accept(figure, admin_user)
    assert isinstance(metric, Metric) and metric.raw == figure.raw and not metric.is_published


def test_a_rejection_needs_a_reason(candidates):
    with pytest.raises(ValidationError, match="lý do"):
        review.reject(candidates[0], "  ")


@pytest.fixture
def admin_user(django_user_model, db):
    return django_user_model.objects.create_superuser("bien-tap-truong", "bt@example.org", "mật-khẩu-Đủ-dài-123")


def test_an_editor_reviews_in_the_admin(client, django_user_model, report):
    editor = django_user_model.objects.create_user("bien-tap", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    listing = client.get(admin_url(Candidate, "changelist"))
    assert "Chạy quy tắc trích xuất" in listing.content.decode()
    response = client.post("/admin/curation/candidate/propose/", {"report": report.pk}, follow=True)
    assert "Đã đề xuất" in response.content.decode()
    first, second = Candidate.objects.filter(report=report, status="pending").order_by("start", "kind")[:2]
    url = admin_url(Candidate, "change", first.pk)
    page = client.get(url)
    data = form_data(page, reason="Câu dẫn, không phải một bài học.", _reject="Loại")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == admin_url(Candidate, "change", second.pk)
    first.refresh_from_db()
    assert first.status == "rejected" and first.reason == "Câu dẫn, không phải một bài học."
    # Accepting without the English text is refused and says why; the editor's edits are kept.
    url = admin_url(Candidate, "change", second.pk)
    response = client.post(url, form_data(client.get(url), title="Tiêu đề biên tập Đ ử", _accept="Nhận"), follow=True)
    second.refresh_from_db()
    assert second.status == "pending" and second.title == "Tiêu đề biên tập Đ ử"
    assert "tiêu đề tiếng Anh" in response.content.decode().lower() or "chủ đề" in response.content.decode().lower()
    assert client.post("/admin/curation/candidate/propose/", {"report": "x"}).status_code == 302  # no 500


@pytest.fixture
def editor_client(client, django_user_model, db):
    editor = django_user_model.objects.create_user("bien-tap-2", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    return client


def test_the_review_page_highlights_every_candidate_beside_the_list(editor_client, report, candidates):
    page = editor_client.get(f"/admin/curation/candidate/review/{report.pk}/").content.decode()
    for candidate in candidates:
        assert f'id="candidate-{candidate.pk}"' in page or f"#candidate-{candidate.pk}" in page
    assert page.count("<mark") >= len({(c.start, c.end) for c in candidates}) // 2
    assert "js/excerpt-select.js" in page and "<script>" not in page  # CSP: no inline script


def long_line(report):
    return next(line for line in report.body.split("\n") if len(line) > 100)


def test_a_passage_the_rules_missed_becomes_a_candidate(editor_client, report):
    # Across a line end, as a selection of two paragraphs would be: the browser sends CRLF.
    line = long_line(report)
    end = report.body.index(line) + len(line)
    passage = report.body[end - 40 : end + 30].strip()
    assert "\n" in passage
    url = f"/admin/curation/candidate/review/{report.pk}/"
    response = editor_client.post(url, {"kind": "lesson", "excerpt": passage.replace("\n", "\r\n")})
    candidate = Candidate.objects.get(report=report, rule="editor")
    assert response.status_code == 302 and response["Location"] == admin_url(Candidate, "change", candidate.pk)
    assert report.body[candidate.start : candidate.end] == passage


def test_a_passage_not_in_the_article_is_refused_showing_where_it_differs(editor_client, report):
    passage = long_line(report)[:60].strip()
    wrong = passage[:30] + "Ꙁ" + passage[31:]
    response = editor_client.post(
        f"/admin/curation/candidate/review/{report.pk}/", {"kind": "lesson", "excerpt": wrong}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "ký tự thứ 31" in page and "Ꙁ" in page  # the input is kept
    assert not Candidate.objects.filter(report=report, rule="editor").exists()
    assert editor_client.get("/admin/curation/candidate/review/999999/").status_code == 404
