"""The whole editorial journey in a real browser, on an article this test writes.

An editor uploads it, sees its candidates highlighted, accepts three (editing one), rejects one,
adds one the rules missed by selecting it, and publishes the report. While drafts, the records
show nowhere in public; once published, the lesson list, search, CSV and API show exactly them.
"""

import csv
import io
import re

import pytest

from .conftest import screenshot
from .test_review import select_text

pytestmark = pytest.mark.browser

TITLE = "Xã Phiêng Pằn làm chuyển đổi số từ thôn bản"
ARTICLE = f"""{TITLE}
Năm 2024, xã Phiêng Pằn có 1.250 hộ dân dùng ứng dụng “Chợ số Phiêng Pằn” để bán nông sản.
Từ thực tế đó, xã Phiêng Pằn rút ra những bài học kinh nghiệm sau.
Thứ nhất, cấp ủy xã Phiêng Pằn phải vào cuộc ngay từ đầu và giao việc rõ cho từng thôn.
Thứ hai, xã Phiêng Pằn lấy người dân làm trung tâm, hướng dẫn cầm tay chỉ việc tại nhà văn hóa thôn.
Thứ ba, đoàn viên thanh niên xã Phiêng Pằn làm nòng cốt trong tổ công nghệ số cộng đồng.
Thứ tư, mọi thông báo của xã Phiêng Pằn đều được đăng trên nhóm trò chuyện của từng thôn.
Người dân xã Phiêng Pằn đã tự tin dùng điện thoại thông minh để thanh toán không dùng tiền mặt.
"""
QUERY = "phieng pan"
EDITED_TITLE = "Lấy người dân Phiêng Pằn làm trung tâm, cầm tay chỉ việc"
SELECTED = "Người dân xã Phiêng Pằn đã tự tin dùng điện thoại thông minh để thanh toán không dùng tiền mặt"


def public_titles(context, server_url):
    """The titles the public finds for the article's place: list page, search, CSV and API."""
    public = context.new_page()
    public.goto(f"{server_url}/lessons/?q={QUERY.replace(' ', '+')}")
    listed = {title.strip() for title in public.locator("ul.list > li.card h3").all_inner_texts()}
    public.goto(f"{server_url}/search/?q={QUERY.replace(' ', '+')}")
    searched = public.locator("body").inner_text()  # the words, without the highlighting marks
    rows = csv.DictReader(io.StringIO(public.request.get(f"{server_url}/lessons/?format=csv&q={QUERY}").text()))
    in_csv = {row["title"] for row in rows}
    api = public.request.get(f"{server_url}/api/v1/lessons/?q={QUERY}&page_size=100").json()
    in_api = {row["title"] for row in api["results"]}
    public.close()
    return listed, searched, in_csv, in_api


def review_candidate(page, text, **fields):
    """Open, from the review page, the candidate whose proposed title holds `text`; fill it in."""
    page.locator(".review-list a", has_text=re.compile(re.escape(text), re.IGNORECASE)).first.click()
    page.wait_for_url(re.compile(r"/admin/curation/candidate/\d+/change/"))
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)


def complete_lesson(page, title_en):
    page.fill("[name=title_en]", title_en)
    page.fill("[name=subject]", "Xã Phiêng Pằn")
    page.fill("[name=subject_en]", "Phieng Pan commune")
    page.fill("[name=summary_en]", f"{title_en}.")
    page.get_by_label("Xã hội số", exact=True).check()


def test_upload_review_publish(page, server_url, editor_page_login, tmp_path):
    editor_page_login(page)
    clicks = 0

    # Intake: upload the article, name the province, confirm the text, add the English title.
    article = tmp_path / "phieng-pan.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    page.goto(server_url + "/admin/curation/articleintake/add/")
    page.set_input_files("input[name=upload]", str(article))
    page.get_by_label("Lai Châu", exact=True).check()
    page.get_by_role("button", name="Trích văn bản").click()
    clicks += 3
    assert page.locator("textarea[name=text]").input_value() == ARTICLE
    page.fill("[name=title_en]", "Phieng Pan commune does digital transformation village by village")
    page.get_by_role("button", name="Tạo báo cáo (bản nháp)").click()
    clicks += 2
    assert "bản nháp" in page.locator(".messagelist").inner_text()

    # Candidates: the rules' proposals, highlighted in the article.
    page.goto(server_url + "/admin/curation/candidate/")
    page.select_option("#propose-report", label=f"{TITLE} (bản nháp)")
    page.get_by_role("button", name="Chạy quy tắc trích xuất").click()
    clicks += 3
    page.wait_for_url(re.compile(r"/admin/curation/candidate/review/\d+/"))
    review_url = page.url
    assert page.locator(".review-article mark").count() >= 4
    screenshot(page, "journey-review-page")

    accepted = {
        "cấp ủy xã Phiêng Pằn": (
            "Cấp ủy vào cuộc ngay từ đầu, giao việc rõ cho từng thôn",
            "The Party committee leads from day one",
        ),
        "lấy người dân làm trung tâm": (EDITED_TITLE, "Put residents at the centre, show them hands-on"),
        "đoàn viên thanh niên": (
            "Đoàn viên thanh niên làm nòng cốt tổ công nghệ số",
            "Youth union members anchor the digital teams",
        ),
    }
    for marker, (title, title_en) in accepted.items():
        page.goto(review_url)
        review_candidate(page, marker, title=title)
        complete_lesson(page, title_en)
        page.get_by_role("button", name="Nhận: tạo bản nháp").click()
        clicks += 8
        assert "Đã tạo bản nháp" in page.locator(".messagelist").inner_text()

    page.goto(review_url)
    review_candidate(page, "mọi thông báo", reason="Thông báo hành chính, không phải bài học.")
    page.get_by_role("button", name="Loại (ghi lý do ở trên)").click()
    clicks += 4
    assert "Đã loại đề xuất" in page.locator(".messagelist").inner_text()

    # A passage the rules missed: select it in the article.
    page.goto(review_url)
    select_text(page, SELECTED)
    page.select_option("select[name=kind]", "result")
    page.get_by_role("button", name="Thêm đề xuất").click()
    page.wait_for_url(re.compile(r"/admin/curation/candidate/\d+/change/"))
    page.fill("[name=title]", "Người dân tự tin thanh toán không dùng tiền mặt")
    complete_lesson(page, "Residents pay cashless with confidence")
    page.get_by_role("button", name="Nhận: tạo bản nháp").click()
    clicks += 10
    assert "Đã tạo bản nháp" in page.locator(".messagelist").inner_text()

    expected = {*(title for title, _ in accepted.values()), "Người dân tự tin thanh toán không dùng tiền mặt"}
    listed, searched, in_csv, in_api = public_titles(page.context, server_url)
    assert listed == in_csv == in_api == set()  # drafts: nowhere in public
    assert EDITED_TITLE not in searched

    # Publish the report with its records, in one step.
    page.goto(server_url + "/admin/provinces/report/?status__exact=draft")
    page.locator("tr", has_text=TITLE).locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "publish")
    page.locator(".actions button[name=index]").click()
    clicks += 4
    assert "Đã công bố 5 bản ghi." in page.locator(".messagelist").inner_text()
    screenshot(page, "journey-published")

    listed, searched, in_csv, in_api = public_titles(page.context, server_url)
    assert listed == in_csv == in_api == expected
    assert EDITED_TITLE in searched and "Thông báo hành chính" not in searched
    print(f"clicks and entries from upload to publish: {clicks}")
