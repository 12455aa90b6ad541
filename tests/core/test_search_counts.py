"""Searches count their matches up to a limit, and past it say "more than" (portal.core.search).

The real data has a few hundred matches at most, so these tests lower the limit to a handful:
what a reader sees past it is the same at 3 as at 1,000.
"""

import pytest
from django.utils import translation

from lessons.models import Lesson
from portal.core import filtering, listing
from portal.public import search as search_page
from portal.public.templatetags.portal_tags import number

LIMIT = 3


@pytest.fixture
def low_limit(monkeypatch):
    for module in (listing, filtering, search_page):
        monkeypatch.setattr(module, "COUNT_LIMIT", LIMIT)


def matches(query, **filters):
    return Lesson.objects.public().filter(**filters).search(query)


def test_a_count_stops_one_past_the_limit(db):
    rows = matches("chuyen")
    assert rows.count() > LIMIT + 1
    assert rows.capped_count(LIMIT) == LIMIT + 1
    assert matches("tu le").capped_count(1000) == matches("tu le").count()
    total, phrase = rows.phrase_first_counts(LIMIT)
    assert (total, phrase) == (LIMIT + 1, min(rows.phrase_matches().count(), LIMIT + 1))


@pytest.mark.parametrize("query", ["chuyen doi so", "tu le", "so", "du lieu so"])
def test_both_counts_stop_one_past_any_limit_as_counting_each_would(db, query):
    """One reading counts both, or the phrase matches are counted again when that reading cannot
    tell (more rows than the limit, some without the phrase): either way, as counting each."""
    rows = matches(query)
    total, phrase = rows.count(), rows.phrase_matches().count()
    assert total > phrase > 0 or query == "so"
    for limit in sorted({0, 1, phrase - 1, phrase, phrase + 1, total - 1, total, total + 1} - {-1}):
        assert rows.phrase_first_counts(limit) == (min(total, limit + 1), min(phrase, limit + 1)), limit


def test_numbers_are_written_as_the_page_language_does():
    assert number(25188) == "25.188"
    with translation.override("en"):
        assert number(25188) == "25,188"
    assert number(7) == "7"


def test_a_search_past_the_limit_says_more_than_and_pages_up_to_it(client, db, low_limit):
    response = client.get("/lessons/", {"q": "chuyen"})
    content = response.content.decode()
    assert f"hơn {LIMIT} kết quả" in content
    page = response.context["page_obj"]
    assert not page.paginator.count_is_exact and page.paginator.num_pages == 1
    assert [row.pk for row in page.object_list] == list(matches("chuyen").values_list("pk", flat=True)[:LIMIT])


def test_past_the_limit_the_last_page_says_why_there_is_no_next(client, db, low_limit, monkeypatch):
    monkeypatch.setattr(listing.FilteredListView, "paginate_by", 1)
    content = client.get("/lessons/", {"q": "chuyen", "page": LIMIT}).content.decode()
    assert f"Trang {LIMIT}<" in content and f"Trang {LIMIT}/" not in content
    assert 'rel="next"' not in content and "chỉ xem được 3 trang đầu" in content
    response = client.get("/lessons/", {"q": "chuyen", "page": LIMIT + 1})
    assert response.status_code == 400
    assert "page" in response.content.decode() and "hơn 3 kết quả" in response.content.decode()


def test_past_the_limit_facets_list_their_options_without_counts(client, db, low_limit):
    """Every value each filter accepts (every public province, theme, kind, locality): the values
    the list without the search offers are among them, in the same order."""
    response = client.get("/lessons/", {"q": "chuyen", "kind": "lesson"})
    facets = response.context["facets"]
    plain = client.get("/lessons/").context["facets"]
    assert [facet["name"] for facet in facets] == [facet["name"] for facet in plain]
    for facet, unsearched in zip(facets, plain, strict=True):
        assert not facet["counted"] and all(option["count"] is None for option in facet["options"])
        values = [option["value"] for option in facet["options"]]
        assert [value for value in values if value in {option["value"] for option in unsearched["options"]}] == [
            option["value"] for option in unsearched["options"]
        ]
    assert [option["value"] for option in facets[2]["options"] if option["selected"]] == ["lesson"]
    content = response.content.decode()
    assert "không kèm số lượng" in content and 'class="count">(' not in content.split('class="filters"', 1)[1]


def test_a_chosen_facet_is_counted_only_when_its_own_rows_are_few(client, db, monkeypatch):
    """province=yen-bai narrows the search below the limit, but the province facet counts the
    search over every province: past the limit it goes uncounted, the others are counted."""
    few = matches("chuyen", province__slug="yen-bai").count()
    assert 0 < few < matches("chuyen").count()
    for module in (listing, filtering):
        monkeypatch.setattr(module, "COUNT_LIMIT", few)
    response = client.get("/lessons/", {"q": "chuyen", "province": "yen-bai"})
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    assert response.context["page_obj"].paginator.count_is_exact
    assert not facets["province"]["counted"]
    assert facets["kind"]["counted"] and sum(option["count"] for option in facets["kind"]["options"]) == few
    selected = [option for option in facets["province"]["options"] if option["selected"]]
    assert [option["value"] for option in selected] == ["yen-bai"]


def test_under_the_limit_nothing_changes(client, db):
    response = client.get("/lessons/", {"q": "chuyen"})
    assert response.context["page_obj"].paginator.count == matches("chuyen").count()
    assert all(facet["counted"] for facet in response.context["facets"])


def test_the_search_page_says_more_than_past_the_limit(client, db, low_limit):
    content = client.get("/search/", {"q": "chuyen"}).content.decode()
    assert content.split('role="status">', 1)[1].startswith("Hơn ")
    lessons = content.split('id="group-lessons"', 1)[1].split("</h2>", 1)[0]
    assert f"(hơn {LIMIT})" in lessons
    content = client.get("/en/search/", {"q": "chuyen"}).content.decode()
    assert "More than " in content and f"(more than {LIMIT})" in content
