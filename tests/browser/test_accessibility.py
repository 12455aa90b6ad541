"""axe-core on every page type, on a desktop and on a phone: no serious or critical violation."""

import json
import re

import pytest

from .conftest import AXE, require, screenshot

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "home-en": "/en/",
    "province-list": "/provinces/",
    "province-detail": "/provinces/yen-bai/",
    "province-detail-successor": "/provinces/lao-cai/",
    "lesson-list": "/lessons/?province=yen-bai",
    "lesson-detail": None,  # first lesson, found at run time
    "initiative-list": "/en/initiatives/",
    "initiative-detail": None,
    "indicator-list": "/indicators/",
    "indicator-detail": None,
    "report-list": "/reports/",
    "report-detail": "/reports/kinh-nghiem-ba-tinh-2022/",
    "theme": "/themes/digital-government/",
    "theme-list": "/themes/",
    "search": "/search/?q=tu+le",
    "search-en": "/en/search/?q=lao+cai",
    "report-error": None,  # the form of the first lesson, found at run time
    "api-docs": "/api/",
    "about": "/about/",
    "data": "/data/",
    "compare": "/compare/?province=lao-cai&province=yen-bai",
    "compare-picker": "/compare/",
    "compare-picker-error": "/compare/?province=lao-cai",
    "not-found": "/provinces/khong-co/",
    "bad-request": "/lessons/?province=khong-co",
}


def detail_url(page, server_url, section):
    """The first detail link found on a list page, e.g. /lessons/<slug>/."""
    page.goto(f"{server_url}/{section}/")
    hrefs = page.locator(f'main a[href^="/{section}/"]').evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return next(href for href in hrefs if re.fullmatch(rf"/{section}/[a-z0-9-]+/", href))


def report_error_url(page, server_url):
    page.goto(server_url + detail_url(page, server_url, "lessons"))
    return page.locator(".report-error a").first.get_attribute("href")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_serious_axe_violations(page, server_url, name, width):
    require(AXE, "axe-core (npm install)")
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    if name == "report-error":
        url = report_error_url(page, server_url)
    else:
        url = PAGE_TYPES[name] or detail_url(page, server_url, name.split("-")[0] + "s")
    page.goto(server_url + url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    screenshot(page, f"axe-{name}-{width}")
    print(f"axe {name}: {len(result['violations'])} violations, {len(serious)} serious/critical")
    if result["violations"]:
        print(json.dumps([{"id": v["id"], "impact": v["impact"]} for v in result["violations"]], ensure_ascii=False))
    assert serious == []
