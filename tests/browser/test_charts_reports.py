"""At 390 px a chart's text stays legible, and every highlighted report passage is a tap target."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

SMALLEST_TEXT = """root => {
  const sizes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !node.parentElement.getClientRects().length) continue;
    sizes.push(parseFloat(getComputedStyle(node.parentElement).fontSize));
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""


CHARTS = ["/indicators/dti-rank/", "/en/indicators/commune-e-portals-in-operation/", "/indicators/poor-household-rate/"]


@pytest.mark.parametrize("path", CHARTS)
def test_chart_text_is_at_least_12_css_px_on_a_phone(page, server_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server_url + path)
    chart = page.locator("figure.chart")
    assert chart.count() == 1
    smallest = chart.evaluate(SMALLEST_TEXT)
    assert smallest is not None and smallest >= 12, smallest
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing cut or scrolled sideways
    screenshot(page, "chart-390-" + path.strip("/").replace("/", "-"))


def test_chart_png_button_appears_with_the_script(page, server_url):
    page.goto(server_url + "/indicators/dti-rank/")
    button = page.locator("[data-chart-png]")
    assert button.is_visible()
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "chart_dti-rank.png"


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("slug", ["yen-bai-lam-bai-ban-2023", "nam-dinh-lan-toa-cach-lam-cds"])
def test_every_highlighted_passage_is_a_link_of_at_least_24_px(page, server_url, slug, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server_url}/reports/{slug}/")
    assert page.locator(".report-body mark").count() == 0
    sizes = page.locator(".report-body .passage, .report-body .passage-also").evaluate_all(
        """els => els.map(e => {
          const box = e.getBoundingClientRect();
          const link = e.tagName === 'A' && !!e.getAttribute('href');
          return {link: link, title: e.title, width: box.width, height: box.height};
        })"""
    )
    assert len(sizes) > 10
    small = [s for s in sizes if not s["link"] or not s["title"] or s["width"] < 24 or s["height"] < 24]
    assert small == []
    screenshot(page, f"report-{width}-{slug}")
