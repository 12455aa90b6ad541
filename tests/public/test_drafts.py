"""Drafts are invisible to the public everywhere, and one publishing step makes them public.

A draft report with a draft lesson, initiative and metric is added beside the real data; every
public path (pages, search, counts and facets, downloads, API, feeds, sitemap, data package,
compare, citations) must then answer exactly as if it did not exist. After an editor publishes
the report in the admin, the same paths show it and its records.
"""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from lessons.models import Initiative, Lesson, Theme
from portal.curation.roles import EDITORS, VIEWERS
from provinces.models import Indicator, Metric, Province, Report
from tests.admin_forms import admin_url
from tests.downloads import downloaded_json

MARK = "Đăng ký thử nghiệm"  # in every draft text: nothing public may contain it
BODY = (
    f"{MARK} ở Yên Bái.\n"
    "Thứ nhất, phải có cách làm riêng của tỉnh.\n"
    "Mô hình “Chợ số Đồng Tâm ử” được triển khai ở 12 xã."
)


def make_drafts():
    yen_bai = Province.objects.get(slug="yen-bai")
    report = Report.objects.create(
        slug="ban-nhap-yen-bai",
        title=f"{MARK}: chuyển đổi số",
        title_en="Draft: digital transformation",
        body=BODY,
        source_file="ban-nhap.txt",
    )
    report.provinces.set([yen_bai])
    awareness = Theme.objects.get(slug="awareness")
    lesson = Lesson.objects.create(
        slug="ban-nhap-bai-hoc",
        province=yen_bai,
        report=report,
        subject="Sở TT&TT",
        subject_en="DIC",
        kind=Lesson.Kind.LESSON,
        ordinal=1,
        title=f"{MARK} bài học",
        title_en="Draft lesson",
        summary_en="Draft lesson summary.",
        excerpt="Thứ nhất, phải có cách làm riêng của tỉnh.",
    )
    lesson.themes.set([awareness])
    initiative = Initiative.objects.create(
        slug="ban-nhap-cho-so",
        province=yen_bai,
        report=report,
        name=f"{MARK} Chợ số Đồng Tâm ử",
        name_en="Draft digital market",
        level=Initiative.Level.PROVINCE,
        summary_en="Draft initiative.",
        excerpt="Mô hình “Chợ số Đồng Tâm ử” được triển khai ở 12 xã.",
    )
    initiative.themes.set([awareness])
    metric = Metric.objects.create(
        slug="ban-nhap-so-xa",
        indicator=Indicator.objects.get(slug="e-party-handbook-party-cells"),
        province=yen_bai,
        value=Decimal(12),
        report=report,
        excerpt="được triển khai ở 12 xã",
    )
    assert not any(record.is_published for record in (report, lesson, initiative, metric))
    return {"report": report, "lesson": lesson, "initiative": initiative, "metric": metric}


@pytest.fixture
def drafts(db):
    return make_drafts()


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


PUBLIC_LISTS = [
    "/",
    "/en/",
    "/lessons/",
    "/lessons/?format=csv",
    "/lessons/?format=json",
    "/lessons/?province=yen-bai&theme=awareness",
    "/initiatives/",
    "/initiatives/?format=csv",
    "/reports/",
    "/reports/?format=json",
    "/provinces/yen-bai/",
    "/indicators/e-party-handbook-party-cells/",
    "/indicators/e-party-handbook-party-cells/?format=csv",
    "/themes/awareness/",
    "/search/?q=dang+ky+thu+nghiem",
    "/search/?q=cho+so+dong+tam",
    "/about/",
    "/feeds/latest.atom",
    "/feeds/provinces/yen-bai.atom",
    "/feeds/themes/awareness.atom",
    "/sitemap.xml",
    "/compare/?province=yen-bai&province=lao-cai",
    "/api/v1/lessons/?page_size=500",
    "/api/v1/initiatives/?page_size=500",
    "/api/v1/metrics/?page_size=500",
    "/api/v1/reports/?page_size=500",
    "/data/cds-tinh-portal-data.json",
]

