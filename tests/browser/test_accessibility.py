"""axe-core on every page type: no serious or critical violation."""

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
    "lesson-list": "/lessons/?province=yen-bai",
    "lesson-detail": None,  # first lesson, found at run time
    "initiative-list": "/en/initiatives/",
    "initiative-detail": None,
    "indicator-list": "/indicators/",
    "indicator-detail": None,
    "report-list": "/reports/",
    "report-detail": "/reports/kinh-nghiem-ba-tinh-2022/",
    "theme": "/themes/digital-government/",
    "search": "/search/?q=tu+le",
    "about": "/about/",
    "data": "/data/",
    "compare": "/compare/?province=lao-cai&province=yen-bai",
    "compare-picker": "/compare/",
    "not-found": "/provinces/khong-co/",
    "bad-request": "/lessons/?province=khong-co",
}


def detail_url(page, server_url, section):
    """The first detail link found on a list page, e.g. /lessons/<slug>/."""
    page.goto(f"{server_url}/{section}/")
    hrefs = page.locator(f'main a[href^="/{section}/"]').evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return next(href for href in hrefs if re.fullmatch(rf"/{section}/[a-z0-9-]+/", href))


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_serious_axe_violations(page, server_url, name):
    require(AXE, "axe-core (npm install)")
    url = PAGE_TYPES[name] or detail_url(page, server_url, name.split("-")[0] + "s")
    page.goto(server_url + url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    screenshot(page, f"axe-{name}")
    print(f"axe {name}: {len(result['violations'])} violations, {len(serious)} serious/critical")
    if result["violations"]:
        print(json.dumps([{"id": v["id"], "impact": v["impact"]} for v in result["violations"]], ensure_ascii=False))
    assert serious == []
