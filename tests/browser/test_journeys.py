"""The main journeys, walked in a real browser."""

import csv
import io
import re

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_official_finds_lao_cai_lessons_without_diacritics_and_filters_by_theme(page, server_url):
    page.goto(server_url + "/lessons/")
    page.get_by_label("Tìm (gõ có dấu hay không dấu đều được)").fill("lao cai")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"q=lao\+cai"))
    assert page.locator("ul.list > li.card").count() > 0
    # The words name a province: one click narrows the list to that province's own lessons.
    page.get_by_role("link", name="chỉ các mục của Lào Cai").click()
    page.wait_for_url(re.compile(r"province=lao-cai"))

    theme = page.locator('input[name="theme"]').first
    theme_value = theme.get_attribute("value")
    theme.check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(rf"theme={theme_value}"))
    assert "province=lao-cai" in page.url
    cards = page.locator("ul.list > li.card")
    assert cards.count() > 0
    for index in range(cards.count()):
        assert "Lào Cai" in cards.nth(index).inner_text()
    screenshot(page, "official-lao-cai-lessons-filtered")


def test_researcher_filters_initiatives_in_english_and_downloads_csv(page, server_url):
    page.goto(server_url + "/en/initiatives/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label(re.compile("Digital economy")).check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"theme=digital-economy"))
    shown = page.locator("ul.list > li.card").count()
    assert shown > 0
    screenshot(page, "researcher-initiatives-digital-economy-en")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "initiatives_theme-digital-economy.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == shown
    assert all("digital-economy" in row["themes"].split("|") for row in rows)


def test_reader_follows_source_to_the_highlighted_sentence(page, server_url):
    page.goto(server_url + "/lessons/")
    page.locator("ul.list > li.card h3 a").first.click()
    record_url = page.url
    quote = page.locator("blockquote").inner_text()
    page.locator("figure.source figcaption a").click()
    page.wait_for_url(re.compile(r"/reports/[a-z0-9-]+/#lesson-"))
    anchor = page.url.split("#", 1)[1]
    # The anchor marks where the passage starts, inside the highlighted link to its record.
    highlighted = page.locator(f'a.passage:has([id="{anchor}"])')
    assert highlighted.count() == 1
    assert highlighted.is_visible()
    assert quote[:30] in page.locator(".report-body").inner_text()
    box = highlighted.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    screenshot(page, "reader-source-highlighted")
    # ... and back to the record from the passage: the passage is itself the link.
    highlighted.click()
    page.wait_for_url(record_url)
