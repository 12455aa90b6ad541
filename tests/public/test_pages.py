"""Public pages render the real data, with Vietnamese intact, in both languages."""

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import translation

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Metric, Province, Report
from tests.downloads import downloaded_json


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode("utf-8")


def test_home_lists_provinces_and_themes(client, db):
    content = page(client, "/")
    for province in Province.objects.all():
        assert province.name in content
    for theme in Theme.objects.all():
        assert theme.name in content
    assert '<html lang="vi">' in content


def test_english_home_uses_english_names(client, db):
    content = page(client, "/en/")
    assert '<html lang="en">' in content
    assert "Digital government" in content


def test_province_profile_shows_lessons_metrics_localities_and_merger(client, yen_bai):
    content = page(client, yen_bai.get_absolute_url())
    assert "Tú Lệ" in content
    assert "Lào Cai" in content  # the 2025 successor
    # The first few of each kind (tests/public/test_province_page.py has the "see all" links).
    for lesson in (
        Lesson.objects.public().filter(province=yen_bai).order_by("kind", "report__slug", "ordinal", "slug")[:5]
    ):
        assert lesson.get_absolute_url() in content
    for metric in Metric.objects.public().filter(province=yen_bai).headline_first()[:5]:
        assert metric.get_source_url() in content


def test_lesson_detail_quotes_its_source(client, a_lesson):
    content = page(client, a_lesson.get_absolute_url())
    assert a_lesson.get_source_url() in content
    assert a_lesson.excerpt.replace("“", "").split("\n")[0][:40].replace('"', "&quot;") in content.replace("“", "")


def test_initiative_detail_shows_summary_in_english(client, an_initiative):
    with translation.override("en"):
        url = an_initiative.get_absolute_url()
    assert url.startswith("/en/initiatives/")
    content = page(client, url)
    assert an_initiative.summary_en.replace("'", "&#x27;").replace('"', "&quot;")[:30] in content


def test_report_detail_anchors_every_record(client, db):
    for report in Report.objects.all():
        content = page(client, report.get_absolute_url())
        for model in (Lesson, Initiative, Metric):
            for record in model.objects.filter(report=report):
                assert f'id="{record.source_anchor}"' in content, record.slug


def test_list_and_theme_pages(client, db):
    for url in ["/provinces/", "/lessons/", "/initiatives/", "/indicators/", "/reports/"]:
        page(client, url)
    for theme in Theme.objects.all():
        page(client, theme.get_absolute_url())
    for indicator in Indicator.objects.all():
        page(client, indicator.get_absolute_url())


@pytest.mark.parametrize("url", ["/provinces/ha-noi/", "/lessons/khong-co/", "/themes/nope/", "/reports/x/"])
def test_unknown_slug_is_404(client, db, url):
    assert client.get(url).status_code == 404


def test_diacritics_survive_load_and_display(client, db):
    """'Đ', 'ử' and 'Lệ' come out of the database and the pages exactly as in the articles."""
    report = Report.objects.get(slug="kinh-nghiem-ba-tinh-2022")
    assert "Đài Phát thanh" in report.body
    content = page(client, report.get_absolute_url())
    assert "Đài Phát thanh" in content
    assert "Tú Lệ" in content
    nam_dinh = page(client, Report.objects.get(slug="nam-dinh-lan-toa-cach-lam-cds").get_absolute_url())
    assert "sử dụng" in nam_dinh
    assert "charset=utf-8" in client.get("/").headers["Content-Type"]


def test_language_switch_keeps_page_and_filters(client, db):
    content = page(client, "/lessons/?province=lao-cai&theme=awareness")
    assert 'href="/en/lessons/?province=lao-cai&amp;theme=awareness" hreflang="en"' in content
    english = page(client, "/en/lessons/?province=lao-cai&theme=awareness")
    assert 'href="/lessons/?province=lao-cai&amp;theme=awareness" hreflang="vi"' in english


def test_head_has_canonical_hreflang_and_description(client, yen_bai):
    content = page(client, yen_bai.get_absolute_url())
    assert '<link rel="canonical" href="http://testserver/provinces/yen-bai/">' in content
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/provinces/yen-bai/">' in content
    assert '<meta name="description" content="' in content
    assert "<title>Yên Bái · " in content


