"""The JSON-LD blocks in a real browser with the portal's Content-Security-Policy enforced: the
page loads without a single CSP complaint (a JSON-LD block is data, never run), and each block
reads as JSON in the page."""

import re

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "data": "/data/",
    "data-en": "/en/data/",
    "report": "/reports/kinh-nghiem-ba-tinh-2022/",
    "lesson": "/lessons/lai-chau-dic-2022-lesson-1/",
    "initiative-en": None,  # the first initiative, found at run time
    "indicator": None,
}


def first_detail(page, server_url, section):
    """The first link to a record's page (/initiatives/<slug>/) on the list: not the list's own
    address, which the active-filter links use."""
    page.goto(f"{server_url}/{section}/")
    hrefs = page.locator(f'main a[href^="/{section}/"]').evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return next(href for href in hrefs if re.fullmatch(rf"/{section}/[a-z0-9-]+/", href))


@pytest.mark.parametrize("name", list(PAGES))
def test_json_ld_lives_with_the_csp(browser, server_url, name):
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # the CSP enforced
    page = context.new_page()
    complaints = []
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    url = PAGES[name]
    if url is None:
        url = first_detail(page, server_url, name.split("-")[0] + "s")
        url = "/en" + url if name.endswith("-en") else url
    response = page.goto(server_url + url)
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    contexts = page.evaluate(
        """() => Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
                 .map(block => JSON.parse(block.textContent)["@context"])"""
    )
    assert contexts and "https://schema.org" in contexts
    assert complaints == [], complaints
    screenshot(page, f"jsonld-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"jsonld-{name}-390")
    context.close()
