"""Search in a real browser, on a desktop (1366 px) and a phone (390 px)."""

import re

import pytest

from portal.core.vntext import fold

from .conftest import screenshot

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, page):
    page.set_viewport_size({"width": WIDTHS[request.param], "height": 900})
    page.width_name = request.param
    return page


def test_tu_le_returns_only_records_about_tu_le(sized_page, server_url):
    page = sized_page
    page.goto(server_url + "/search/?q=tu+le")
    # The best bet comes first: the commune of Tú Lệ, with its lessons one click away.
    first_section = page.locator("main section").first
    assert first_section.get_attribute("aria-labelledby") == "best-bets-heading"
    assert "Tú Lệ" in first_section.locator(".best-bet h3").first.inner_text()
    assert first_section.get_by_role("link", name=re.compile("Bài học ở Tú Lệ")).count() == 1
    # Every listed lesson, initiative and locality concerns Tú Lệ: its card names it ("Tú Lệ", or
    # "Tu Le" in the English summary the card shows when that is where the name is).
    for group in ("lessons", "initiatives", "localities"):
        cards = page.locator(f'section[aria-labelledby="group-{group}"] li.card')
        assert cards.count() > 0, group
        for index in range(cards.count()):
            assert "tu le" in fold(cards.nth(index).inner_text()), group
    # Highlights are whole syllables: each <mark> is a syllable of "Tú Lệ", never part of a word.
    marks = page.locator("main mark").evaluate_all(
        """els => els.map(e => [e.textContent,
            (e.previousSibling && e.previousSibling.textContent || '').slice(-1),
            (e.nextSibling && e.nextSibling.textContent || '').slice(0, 1)])"""
    )
    assert marks
    for text, before, after in marks:
        assert fold(text) in ("tu", "le"), text
        assert not re.match(r"\w", before) and not re.match(r"\w", after), (before, text, after)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[page.width_name]
    screenshot(page, f"search-tu-le-{page.width_name}")


def test_header_search_box_works_on_every_width(sized_page, server_url):
    page = sized_page
    page.goto(server_url + "/lessons/")
    box = page.get_by_role("search", name="Tìm trong cổng").get_by_role("searchbox")
    assert box.is_visible()
    width = box.bounding_box()["width"]
    assert width >= 150  # room to type on a phone
    box.fill("lao cai")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=lao\+cai"))
    bet = page.locator(".best-bet").first
    assert bet.get_by_role("link", name="Lào Cai", exact=True).is_visible()
    bet.get_by_role("link", name="Bài học của Lào Cai").click()
    page.wait_for_url(re.compile(r"/lessons/\?province=lao-cai"))
    # The header did not overflow the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[page.width_name]
    screenshot(page, f"search-header-{page.width_name}")


def test_header_search_in_english(page, server_url):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(server_url + "/en/")
    box = page.get_by_role("search", name="Search the portal").get_by_role("searchbox")
    box.fill("digital government")
    page.get_by_role("search", name="Search the portal").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/en/search/\?q=digital\+government"))
    bet = page.locator(".best-bet").first
    assert bet.get_by_role("link", name="Digital government", exact=True).is_visible()
    screenshot(page, "search-en-theme-phone")
