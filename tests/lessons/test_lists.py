"""Lesson and initiative lists: filters, facet counts, sorting, pagination and bad input."""

import re

import pytest
from django.db.models import Count

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Province
from tests.downloads import downloaded_json


def slugs_on_page(response):
    return set(re.findall(r'href="/(?:en/)?(?:lessons|initiatives)/([a-z0-9-]+)/"', response.content.decode()))


def all_slugs(client, url):
    """Every row of a filtered list, read through the JSON export (same rows as the pages)."""
    separator = "&" if "?" in url else "?"
    return {row["slug"] for row in downloaded_json(client.get(f"{url}{separator}format=json"))["results"]}


def test_province_filter(client, db):
    assert all_slugs(client, "/lessons/?province=lao-cai") == set(
        Lesson.objects.filter(province__slug="lao-cai").values_list("slug", flat=True)
    )


def test_repeated_facet_is_or(client, db):
    expected = set(Lesson.objects.filter(province__slug__in=["lao-cai", "yen-bai"]).values_list("slug", flat=True))
    assert all_slugs(client, "/lessons/?province=lao-cai&province=yen-bai") == expected


def test_facets_combine_with_and(client, db):
    expected = set(
        Lesson.objects.filter(province__slug="yen-bai", themes__slug="awareness", kind="lesson").values_list(
            "slug", flat=True
        )
    )
    assert expected  # the real data has such lessons
    assert all_slugs(client, "/lessons/?province=yen-bai&theme=awareness&kind=lesson") == expected


def test_locality_filter(client, db):
    expected = set(Lesson.objects.filter(locality__slug="tu-le").values_list("slug", flat=True))
    assert expected
    assert all_slugs(client, "/lessons/?locality=tu-le") == expected


@pytest.mark.parametrize(
    ("query", "lookup"),
    [
        ("level=district", {"level": "district"}),
        ("theme=digital-economy", {"themes__slug": "digital-economy"}),
        ("province=nam-dinh&level=district", {"province__slug": "nam-dinh", "level": "district"}),
    ],
)
def test_initiative_filters(client, db, query, lookup):
    expected = set(Initiative.objects.filter(**lookup).values_list("slug", flat=True))
    assert expected
    assert all_slugs(client, f"/initiatives/?{query}") == expected


def test_initiative_year_filter(client, db):
    year = Initiative.objects.exclude(start_year=None).values_list("start_year", flat=True).first()
    expected = set(Initiative.objects.filter(start_year=year).values_list("slug", flat=True))
    assert all_slugs(client, f"/initiatives/?year={year}") == expected


def facet(response, name):
    for entry in response.context["facets"]:
        if entry["name"] == name:
            return {option["value"]: option["count"] for option in entry["options"]}
    return {}


def test_facet_counts_reflect_the_other_filters(client, db):
    response = client.get("/lessons/?province=lao-cai")
    expected_themes = dict(
        Theme.objects.filter(lessons__province__slug="lao-cai")
        .annotate(n=Count("lessons", distinct=True))
        .values_list("slug", "n")
    )
    assert facet(response, "theme") == expected_themes
    # The province facet ignores the province filter, so other provinces stay choosable.
    expected_provinces = dict(Province.objects.annotate(n=Count("lessons")).filter(n__gt=0).values_list("slug", "n"))
    assert facet(response, "province") == expected_provinces


def test_selected_options_are_checked_and_kept_in_links(client, db):
    content = client.get("/lessons/?province=yen-bai&theme=awareness").content.decode()
    assert 'name="province" value="yen-bai" checked' in content
    assert "province=yen-bai" in content and "theme=awareness" in content


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/lessons/?province=ha-noi", "province"),
        ("/lessons/?theme=x", "theme"),
        ("/lessons/?kind=idea", "kind"),
        ("/lessons/?locality=dak-lak", "locality"),
        ("/lessons/?sort=random", "sort"),
        ("/lessons/?page=999", "page"),
        ("/lessons/?page=0", "page"),
        ("/lessons/?page=abc", "page"),
        ("/lessons/?format=xml", "format"),
        ("/initiatives/?year=abc", "year"),
        ("/initiatives/?year=99999", "year"),
        ("/initiatives/?level=national", "level"),
        ("/initiatives/?province=lao-cai&province=nowhere", "province"),
        ("/lessons/?q=" + "x" * 201, "q"),
        ("/search/?q=" + "x" * 201, "q"),
    ],
)
def test_bad_parameter_is_400_naming_it(client, db, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert f"Tham số “{parameter}”" in response.content.decode()


def test_bad_parameter_message_is_localized(client, db):
    content = client.get("/en/lessons/?province=ha-noi").content.decode()
    assert "Parameter “province”" in content
    assert '<html lang="en">' in content


def test_several_bad_parameters_are_all_named(client, db):
    content = client.get("/initiatives/?year=abc&format=xml").content.decode()
    assert "“year”" in content and "“format”" in content


@pytest.mark.parametrize("sort", ["province", "-province", "kind", "title", "-date"])
def test_sort_orders_lessons(client, db, sort):
    response = client.get(f"/lessons/?sort={sort}")
    assert response.status_code == 200


def test_sort_by_title_really_sorts(client, db):
    titles = [row["title"] for row in downloaded_json(client.get("/lessons/?sort=title&format=json"))["results"]]
    assert titles == list(Lesson.objects.order_by("title").values_list("title", flat=True))


def test_pagination_keeps_filters(client, db):
    lessons = Lesson.objects.count()
    if lessons <= 25:
        pytest.skip("fewer lessons than one page")
    content = client.get(
        "/lessons/?kind=lesson&kind=task&kind=challenge&kind=solution&kind=result&kind=proposal"
    ).content.decode()
    assert re.search(r'href="\?(?:[^"]*&amp;)?kind=lesson[^"]*page=2"', content)


def test_unknown_parameters_are_ignored(client, db):
    assert client.get("/lessons/?utm_source=newsletter").status_code == 200
