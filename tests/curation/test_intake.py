"""Intake of a new article: each kind of file, pasted text, and the editor's way to a draft report.

Every sample is made here: a UTF-8 text file, a saved news page with its furniture, a .docx
(python-docx), a PDF (fpdf2, with a Unicode font when the system has one).
"""

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from portal.curation import intake
from portal.curation.intake import IntakeError
from portal.curation.intake_models import ArticleIntake
from portal.curation.roles import EDITORS, VIEWERS
from provinces.models import Report
from tests.admin_forms import admin_url, form_data

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A news page as a provincial paper publishes it: the article among the site's furniture.
ARTICLE_PARAGRAPHS = [
    "Năm 2023, tỉnh Điện Biên tiếp tục xác định chuyển đổi số là nhiệm vụ trọng tâm, với mục tiêu đưa dịch vụ "
    "công trực tuyến đến từng người dân ở các xã vùng cao. Tổ công nghệ số cộng đồng đã có ở tất cả các thôn.",
    "Thứ nhất, tỉnh ban hành nghị quyết chuyên đề về chuyển đổi số, giao chỉ tiêu cụ thể cho từng sở, ngành, "
    "địa phương. Đến nay, 98% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng, vượt chỉ tiêu đề ra.",
    "Thứ hai, Điện Biên chú trọng bồi dưỡng nhân lực số cho cán bộ cấp xã, đồng thời huy động đoàn viên thanh "
    "niên hỗ trợ người dân sử dụng ứng dụng định danh điện tử và thanh toán không dùng tiền mặt.",
    "Thứ ba, tỉnh đẩy mạnh kinh tế số, đưa sản phẩm OCOP lên sàn thương mại điện tử, giúp người dân Mường Phăng "
    "tiêu thụ nông sản ổn định hơn trong mùa thu hoạch cà phê.",
]
NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Điện Biên đẩy mạnh chuyển đổi số ở cấp xã - Báo Điện Biên Phủ</title>
<meta property="og:title" content="Điện Biên đẩy mạnh chuyển đổi số ở cấp xã">
<meta property="og:site_name" content="Báo Điện Biên Phủ">
<meta property="og:url" content="https://baodienbienphu.example.vn/tin/day-manh-chuyen-doi-so-123.html">
<meta name="author" content="Thanh Hà">
<meta property="article:published_time" content="2023-05-12T08:30:00+07:00">
</head><body>
<header><div class="date-banner">Thứ Sáu, 19/05/2023 10:30 GMT+7</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul></nav></header>
<main><article>
<h1>Điện Biên đẩy mạnh chuyển đổi số ở cấp xã</h1>
<p>{ARTICLE_PARAGRAPHS[0]}</p>
<figure><img src="/anh/1.jpg" alt=""><figcaption>Cán bộ xã hướng dẫn người dân dùng dịch vụ công (Ảnh: Thanh Hà)
</figcaption></figure>
{"".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE_PARAGRAPHS[1:])}
</article></main>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Lai Châu phát triển du lịch cộng đồng</a></li></ul></aside>
<footer><p>Giấy phép số 123/GP-BTTTT. Địa chỉ: phường Mường Thanh, TP Điện Biên Phủ.</p></footer>
</body></html>"""
FURNITURE = ["Trang chủ", "Thời sự", "GMT+7", "19/05/2023", "Ảnh: Thanh Hà", "Tin liên quan", "Giấy phép"]


def upload(name, content):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def docx_bytes(title=""):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Văn thư Sở"  # who made the file, not who wrote the article
    document.add_heading("Lào Cai: Đổi mới cách làm", level=1)
    document.add_paragraph("Đoạn một: người dân sử dụng dịch vụ công.")
    document.add_paragraph("")  # Word's spacing
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tỷ lệ hồ sơ trực tuyến", "98%"
    document.add_paragraph("Đoạn hai: Đồng Khê tiếp tục thử nghiệm.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(pages, title="", password=None):
    pdf = FPDF()
    if UNICODE_FONT.exists():
        pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
        pdf.set_font("DejaVu", size=12)
    else:  # no Unicode font on this machine: the core font, which has no "Đ"
        pdf.set_font("helvetica", size=12)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if password:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=password)
    return bytes(pdf.output())


PDF_PAGES = (
    ["Điện Biên: sử dụng dịch vụ công đạt 98%.", "Trang hai: Đồng Khê."]
    if UNICODE_FONT.exists()
    else ["Dien Bien: dich vu cong dat 98%.", "Trang hai: Dong Khe."]
)


# Each kind of file.


def test_a_text_file_keeps_every_character_and_only_line_breaks_change():
    text = "\ufeffĐiện Biên: Đổi mới\r\n\r\n  Người dân sử dụng dịch vụ công.\t\r\nDòng cuối ử\r\n"
    extracted = intake.read_upload(upload("bai-viet.txt", text))
    assert extracted.text == "Điện Biên: Đổi mới\n\n  Người dân sử dụng dịch vụ công.\t\nDòng cuối ử\n"
    assert extracted.format == intake.TEXT and extracted.source_name == "bai-viet.txt"
    assert extracted.title == "Điện Biên: Đổi mới"  # a short first line is proposed as the title
    assert len(extracted.sha256) == 64


@pytest.mark.parametrize(
    "content",
    ["Đàn ông".encode("cp1258"), "Điện Biên".encode("utf-16"), "Dien".encode("utf-16-le")],
    ids=["windows-1258", "utf-16", "utf-16-without-bom"],
)
def test_a_text_file_that_is_not_utf8_is_refused(content):
    with pytest.raises(IntakeError, match="UTF-8"):
        intake.read_upload(upload("bai-viet.txt", content))


def test_a_web_page_keeps_the_article_and_drops_the_furniture():
    extracted = intake.read_upload(upload("Điện Biên đẩy mạnh.html", NEWS_PAGE))
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in extracted.text
    for furniture in FURNITURE:
        assert furniture not in extracted.text, furniture
    assert extracted.title == "Điện Biên đẩy mạnh chuyển đổi số ở cấp xã"
    assert extracted.published_on == date(2023, 5, 12)  # the page's metadata, not its date banner
    assert extracted.byline == "Thanh Hà"
    assert extracted.publisher == "Báo Điện Biên Phủ"
    assert extracted.url == "https://baodienbienphu.example.vn/tin/day-manh-chuyen-doi-so-123.html"
    assert extracted.format == intake.WEB_PAGE


def test_a_page_saved_as_one_file_is_read_with_its_address():
    html = NEWS_PAGE.replace('<meta property="og:url"', '<meta property="x"')
    mhtml = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://baodienbienphu.example.vn/tin/123.html\r\n"
        "Subject: =?utf-8?Q?=C4=90i=E1=BB=87n_Bi=C3=AAn?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----ranh-gioi"\r\n\r\n'
        "------ranh-gioi\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://baodienbienphu.example.vn/tin/123.html\r\n\r\n"
        + __import__("base64").encodebytes(html.encode()).decode().replace("\n", "\r\n")
        + "\r\n------ranh-gioi--\r\n"
    )
    extracted = intake.read_upload(upload("trang.mhtml", mhtml))
    assert ARTICLE_PARAGRAPHS[2] in extracted.text and "Trang chủ" not in extracted.text
    assert extracted.url == "https://baodienbienphu.example.vn/tin/123.html"


def test_a_page_without_text_is_refused():
    with pytest.raises(IntakeError, match="nội dung bài viết"):
        intake.read_upload(upload("trang.html", "<html><head><title>Ảnh</title></head><body><img src=a.jpg></body>"))


def test_a_docx_gives_its_paragraphs_and_tables_in_order():
    extracted = intake.read_upload(upload("bao-cao.docx", docx_bytes()))
    assert extracted.text == (
        "Lào Cai: Đổi mới cách làm\nĐoạn một: người dân sử dụng dịch vụ công.\n"
        "Tỷ lệ hồ sơ trực tuyến\t98%\nĐoạn hai: Đồng Khê tiếp tục thử nghiệm."
    )
    assert extracted.title == "Lào Cai: Đổi mới cách làm"  # its Heading paragraph
    assert extracted.byline == ""  # the file's author property is not the article's byline
    assert intake.read_upload(upload("b.docx", docx_bytes(title="Tiêu đề trong thuộc tính"))).title == (
        "Tiêu đề trong thuộc tính"
    )


def test_a_pdf_gives_its_text_page_by_page():
    extracted = intake.read_upload(upload("bao-cao.pdf", pdf_bytes(PDF_PAGES, title=PDF_PAGES[1])))
    assert extracted.text == "\n".join(PDF_PAGES)
    assert extracted.title == PDF_PAGES[1] and extracted.format == intake.PDF


def test_a_pdf_title_that_is_a_file_name_is_not_proposed():
    extracted = intake.read_upload(upload("a.pdf", pdf_bytes(PDF_PAGES, title="Microsoft Word - bao cao.docx")))
    assert extracted.title == ""


def test_an_encrypted_pdf_is_refused_and_one_without_a_password_is_read():
    with pytest.raises(IntakeError, match="mật khẩu"):
        intake.read_upload(upload("khoa.pdf", pdf_bytes(PDF_PAGES, password="mat-khau")))
    assert intake.read_upload(upload("mo.pdf", pdf_bytes(PDF_PAGES, password=""))).text == "\n".join(PDF_PAGES)


def test_a_pdf_without_text_is_refused():
    with pytest.raises(IntakeError, match="bản quét"):
        intake.read_upload(upload("quet.pdf", pdf_bytes([""])))


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("hong.pdf", b"%PDF-1.7\nkhong phai pdf", "PDF"),
        ("hong.docx", b"PK\x03\x04 khong phai zip", "Word"),
        ("bang.docx", b"", "Word"),
        ("cu.doc", b"\xd0\xcf\x11\xe0", ".docx"),
        ("chuong-trinh.exe", b"MZ", "Không nhận loại tệp"),
        ("khong-duoi", b"abc", "Không nhận loại tệp"),
        ("trong.txt", b"", "Không tìm thấy chữ"),
        ("cach.txt", b" \r\n\t\n", "Không tìm thấy chữ"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason(name, content, words):
    with pytest.raises(IntakeError) as error:
        intake.read_upload(upload(name, content))
    assert words in error.value.message


def test_a_docx_that_would_unpack_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(intake, "MAX_UNPACKED_BYTES", 1000)
    assert len(zipfile.ZipFile(io.BytesIO(docx_bytes())).namelist()) > 1
    with pytest.raises(IntakeError, match="quá lớn"):
        intake.read_upload(upload("to.docx", docx_bytes()))


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    assert 1024 * 1024 <= intake.MAX_UPLOAD_BYTES <= 50 * 1024 * 1024
    monkeypatch.setattr(intake, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(IntakeError, match="quá lớn"):
        intake.read_upload(upload("dai.txt", "Điện Biên đẩy mạnh chuyển đổi số"))


def test_pasted_text_is_kept_as_it_is():
    pasted = "  Dòng đầu có khoảng trắng \r\nĐoạn hai ử\u00a0cách không ngắt\r\n\r\n"
    extracted = intake.from_pasted(pasted)
    assert extracted.text == "  Dòng đầu có khoảng trắng \nĐoạn hai ử\u00a0cách không ngắt\n\n"
    assert extracted.source_name == intake.PASTED_SOURCE and extracted.format == intake.PASTED
    with pytest.raises(IntakeError):
        intake.from_pasted(" \r\n ")


def test_the_proposed_slug_has_no_marks_and_is_unique(db, a_report):
    assert ArticleIntake(title="Đắk Lắk: Đổi mới").proposed_slug() == "dak-lak-doi-moi"
    assert ArticleIntake(title="“…”").proposed_slug() == "bai-viet"
    taken = ArticleIntake(title=a_report.slug.replace("-", " "))
    assert taken.proposed_slug() == f"{a_report.slug}-2"


# The editor's way, through the admin.


@pytest.fixture
def editor(django_user_model, db):
    user = django_user_model.objects.create_user("bien-tap-tinh", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


ADD_URL = "/admin/curation/articleintake/add/"


def test_an_editor_goes_from_a_web_page_to_a_draft_report(editor_client, editor, yen_bai, lai_chau):
    listing = editor_client.get(admin_url(ArticleIntake, "changelist"))
    assert "Thêm bài viết mới" in listing.content.decode()
    page = editor_client.get(ADD_URL)
    assert 'enctype="multipart/form-data"' in page.content.decode() and "Trích văn bản" in page.content.decode()

    response = editor_client.post(
        ADD_URL, {"upload": upload("dien-bien.html", NEWS_PAGE), "provinces": [yen_bai.pk, lai_chau.pk]}
    )
    intake_row = ArticleIntake.objects.get()
    change_url = admin_url(ArticleIntake, "change", intake_row.pk)
    assert response.status_code == 302 and response["Location"] == change_url
    assert intake_row.created_by == editor and intake_row.source_format == "html"
    assert intake_row.title == "Điện Biên đẩy mạnh chuyển đổi số ở cấp xã"

    page = editor_client.get(change_url)
    content = page.content.decode()
    assert "Tạo báo cáo (bản nháp)" in content and ARTICLE_PARAGRAPHS[1] in content
    # The editor removes the headline line, adds a note, and fills the English title; the browser
    # sends the textarea's lines joined by CRLF.
    confirmed = "\n".join(ARTICLE_PARAGRAPHS) + "\nGhi chú của biên tập viên: Đ, ử, \u00a0cách.  \n"
    data = form_data(page, text=confirmed.replace("\n", "\r\n"), title_en="Dien Bien pushes digital transformation")
    response = editor_client.post(change_url, {**data, "_create_report": "Tạo báo cáo (bản nháp)"})

    report = Report.objects.get(source_file="dien-bien.html")
    assert response.status_code == 302 and response["Location"] == admin_url(Report, "change", report.pk)
    assert report.body == confirmed  # byte for byte, line breaks as "\n"
    assert report.body.encode() == confirmed.encode()
    assert report.status == Report.Status.DRAFT and not report.is_published
    assert report.slug == "dien-bien-day-manh-chuyen-doi-so-o-cap-xa"
    assert report.title_en == "Dien Bien pushes digital transformation"
    assert (report.published_on, report.byline) == (date(2023, 5, 12), "Thanh Hà")
    assert (report.publisher, report.url) == ("Báo Điện Biên Phủ", intake_row.url) and report.url
    assert set(report.provinces.all()) == {yen_bai, lai_chau}
    intake_row.refresh_from_db()
    assert intake_row.report == report and intake_row.text == confirmed

    assert editor_client.get(f"/reports/{report.slug}/").status_code == 404  # a draft is not public
    done = editor_client.get(change_url).content.decode()
    assert admin_url(Report, "change", report.pk) in done and "Tạo báo cáo (bản nháp)" not in done


def test_an_intake_creates_one_report_only(editor_client, yen_bai):
    editor_client.post(ADD_URL, {"pasted": "Yên Bái làm bài bản\nNội dung bài.", "provinces": [yen_bai.pk]})
    intake_row = ArticleIntake.objects.get()
    change_url = admin_url(ArticleIntake, "change", intake_row.pk)
    data = form_data(editor_client.get(change_url), title_en="Yen Bai does it methodically")
    first = editor_client.post(change_url, {**data, "_create_report": "1"})
    assert first.status_code == 302
    second = editor_client.post(change_url, {**data, "_create_report": "1"})
    assert second.status_code == 200 and "không tạo báo cáo thứ hai" in second.content.decode()
    assert Report.objects.filter(source_file=intake.PASTED_SOURCE).count() == 1
    intake_row.refresh_from_db()
    with pytest.raises(ValidationError, match="thứ hai"):
        intake_row.create_report()


def test_a_second_click_loaded_before_the_first_creates_nothing(db, yen_bai):
    """A double click: the second request loaded the intake before the first one created the report."""
    first = ArticleIntake.objects.create(text="Nội dung.", title="Yên Bái", title_en="Yen Bai", source_name="a.txt")
    first.provinces.set([yen_bai])
    second = ArticleIntake.objects.get(pk=first.pk)
    report = first.create_report()
    second.title_en = "Yen Bai, corrected"
    second.save()  # the second request saves the editor's form first, as the admin does
    with pytest.raises(ValidationError, match="thứ hai"):
        second.create_report()
    second.refresh_from_db()
    assert second.report == report and second.title_en == "Yen Bai, corrected"
    assert Report.objects.filter(source_file="a.txt").count() == 1


def test_the_report_waits_for_an_english_title_and_a_province(editor_client):
    editor_client.post(ADD_URL, {"pasted": "Tiêu đề dán\nNội dung dán ử."})
    intake_row = ArticleIntake.objects.get()
    change_url = admin_url(ArticleIntake, "change", intake_row.pk)
    corrected = "Tiêu đề dán\r\nNội dung đã sửa Đ."
    response = editor_client.post(
        change_url, {**form_data(editor_client.get(change_url), text=corrected), "_create_report": "1"}
    )
    assert response.status_code == 200  # the form again, with the editor's text in it
    errors = response.context["adminform"].form.errors
    assert "tiêu đề tiếng Anh" in str(errors["title_en"]) and "tỉnh" in str(errors["provinces"])
    assert "Nội dung đã sửa Đ." in response.content.decode()
    assert not Report.objects.filter(source_file=intake.PASTED_SOURCE).exists()


def test_a_bad_file_shows_the_form_again_with_the_editors_choices(editor_client, yen_bai):
    response = editor_client.post(ADD_URL, {"upload": upload("hong.pdf", b"%PDF-1.4 hong"), "provinces": [yen_bai.pk]})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Không đọc được tệp PDF" in str(form.errors["upload"])
    assert "Không đọc được tệp PDF" in response.content.decode()
    assert [str(pk) for pk in form["provinces"].value()] == [str(yen_bai.pk)]
    assert not ArticleIntake.objects.exists()


def test_a_file_and_pasted_text_together_are_refused_and_the_text_kept(editor_client):
    response = editor_client.post(ADD_URL, {"upload": upload("a.txt", "Văn bản"), "pasted": "Bài dán ở đây ử"})
    assert response.status_code == 200 and "không cả hai" in response.content.decode()
    assert "Bài dán ở đây ử" in response.content.decode()
    assert editor_client.post(ADD_URL, {}).status_code == 200  # nothing at all: asked again, no 500
    assert not ArticleIntake.objects.exists()


def test_a_viewer_cannot_add_an_article(client, django_user_model):
    viewer = django_user_model.objects.create_user("xem", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    client.force_login(viewer)
    assert client.post(ADD_URL, {"pasted": "Bài"}).status_code == 403
    assert not ArticleIntake.objects.exists()