def test_breadcrumbs_and_skip_link(client, a_lesson):
    content = page(client, a_lesson.get_absolute_url())
    assert 'class="skip-link" href="#main"' in content
    assert 'aria-label="Đường dẫn"' in content
    assert 'href="/lessons/">Bài học</a>' in content


def test_sitemap_lists_every_page_in_both_languages(client, a_lesson):
    content = page(client, "/sitemap.xml")
    assert f"http://testserver{a_lesson.get_absolute_url()}" in content
    assert f"http://testserver/en{a_lesson.get_absolute_url()}" in content
    assert 'hreflang="en"' in content


def test_robots_txt_points_to_sitemap(client, db):
    content = page(client, "/robots.txt")
    assert f"Disallow: /{settings.ADMIN_URL}" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_404_is_friendly_and_localized(client, db):
    response = client.get("/en/lessons/no-such-lesson/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Không tìm thấy trang" in client.get("/lessons/no-such-lesson/").content.decode()


def test_indicator_page_has_chart_table_and_ranks_as_ranks(client, db):
    rank = Metric.objects.filter(indicator__unit="rank", denominator__isnull=False).select_related("indicator").first()
    content = page(client, rank.indicator.get_absolute_url())
    assert '<figure class="chart"' in content and "chart-bar" not in content  # a rank is no bar
    assert "<table" in content
    assert f"hạng {rank.display_value()}" in content


def test_fraction_shows_value_and_denominator(client, db):
    metric = Metric.objects.get(indicator__slug__isnull=False, value=1292)
    content = page(client, metric.indicator.get_absolute_url())
    assert "1.292/2.910" in content
    assert "1,292/2,910" in page(client, "/en" + metric.indicator.get_absolute_url())


@pytest.mark.parametrize("url", ["/provinces/", "/indicators/", "/reports/"])
def test_every_list_exports(client, db, url):
    csv_response = client.get(url + "?format=csv")
    assert b"".join(csv_response.streaming_content).startswith(b"\xef\xbb\xbf")
    assert downloaded_json(client.get(url + "?format=json"))["count"] > 0


def test_indicator_detail_exports_its_figures_with_sources(client, db):
    metric = Metric.objects.filter(indicator__unit="percent").first()
    rows = downloaded_json(client.get(metric.indicator.get_absolute_url() + "?format=json"))["results"]
    assert {row["slug"] for row in rows} == set(metric.indicator.metrics.values_list("slug", flat=True))
    assert all(row["excerpt"] for row in rows)


def test_about_page_explains_the_method(client, db):
    content = page(client, "/about/")
    assert "Trích xuất và kiểm duyệt" in content
    for report in Report.objects.all():
        assert report.get_absolute_url() in content


def test_indicator_page_pages_its_figures_and_refuses_a_bad_page(client, db):
    indicator = Indicator.objects.annotate(n=Count("metrics")).order_by("-n").first()
    url = indicator.get_absolute_url()
    assert client.get(url, {"page": "1"}).status_code == 200
    for bad in ("abc", "0", "99"):
        response = client.get(url, {"page": bad})
        assert response.status_code == 400
        assert "page" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_HOST": "evil.example"}, {"HTTP_HOST": "127.0.0.1:8000\x00"}],
)
def test_a_refused_host_gets_a_400_not_a_500(client, db, headers):
    response = client.get("/lessons/", **headers)
    assert response.status_code == 400


def test_too_many_query_parameters_get_a_400_not_a_500(client, db):
    query = "&".join(f"p{number}=1" for number in range(1100))
    for url in ("/lessons/", "/api/v1/lessons/"):
        assert client.get(f"{url}?{query}").status_code == 400, url  # the list reads its parameters
    assert client.get(f"/?{query}").status_code == 200  # the home page reads none


@pytest.mark.parametrize("q", ["!!!", "\u0301", "…", "--"])
def test_a_query_of_marks_alone_finds_nothing(client, db, q):
    response = client.get("/lessons/", {"q": q})
    assert response.status_code == 200
    assert 'class="card' not in response.content.decode()


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "/%2F%2Fevil.example/", "///evil.example/en/"])
def test_a_path_never_makes_a_link_leave_the_site(client, db, path):
    """The language switch and canonical links of the 404 page are built from the path."""
    response = client.get(path)
    assert response.status_code in (200, 404)  # the test client reads "//host/" as a host
    content = response.content.decode()
    assert "//evil.example" not in content and "\\evil.example" not in content
    assert 'href="//' not in content
