"""An editor reviews a report's candidates in a real browser: proposes, selects a passage the
rules missed, accepts it as a draft, and publishes it; the public sees it only then."""

import re

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

REPORT = "Bài 2: Chuyển đổi số bằng cách làm bài bản"


def select_text(page, text):
    """Select `text` in the article as a mouse would, and release the button (mouseup)."""
    page.evaluate(
        """(text) => {
            const article = document.querySelector('[data-excerpt-source]');
            const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(walker.currentNode, at);
                    range.setEnd(walker.currentNode, at + text.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    article.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                    return;
                }
            }
            throw new Error('text not found: ' + text);
        }""",
        text,
    )


def test_an_editor_adds_a_missed_passage_by_selecting_it_and_publishes_it(page, server_url, editor_page_login):
    editor_page_login(page)
    page.goto(server_url + "/admin/curation/candidate/")
    page.select_option("#propose-report", label=REPORT)
    page.get_by_role("button", name="Chạy quy tắc trích xuất").click()
    page.wait_for_url(re.compile(r"/admin/curation/candidate/review/\d+/"))
    assert page.locator(".review-article mark").count() > 10  # every candidate highlighted
    screenshot(page, "review-page")

    passage = "Mấu chốt là tư duy và quyết tâm chính trị của những người lãnh đạo"
    select_text(page, passage)
    assert page.locator("textarea[name=excerpt]").input_value() == passage  # filled by the selection
    page.select_option("select[name=kind]", "lesson")
    page.get_by_role("button", name="Thêm đề xuất").click()
    page.wait_for_url(re.compile(r"/admin/curation/candidate/\d+/change/"))
    page.fill("input[name=title]", "Mấu chốt là tư duy và quyết tâm của người lãnh đạo")
    page.fill("input[name=title_en]", "The key is leaders' thinking and resolve")
    page.fill("input[name=subject]", "Tỉnh Yên Bái")
    page.fill("input[name=subject_en]", "Yen Bai province")
    page.fill("textarea[name=summary_en]", "The key is the thinking and political resolve of the leaders.")
    page.get_by_label("Nhận thức số").check()
    page.get_by_role("button", name="Nhận: tạo bản nháp").click()
    assert "Đã tạo bản nháp" in page.locator(".messagelist").inner_text()
    screenshot(page, "review-accepted")

    public = page.context.browser.new_page()
    public.goto(server_url + "/lessons/?q=mau+chot+la+tu+duy")
    assert "Mấu chốt là tư duy và quyết tâm của người lãnh đạo" not in public.content()  # a draft

    page.goto(server_url + "/admin/lessons/lesson/?status__exact=draft")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "publish")
    page.locator(".actions button[name=index]").click()
    assert "Đã công bố 1 bản ghi." in page.locator(".messagelist").inner_text()

    public.goto(server_url + "/lessons/?q=mau+chot+la+tu+duy")
    assert "Mấu chốt là tư duy và quyết tâm của người lãnh đạo" in public.content()
    public.close()
