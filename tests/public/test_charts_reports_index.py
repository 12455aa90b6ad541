"""Charts that say what they show, report passages that are links, and the two index pages
(/themes/, /api/v1/) that used to be dead ends."""

import pytest
from django.urls import reverse

from lessons.models import Theme
from portal.api.urls import router
from provinces.models import Metric


def test_a_single_figure_is_shown_as_a_figure_and_says_so(client, db):
    page = client.get("/indicators/dx-core-team-zalo-group-members/").content.decode()
    assert "chart-figure-value" in page and "trên 500" in page
    assert "Chỉ một số liệu: chỉ Nam Định nêu chỉ tiêu này" in page
    assert "chart-bar" not in page


def test_ranks_are_words_never_bars(client, db):
    page = client.get("/en/indicators/dti-rank/").content.decode()
    assert page.count('class="chart-row"') == 2
    assert "chart-bar" not in page and "in the top 10" in page
    assert "Ranks are written out, not drawn as bars" in page


def test_bars_show_period_scale_and_qualified_values(client, db):
    metric = Metric.objects.get(indicator__slug="dx-core-team-zalo-group-members")
    twin = Metric.objects.get(pk=metric.pk)
    twin.pk, twin.slug, twin.value, twin.qualifier, twin.period_year = None, "zalo-2024", 300, "exact", 2024
    twin.save()
    page = client.get("/indicators/dx-core-team-zalo-group-members/").content.decode()
    assert page.count('class="chart-row"') == 2
    assert 'width="100.0%"' in page and 'width="60.0%"' in page  # 500 is the scale, 300 is 60 % of it
    assert "chart-fill-qualified" in page and "trên 500" in page  # "over 500" is marked, open-ended
    assert '<span class="chart-period">2023</span>' in page and '<span class="chart-period">2024</span>' in page
    assert "Thang đo của các thanh: từ 0 đến 500." in page
    assert 'href="?format=svg"' in page


def test_the_chart_downloads_as_svg_with_its_source_line(client, db):
    response = client.get("/en/indicators/dti-rank/?format=svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="chart_dti-rank.svg"' in response["Content-Disposition"]
    svg = response.content.decode()
    assert "in the top 10" in svg and "Source:" in svg and "/en/indicators/dti-rank/" in svg
    assert client.get("/indicators/dti-rank/?format=png").status_code == 400


def test_every_report_passage_is_one_link_to_a_record_that_links_back(client, db):
    from provinces.models import Report

    report = Report.objects.public().get(slug="yen-bai-lam-bai-ban-2023")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "<mark" not in page and "backref" not in page
    assert page.count('<a class="passage passage-') >= 20
    assert 'class="passage-also passage-metric"' in page  # a figure inside a lesson's passage
    metric = Metric.objects.public().filter(report=report).first()
    assert f'id="{metric.source_anchor}"' in page and f'href="{metric.get_absolute_url()}"' in page
    assert 'title="Số liệu: ' in page
    indicator_page = client.get(metric.indicator.get_absolute_url()).content.decode()
    assert metric.get_source_url() in indicator_page


def test_themes_index_lists_every_theme_with_counts(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = client.get("/themes/").content.decode()
    for theme in Theme.objects.public().with_counts():
        assert f'href="{theme.get_absolute_url()}"' in page
        assert f"{theme.lesson_count} bài học · {theme.initiative_count} sáng kiến" in page
    english = client.get("/en/themes/").content.decode()
    assert "Digital government" in english and 'href="/en/themes/digital-government/"' in english
    assert 'href="/themes/"' in client.get("/themes/awareness/").content.decode()  # the breadcrumb


def test_api_index_links_every_endpoint_and_the_schema(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/")
    assert response.status_code == 200
    index = response.json()
    assert index["schema"] == "http://testserver/api/v1/openapi.json"
    assert index["documentation"] == {"vi": "http://testserver/api/", "en": "http://testserver/en/api/"}
    assert set(index["endpoints"]) == {prefix for prefix, _viewset, _name in router.registry}
    for name, endpoint in index["endpoints"].items():
        assert client.get(endpoint["url"]).status_code == 200, name
        assert endpoint["description"]["vi"] != endpoint["description"]["en"]
    assert index["endpoints"]["lessons"]["description"]["en"].startswith("Lessons, challenges")
    assert reverse("api:index") == "/api/v1/"


@pytest.mark.parametrize("query", ["format=xml", "format=csv"])
def test_api_index_refuses_other_formats(client, db, query):
    response = client.get(f"/api/v1/?{query}")
    assert response.status_code == 400 and "format" in response.json()


def test_api_docs_and_schema_are_in_the_page_language(client, db):
    english = client.get("/en/api/").content.decode()
    assert "Lessons, challenges, tasks" in english and "Bài học, thách thức" not in english
    assert "Bài học, thách thức, nhiệm vụ" in client.get("/api/").content.decode()
