"""The compare page: two to four provinces side by side, with the 400s of a bad `province`."""

import re

import pytest

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Metric, Province
from tests.downloads import downloaded_json

from .test_query_counts import add_rows

URL = "/compare/?province=lao-cai&province=yen-bai"


@pytest.fixture(autouse=True)
def shared_metric(db):
    """The curated data no longer has an indicator that Lào Cai and Yên Bái share (the two
    steering-committee figures measure different scopes), so the shared table is tested with a
    Yên Bái copy of Lào Cai's metric."""
    metric = Metric.objects.get(slug="lao-cai-phong-van-2023-steering-committee-coverage")
    metric.pk = None
    metric.slug = "test-yen-bai-shared-steering-committee-coverage"
    metric.province = Province.objects.get(slug="yen-bai")
    metric.save()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode("utf-8")


def test_compares_two_provinces_by_name(client, db):
    _, content = page(client, URL)
    assert "Lào Cai" in content and "Yên Bái" in content
    assert "<h1>So sánh Lào Cai và Yên Bái</h1>" in content
    assert '<nav class="breadcrumbs"' in content
    assert '<th scope="col"><a href="/provinces/lao-cai/">Lào Cai</a></th>' in content


def test_columns_follow_the_order_given(client, db):
    response, _ = page(client, "/compare/?province=yen-bai&province=lao-cai")
    assert [province.slug for province in response.context["provinces"]] == ["yen-bai", "lao-cai"]


def test_shared_indicator_is_in_the_table_and_chart_with_source_links(client, db):
    response, content = page(client, URL)
    shared = response.context["shared"]
    assert [row.indicator.slug for row in shared] == ["steering-committee-coverage-province-to-commune"]
    row = shared[0]
    assert 'href="/indicators/steering-committee-coverage-province-to-commune/"' in content
    for cell, slug in zip(row.cells, ["lao-cai", "yen-bai"], strict=True):
        assert [metric.province.slug for metric in cell] == [slug]
        metric = cell[0]
        assert f'<a href="{metric.get_source_url()}"' in content
        assert f">{metric.localized_display}</a>" in content
    # The same chart as on indicator pages, with ids unique to this indicator.
    chart = "chart-steering-committee-coverage-province-to-commune"
    assert f'<figure class="chart" id="{chart}" aria-labelledby="{chart}-title">' in content
    assert f'<p class="chart-title" id="{chart}-title">' in content
    assert 'id="chart-title"' not in content


def test_indicators_one_province_has_alone_are_listed(client, db):
    response, content = page(client, URL)
    alone = dict((province.slug, metrics) for province, metrics in response.context["alone"])
    for slug in ("lao-cai", "yen-bai"):
        expected = Metric.objects.filter(province__slug=slug).exclude(
            indicator__slug="steering-committee-coverage-province-to-commune"
        )
        assert {metric.pk for metric in alone[slug]} == set(expected.values_list("pk", flat=True))
        for metric in expected:
            assert metric.get_source_url() in content
    # Every metric of both provinces is on the page: nothing hidden.
    shown = sum(len(cell) for row in response.context["shared"] for cell in row.cells) + sum(
        len(metrics) for metrics in alone.values()
    )
    assert shown == Metric.objects.filter(province__slug__in=["lao-cai", "yen-bai"]).count()


def test_shared_needs_two_of_the_chosen_provinces(client, db):
    """Nam Định shares no indicator with Lào Cai: the table gives way to a sentence."""
    response, content = page(client, "/compare/?province=lao-cai&province=nam-dinh")
    assert response.context["shared"] == []
    assert "Không có chỉ tiêu nào" in content


@pytest.mark.parametrize(
    ("model", "rows", "list_path"),
    [
        (Lesson, "lesson_rows", "/lessons/"),
        (Initiative, "initiative_rows", "/initiatives/"),
    ],
)
def test_theme_counts_equal_orm_counts_and_link_to_filtered_lists(client, db, model, rows, list_path):
    response, content = page(client, URL)
    table = response.context[rows]
    assert [row["theme"].slug for row in table] == list(Theme.objects.values_list("slug", flat=True))
    assert len(table) == 8
    nonzero = 0
    for row in table:
        theme = row["theme"]
        assert [province.slug for province, _ in row["cells"]] == ["lao-cai", "yen-bai"]
        for province, count in row["cells"]:
            assert count == model.objects.filter(province=province, themes=theme).count()
            link = f'href="{list_path}?province={province.slug}&amp;theme={theme.slug}">{count}<'
            if count:
                nonzero += 1
                assert link in content
            else:
                assert link not in content
    assert nonzero > 0
    for slug in ("lao-cai", "yen-bai"):
        total = model.objects.filter(province__slug=slug).count()
        assert f'href="{list_path}?province={slug}">{total}<' in content


def test_count_links_give_the_same_number_on_the_list_page(client, db):
    _, content = page(client, URL)
    match = re.search(r'href="(/lessons/\?province=yen-bai&amp;theme=awareness)">(\d+)<', content)
    listed = downloaded_json(client.get(match.group(1).replace("&amp;", "&") + "&format=json"))
    assert listed["count"] == int(match.group(2))


def test_merger_is_noted(client, db):
    _, content = page(client, URL)
    assert "Từ 01/07/2025, Yên Bái được sáp nhập vào Lào Cai." in content


def test_successor_notes_the_provinces_it_absorbed(client, db):
    _, content = page(client, "/compare/?province=lao-cai&province=nam-dinh")
    assert "Từ 01/07/2025, Nam Định được sáp nhập vào Ninh Bình." in content
    assert "Từ năm 2025 Lào Cai còn bao gồm:" in content
    assert '<a href="/provinces/yen-bai/">Yên Bái</a>' in content


