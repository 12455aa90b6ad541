"""The province page to work from: a profile, contents, theme chips into the filtered lists, and
the first few records of each kind with a "see all N" link; the same length however many records."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Metric, Province, Report
from tests.caches import empty_cache

from .test_query_counts import add_rows


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode("utf-8")


def test_theme_chip_opens_the_lessons_of_the_province_on_that_theme(client, db):
    """One click from the province page to "Lào Cai, digital government only"."""
    _, content = page(client, "/provinces/lao-cai/")
    theme = Theme.objects.get(slug="digital-government")
    count = Lesson.objects.public().filter(province__slug="lao-cai", themes=theme).count()
    assert count
    link = '<a href="/lessons/?province=lao-cai&amp;theme=digital-government">Chính quyền số '
    assert link + f'<span class="count">({count}<span class="visually-hidden"> bài học</span>)</span></a>' in content
    response, list_content = page(client, "/lessons/?province=lao-cai&theme=digital-government")
    assert response.context["page_obj"].paginator.count == count


def test_initiative_chips_and_todays_province_chips(client, db):
    _, content = page(client, "/provinces/lao-cai/")
    count = Initiative.objects.public().filter(province__slug="lao-cai", themes__slug="digital-economy").count()
    assert (
        f'href="/initiatives/?province=lao-cai&amp;theme=digital-economy">Kinh tế số <span class="count">({count}<'
        in content
    )
    # Today's Lào Cai covers the old Yên Bái: its chips count both and use current_province.
    today = Lesson.objects.public().filter(province__slug__in=["lao-cai", "yen-bai"], themes__slug="awareness").count()
    assert (
        f'href="/lessons/?current_province=lao-cai&amp;theme=awareness">Nhận thức số <span class="count">({today}<'
        in content
    )


def test_province_merged_into_another_has_no_todays_chips(client, db):
    _, content = page(client, "/provinces/yen-bai/")
    assert "current_province=yen-bai" not in content  # not a province of today: the filter would refuse it
    assert 'href="/lessons/?province=yen-bai&amp;theme=' in content
    assert 'được sáp nhập vào <a href="/provinces/lao-cai/">Lào Cai</a>' in content


def test_see_all_links_carry_the_counts_of_the_filtered_lists(client, db):
    response, content = page(client, "/provinces/lao-cai/")
    lessons = Lesson.objects.public().filter(province__slug="lao-cai").count()
    initiatives = Initiative.objects.public().filter(province__slug="lao-cai").count()
    metrics = Metric.objects.public().filter(province__slug="lao-cai").count()
    reports = Report.objects.public().filter(provinces__slug="lao-cai").count()
    assert f'<a href="/lessons/?province=lao-cai">Xem tất cả {lessons} bài học của Lào Cai</a>' in content
    assert f'<a href="/initiatives/?province=lao-cai">Xem tất cả {initiatives} sáng kiến của Lào Cai</a>' in content
    assert (
        f'<a href="/indicators/?province=lao-cai">Xem tất cả {metrics} số liệu của Lào Cai, theo chỉ tiêu</a>'
        in content
    )
    assert f'<a href="/reports/?province=lao-cai">Xem tất cả {reports} báo cáo về Lào Cai</a>' in content
    today = lessons + Lesson.objects.public().filter(province__slug="yen-bai").count()
    assert f'<a href="/lessons/?current_province=lao-cai">{today} bài học của Lào Cai hiện nay</a>' in content
    for url, expected in [("/lessons/?province=lao-cai", lessons), ("/lessons/?current_province=lao-cai", today)]:
        assert client.get(url).context["page_obj"].paginator.count == expected


def test_kind_links_open_the_list_of_that_kind(client, db):
    _, content = page(client, "/provinces/lao-cai/")
    for kind, label in Lesson.Kind.choices:
        count = Lesson.objects.public().filter(province__slug="lao-cai", kind=kind).count()
        if count:
            assert (
                f'<a href="/lessons/?province=lao-cai&amp;kind={kind}">{str(label).capitalize()} ({count})</a>'
                in content
            )


def test_profile_shows_status_reports_and_headline_figures_with_kind_and_period(client, db):
    response, content = page(client, "/provinces/yen-bai/")
    figures = response.context["headline_metrics"]
    assert figures and len(figures) <= 4
    kinds = [metric.kind for metric in response.context["metrics"]]
    order = {"result": 0, "claim": 1, "target": 2}
    assert kinds == sorted(kinds, key=order.get)  # results first, targets last
    profile = content.split('<div class="province-profile">')[1].split('<nav class="contents"')[0]
    assert "Từ năm 2025" in profile
    assert "báo cáo nguồn</h2>" in profile
    for metric in figures:
        assert metric.get_source_url() in profile
        assert str(metric.period_year) in profile
    assert profile.count('<span class="tag kind-result">kết quả</span>') == sum(m.kind == "result" for m in figures)


def test_contents_list_links_to_every_section(client, db):
    _, content = page(client, "/provinces/lao-cai/")
    contents = content.split('<nav class="contents"')[1].split("</nav>")[0]
    for anchor in re.findall(r'href="#([a-z-]+)"', contents):
        assert f'id="{anchor}"' in content, anchor


def test_page_length_does_not_grow_with_the_records(client, db):
    _, before = page(client, "/provinces/lao-cai/")
    add_rows(10)
    Lesson.objects.filter(slug__contains="-copy-").update(province=Province.objects.get(slug="lao-cai"))
    response, after = page(client, "/provinces/lao-cai/")
    assert len(response.context["lessons"]) == 5
    assert after.count('<li class="card">') == before.count('<li class="card">') == 10


def test_query_count_is_pinned_and_does_not_grow(client, db, django_assert_num_queries):
    """The profile reads a fixed set: the province, the provinces merged into it, their counts
    (one grouped query per relation), the themes and two theme counts, the lesson kinds, five
    lessons and five initiatives (each with their themes), ten figures, five reports (with their
    provinces), the localities and the provinces to compare with."""
    with django_assert_num_queries(19):
        page(client, "/provinces/lao-cai/")
    add_rows(10)
    with django_assert_num_queries(19):
        page(client, "/provinces/lao-cai/")


@pytest.mark.parametrize("url", ["/en/provinces/lao-cai/", "/en/provinces/yen-bai/"])
def test_english_page(client, db, url):
    _, content = page(client, url)
    assert "On this page" in content and "By theme" in content
    assert re.search(r"See all \d+ lessons of (Lao Cai|Yen Bai)", content)
    assert 'href="/en/lessons/?province=' in content


def test_its_counts_are_remembered_until_the_data_changes(client, db, settings, django_capture_on_commit_callbacks):
    settings.AGGREGATE_CACHE_SECONDS = 600
    empty_cache()
    try:
        with CaptureQueriesContext(connection) as first:
            before = client.get("/provinces/lao-cai/").context["province"].lesson_count
        with CaptureQueriesContext(connection) as second:
            client.get("/provinces/lao-cai/")
        assert len(second) < len(first)
        lesson = Lesson.objects.filter(province__slug="yen-bai").order_by("pk").first()
        with django_capture_on_commit_callbacks(execute=True):
            lesson.province = Province.objects.get(slug="lao-cai")
            lesson.save()
        assert client.get("/provinces/lao-cai/").context["province"].lesson_count == before + 1
    finally:
        empty_cache()