DETAILS = [
    "/reports/ban-nhap-yen-bai/",
    "/lessons/ban-nhap-bai-hoc/",
    "/lessons/ban-nhap-bai-hoc/?cite=bibtex",
    "/initiatives/ban-nhap-cho-so/",
    "/api/v1/lessons/ban-nhap-bai-hoc/",
    "/api/v1/reports/ban-nhap-yen-bai/",
    "/api/v1/metrics/ban-nhap-so-xa/",
]


def counts(client):
    """Public counts: the API totals, the province list's counts and the lesson theme facet."""
    totals = {name: client.get(f"/api/v1/{name}/").json()["count"] for name in ("lessons", "initiatives", "metrics")}
    yen_bai = next(
        row for row in downloaded_json(client.get("/provinces/?format=json"))["results"] if row["slug"] == "yen-bai"
    )
    awareness = next(row for row in client.get("/api/v1/themes/").json()["results"] if row["slug"] == "awareness")
    return totals, yen_bai, awareness


def test_drafts_show_nowhere_in_public(client, db):
    before = counts(client)
    pages_before = {url: text_of(client.get(url)) for url in ("/lessons/", "/provinces/yen-bai/")}
    make_drafts()  # after the first counts
    for url in PUBLIC_LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        for hidden in (MARK, "ban-nhap", "Đồng Tâm ử"):
            assert hidden not in text, (url, hidden)
    for url in DETAILS:
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/metrics/", {"report": "ban-nhap-yen-bai"}).status_code == 400  # an unknown report
    assert counts(client) == before
    for url, text in pages_before.items():
        assert text_of(client.get(url)) == text, url
    with zipfile.ZipFile(io.BytesIO(client.get("/data/cds-tinh-portal-data.zip").content)) as archive:
        for name in archive.namelist():
            assert MARK not in archive.read(name).decode(), name


def test_a_published_record_of_a_draft_report_stays_hidden(client, drafts):
    lesson = drafts["lesson"]
    lesson.mark_published()
    lesson.save()
    assert client.get(lesson.get_absolute_url()).status_code == 404
    assert MARK not in text_of(client.get("/lessons/?format=csv"))


@pytest.fixture
def editor_client(client, django_user_model, db):
    editor = django_user_model.objects.create_user("bien-tap-vien", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    return client, editor


def test_an_editor_publishes_a_report_with_its_records_in_one_step(
    editor_client, drafts, django_capture_on_commit_callbacks
):
    client, editor = editor_client
    report = drafts["report"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(Report, "changelist"),
            {"action": "publish", "_selected_action": [report.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert "Đã công bố 4 bản ghi." in response.content.decode()
    for record in drafts.values():
        record.refresh_from_db()
        assert record.is_published and record.reviewed_by == editor and record.published_at is not None
    public = client.__class__()  # an anonymous reader
    assert public.get("/lessons/ban-nhap-bai-hoc/").status_code == 200
    assert public.get("/reports/ban-nhap-yen-bai/").status_code == 200
    assert MARK in text_of(public.get("/lessons/?format=csv"))
    assert "ban-nhap-so-xa" in json.dumps(public.get("/api/v1/metrics/?page_size=500").json())
    assert "/initiatives/ban-nhap-cho-so/" in text_of(public.get("/search/", {"q": "cho so dong tam"}))
    # and back: a withdrawn report is hidden again (its records with it)
    client.post(admin_url(Report, "changelist"), {"action": "return_to_draft", "_selected_action": [report.pk]})
    assert public.get("/lessons/ban-nhap-bai-hoc/").status_code == 404


def test_a_viewer_cannot_publish(client, django_user_model, drafts):
    viewer = django_user_model.objects.create_user("chi-xem", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    client.force_login(viewer)
    report = drafts["report"]
    client.post(admin_url(Report, "changelist"), {"action": "publish", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert not report.is_published


def test_the_status_is_shown_but_not_typed_in_the_change_form(editor_client, drafts):
    client, _ = editor_client
    page = client.get(admin_url(Lesson, "change", drafts["lesson"].pk)).content.decode()
    assert "bản nháp" in page.lower()
    assert 'name="status"' not in page