def test_english_version(client, db):
    response, content = page(client, "/en/compare/?province=lao-cai&province=yen-bai")
    assert '<html lang="en">' in content
    assert "Lao Cai" in content and "Yen Bai" in content
    assert (
        "Share of agencies, units and localities from province to commune "
        "with a digital transformation steering committee" in content
    )
    assert 'href="/en/lessons/?province=lao-cai&amp;theme=' in content
    assert 'href="/en/initiatives/?province=yen-bai&amp;theme=' in content
    assert 'href="/en/indicators/steering-committee-coverage-province-to-commune/"' in content
    assert "Digital government" in content


@pytest.mark.parametrize(
    "query",
    [
        "province=",
        "other=1",
        "province=lao-cai",
        "province=lao-cai&province=yen-bai&province=nam-dinh&province=lai-chau&province=ninh-binh",
        "province=lao-cai&province=ha-noi",
        "province=lao-cai&province=lao-cai",
        "province=lao-cai&province=yen-bai&province=lao-cai",
    ],
)
def test_bad_choice_shows_the_picker_again_with_an_error_summary(client, db, query):
    """GOV.UK's validation pattern: the form again, "Lỗi:" in the title, a summary linking to the
    field, the message beside it; the status stays 400 like every bad parameter on the site."""
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Lỗi: So sánh tỉnh" in content
    assert '<div class="error-summary" role="alert"' in content
    assert '<li><a href="#compare-provinces">' in content
    assert '<p class="field-error" id="compare-provinces-error">' in content
    assert '<form class="filters compare-picker"' in content
    assert response.context["errors"]


def test_bad_province_messages_say_what_is_wrong(client, db):
    assert "Không có tỉnh “ha-noi”" in client.get("/compare/?province=lao-cai&province=ha-noi").content.decode()
    assert "được chọn hơn một lần" in client.get("/compare/?province=yen-bai&province=yen-bai").content.decode()
    assert "từ 2 đến 4 tỉnh" in client.get("/compare/?province=yen-bai").content.decode()


def test_one_ticked_province_keeps_its_tick_and_says_what_to_do(client, db):
    response = client.get("/compare/?province=lao-cai")
    content = response.content.decode()
    assert response.status_code == 400
    assert '<input type="checkbox" name="province" value="lao-cai" checked>' in content
    assert content.count("Hãy chọn từ 2 đến 4 tỉnh để so sánh.") == 2  # the summary and the field


def test_english_error_summary(client, db):
    response = client.get("/en/compare/?province=lao-cai")
    content = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Compare provinces" in content
    assert "There is a problem with your choice" in content


def test_counts_carry_a_caveat(client, db):
    _, content = page(client, URL)
    assert "không đo thành tích hay mức độ chuyển đổi số của tỉnh" in content
    assert content.count("không phải kết quả thực hiện hay thứ hạng của tỉnh") == 2  # both theme tables


def test_little_comparable_is_said_plainly(client, db):
    response, content = page(client, "/compare/?province=lao-cai&province=ninh-binh")
    assert response.context["comparability"] == {
        "shared": 0,
        "few": True,
        "empty": [Province.objects.get(slug="ninh-binh")],
    }
    assert "Ít điều để so sánh." in content
    assert "Các tỉnh này không có chỉ tiêu nào cùng đo" in content
    assert "Chưa có bài học, sáng kiến hay số liệu nào của: Ninh Bình." in content


def test_four_provinces_are_allowed(client, db):
    response, _ = page(client, "/compare/?province=lao-cai&province=yen-bai&province=nam-dinh&province=lai-chau")
    assert len(response.context["provinces"]) == 4


def test_bare_page_is_a_picker_of_the_provinces_with_records(client, db):
    response, content = page(client, "/compare/")
    assert '<form class="filters compare-picker" method="get" action="/compare/" novalidate>' in content
    with_data = set(Province.objects.public().with_data().values_list("slug", flat=True))
    assert with_data and with_data != set(Province.objects.values_list("slug", flat=True))
    for province in Province.objects.all():
        checkbox = f'<input type="checkbox" name="province" value="{province.slug}">'
        assert (checkbox in content) == (province.slug in with_data), province.slug
    assert "checked" not in content
    assert "shared" not in response.context


def test_result_page_repeats_the_picker_with_the_choice_checked(client, db):
    _, content = page(client, URL)
    assert '<input type="checkbox" name="province" value="lao-cai" checked>' in content
    assert '<input type="checkbox" name="province" value="nam-dinh">' in content


def test_header_links_to_the_compare_page(client, db):
    _, content = page(client, "/")
    assert '<a href="/compare/">So sánh tỉnh</a>' in content
    _, content = page(client, "/en/")
    assert 'href="/en/compare/"' in content


def test_province_page_offers_comparisons_with_provinces_that_have_data(client, db):
    _, content = page(client, "/provinces/yen-bai/")
    assert '<a href="/compare/?province=yen-bai&amp;province=lao-cai">Lào Cai</a>' in content
    assert '<a href="/compare/?province=yen-bai&amp;province=nam-dinh">Nam Định</a>' in content
    assert "province=ninh-binh" not in content  # no data to compare
    assert "province=yen-bai&amp;province=yen-bai" not in content


def test_query_count_is_pinned_and_does_not_grow(client, db, django_assert_num_queries):
    url = "/compare/?province=lao-cai&province=yen-bai&province=nam-dinh"
    with django_assert_num_queries(7):
        page(client, url)
    add_rows(10)
    with django_assert_num_queries(7):
        response, _ = page(client, url)
    assert sum(count for row in response.context["lesson_rows"] for _, count in row["cells"]) > 0
    with django_assert_num_queries(1):
        page(client, "/compare/")
