"""An official's journeys on desktop (1366 px) and phone (390 px): from the province page to its
digital-government lessons in one click, the first result of a list within the first screen, the
active filters' remove links, and the compare picker's error summary.

The pages are loaded with the site's own Content-Security-Policy (no bypass): the folding filter
panel works without any script.
"""

import pytest

from .conftest import AXE, require, screenshot

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(params=list(WIDTHS))
def device(request, browser):
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    yield request.param, page
    context.close()


def test_province_page_to_its_digital_government_lessons_in_one_click(device, server_url):
    name, page = device
    page.goto(server_url + "/provinces/lao-cai/")
    chip = page.locator('.theme-chips a[href="/lessons/?province=lao-cai&theme=digital-government"]')
    expected = int(chip.locator(".count").inner_text().strip("() ").split()[0])
    chip.click()
    page.wait_for_url("**/lessons/?province=lao-cai&theme=digital-government")
    assert page.locator("main .list > li.card").count() == min(expected, 25)
    assert page.locator(".list-tools .meta").inner_text().startswith(f"{expected} ")
    chips = page.locator(".active-filters a.chip").all_inner_texts()
    assert any("Lào Cai" in text for text in chips) and any("Chính quyền số" in text for text in chips)
    screenshot(page, f"officials-lao-cai-digital-government-{name}")


def test_first_result_is_within_the_first_screen(device, server_url):
    name, page = device
    page.goto(server_url + "/lessons/")
    first = page.locator("main .list > li.card").first
    box = first.bounding_box()
    viewport = page.viewport_size
    assert box["y"] + 60 < viewport["height"], f"first card starts at {box['y']} px"
    assert first.locator("h3 a").is_visible()
    if name == "phone":
        # The filters are folded behind their button and open with a tap, without any script.
        search = page.locator("#id_q")
        assert not search.is_visible()
        page.locator(".filter-panel > summary").click()
        assert search.is_visible()
    else:
        assert page.locator("#id_q").is_visible()
        assert not page.locator(".filter-panel > summary").is_visible()
    screenshot(page, f"officials-lessons-{name}")


def test_filter_form_sends_no_empty_parameters_and_remove_links_work(device, server_url):
    name, page = device
    page.goto(server_url + "/lessons/")
    if name == "phone":
        page.locator(".filter-panel > summary").click()
    page.locator('input[name="province"][value="lao-cai"]').check()
    page.locator('input[name="theme"][value="awareness"]').check()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**/lessons/?province=lao-cai&theme=awareness")  # no "q=" nor "sort="
    assert page.locator(".active-filters a.chip").count() == 2
    total = int(page.locator(".list-tools .meta").inner_text().split()[0])
    page.locator(".active-filters a.chip", has_text="Nhận thức số").click()
    page.wait_for_url("**/lessons/?province=lao-cai")
    assert page.locator(".active-filters a.chip").count() == 1
    assert int(page.locator(".list-tools .meta").inner_text().split()[0]) > total
    page.locator(".active-filters a.chip").click()
    page.wait_for_url(lambda url: url.endswith("/lessons/"))
    assert page.locator(".active-filters").count() == 0


def test_compare_picker_answers_one_province_with_an_error_summary(device, server_url):
    name, page = device
    page.goto(server_url + "/compare/")
    offered = page.locator('.compare-picker input[name="province"]').evaluate_all("els => els.map(e => e.value)")
    assert "ninh-binh" not in offered and "ha-nam" not in offered  # no records there
    page.locator('.compare-picker input[value="lao-cai"]').check()
    response_status = []
    page.on(
        "response", lambda response: response_status.append(response.status) if "/compare/?" in response.url else None
    )
    page.locator(".compare-picker button[type=submit]").click()
    page.wait_for_url("**/compare/?province=lao-cai")
    assert response_status == [400]
    assert page.title().startswith("Lỗi:")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Hãy chọn từ 2 đến 4 tỉnh" in summary.inner_text()
    assert page.locator('.compare-picker input[value="lao-cai"]').is_checked()
    summary.locator("a").click()
    assert page.url.endswith("#compare-provinces")
    page.locator('.compare-picker input[value="yen-bai"]').check()
    page.locator(".compare-picker button[type=submit]").click()
    page.wait_for_url("**/compare/?province=lao-cai&province=yen-bai")
    assert page.locator("h1").inner_text().startswith("So sánh")
    assert page.locator(".caveat").first.is_visible()
    screenshot(page, f"officials-compare-{name}")


@pytest.mark.parametrize(
    "url",
    [
        "/provinces/lao-cai/",
        "/en/provinces/lao-cai/",
        "/lessons/?province=lao-cai&theme=awareness",
        "/compare/?province=lao-cai",
    ],
)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_axe_violations_at_both_widths(browser, server_url, url, width):
    require(AXE, "axe-core (npm install)")
    # bypass_csp: axe-core is injected as an inline script, which the portal's CSP rightly forbids.
    viewport_width, viewport_height = WIDTHS[width]
    context = browser.new_context(viewport={"width": viewport_width, "height": viewport_height}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(server_url + url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
