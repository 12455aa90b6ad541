"""The read-only JSON API: every endpoint, its filters, errors, pagination and caching headers."""

import pytest

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Locality, Metric, Province, Report

ENDPOINTS = [
    ("provinces", Province),
    ("localities", Locality),
    ("reports", Report),
    ("themes", Theme),
    ("indicators", Indicator),
    ("metrics", Metric),
    ("lessons", Lesson),
    ("initiatives", Initiative),
]


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), url
    return response


@pytest.mark.parametrize(("name", "model"), ENDPOINTS)
def test_list_and_detail(client, db, name, model):
    response = get(client, f"/api/v1/{name}/", page_size=500)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == model.objects.count()
    assert {row["slug"] for row in data["results"]} == set(model.objects.values_list("slug", flat=True))
    first = model.objects.order_by("pk").first()
    detail = get(client, f"/api/v1/{name}/{first.slug}/")
    assert detail.status_code == 200
    assert detail.json()["slug"] == first.slug
    assert detail.json()["web_url"].endswith(first.get_absolute_url())


@pytest.mark.parametrize(("name", "model"), ENDPOINTS)
def test_unknown_slug_is_json_404(client, db, name, model):
    response = get(client, f"/api/v1/{name}/khong-co/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_sourced_records_carry_report_excerpt_and_source_link(client, a_lesson):
    data = get(client, f"/api/v1/lessons/{a_lesson.slug}/").json()
    assert data["report"] == a_lesson.report.slug
    assert data["excerpt"] == a_lesson.excerpt
    assert data["source_url"].endswith(a_lesson.get_source_url())
    assert "Đ" in "".join(row["excerpt"] for row in get(client, "/api/v1/lessons/", page_size=500).json()["results"])


def test_report_detail_has_the_full_text(client, a_report):
    assert get(client, f"/api/v1/reports/{a_report.slug}/").json()["body"] == a_report.body
    assert "body" not in get(client, "/api/v1/reports/").json()["results"][0]


def test_figures_are_numbers(client, db):
    row = get(client, "/api/v1/metrics/", indicator="e-party-handbook-member-accounts").json()["results"][0]
    assert row["value"] == 28239
    assert row["denominator"] == 50772


@pytest.mark.parametrize(
    ("url", "lookup"),
    [
        ("/api/v1/lessons/?province=lao-cai&province=yen-bai", {"province__slug__in": ["lao-cai", "yen-bai"]}),
        ("/api/v1/lessons/?province=yen-bai&theme=awareness&kind=lesson",
         {"province__slug": "yen-bai", "themes__slug": "awareness", "kind": "lesson"}),
        ("/api/v1/lessons/?locality=tu-le", {"locality__slug": "tu-le"}),
        ("/api/v1/initiatives/?level=district", {"level": "district"}),
        ("/api/v1/metrics/?province=yen-bai&unit=percent", {"province__slug": "yen-bai", "indicator__unit": "percent"}),
        ("/api/v1/localities/?province=nam-dinh", {"province__slug": "nam-dinh"}),
        ("/api/v1/reports/?province=lao-cai", {"provinces__slug": "lao-cai"}),
    ],
)  # fmt: skip
def test_filters_match_the_orm(client, db, url, lookup):
    model = {
        "lessons": Lesson,
        "initiatives": Initiative,
        "metrics": Metric,
        "localities": Locality,
        "reports": Report,
    }[url.split("/")[3]]
    expected = set(model.objects.filter(**lookup).values_list("slug", flat=True))
    assert expected
    rows = get(client, url + "&page_size=500").json()["results"]
    assert {row["slug"] for row in rows} == expected


def test_search_folds_accents(client, db):
    rows = get(client, "/api/v1/lessons/", q="tu le", page_size=500).json()["results"]
    assert rows and rows[0]["locality"] == "tu-le"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/lessons/?province=ha-noi", "province"),
        ("/api/v1/lessons/?kind=idea", "kind"),
        ("/api/v1/lessons/?sort=random", "sort"),
        ("/api/v1/lessons/?page=999", "page"),
        ("/api/v1/lessons/?page=abc", "page"),
        ("/api/v1/lessons/?page=²", "page"),  # passes str.isdigit(), not int()
        ("/api/v1/lessons/?page_size=²", "page_size"),
        ("/api/v1/lessons/?page_size=0", "page_size"),
        ("/api/v1/lessons/?page_size=10000", "page_size"),
        ("/api/v1/lessons/?format=csv", "format"),
        ("/api/v1/initiatives/?year=abc", "year"),
        ("/api/v1/metrics/?indicator=%00", "indicator"),
        ("/api/v1/provinces/?region=mars", "region"),
    ],
)
def test_bad_parameter_is_400_naming_it(client, db, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert parameter in response.json()


def test_pagination_links(client, db):
    first = get(client, "/api/v1/lessons/", page_size=10).json()
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=10" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"]
    assert {r["slug"] for r in first["results"]}.isdisjoint({r["slug"] for r in second["results"]})


def test_etag_and_conditional_get(client, db):
    response = client.get("/api/v1/themes/")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Last-Modified"]
    etag = response["ETag"]
    assert client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_cors_allows_anonymous_get(client, db):
    response = client.get("/api/v1/provinces/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/provinces/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/lessons/", HTTP_ORIGIN="https://example.org")


def test_openapi_schema_and_docs_page(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/lessons/" in schema["paths"]
    assert "400" in schema["paths"]["/api/v1/lessons/"]["get"]["responses"]
    docs = client.get("/api/").content.decode()
    assert "/api/v1/openapi.json" in docs
    assert "GET /api/v1/initiatives/{slug}/" in docs


def test_api_is_read_only(client, db):
    assert client.post("/api/v1/lessons/", {}).status_code == 405
    assert client.delete("/api/v1/themes/awareness/").status_code == 405
