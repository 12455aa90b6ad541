"""The copy button of "Cite this page" and the error-report form, in a real browser with the
portal's Content-Security-Policy enforced (no bypass: the copy script must be CSP-safe)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    page = context.new_page()
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    page.violations = violations
    yield page
    context.close()


def a_lesson_page(page, server_url):
    page.goto(server_url + "/lessons/")
    page.locator("ul.list > li.card a[href^='/lessons/']").first.click()
    page.wait_for_selector(".cite")


def test_copy_button_copies_the_citation(strict_page, server_url):
    page = strict_page
    a_lesson_page(page, server_url)
    citation = page.locator(".citation").inner_text().strip()
    page.get_by_role("button", name="Sao chép trích dẫn").click()
    page.get_by_role("status").filter(has_text="Đã sao chép").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == citation
    assert "CĐS tỉnh" in citation
    assert page.violations == []


def test_without_javascript_there_is_no_dead_button(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    a_lesson_page(page, server_url)
    assert page.locator(".copy-button").count() == 0
    assert page.locator(".citation").inner_text()  # the text is there to select
    context.close()


def test_reader_reports_an_error_and_is_thanked(strict_page, server_url):
    page = strict_page
    a_lesson_page(page, server_url)
    page.get_by_role("link", name="Báo lỗi trên trang này").click()
    page.get_by_role("button", name="Gửi báo lỗi").click()  # empty: the summary names the field
    summary = page.locator(".error-summary")
    assert "Hãy viết điều gì chưa đúng." in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_text"
    page.get_by_label("Điều gì chưa đúng?").fill("Tên xã Đồng Tâm ghi sai ử")
    page.get_by_role("button", name="Gửi báo lỗi").click()
    page.get_by_role("heading", name="Cảm ơn bạn đã báo lỗi").wait_for()
    assert "Đồng Tâm" not in page.content()
    assert page.violations == []
