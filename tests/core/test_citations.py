"""“Cite this page”: the citation on every detail page, and its BibTeX, RIS and CSL-JSON downloads,
read back by the parsers reference managers' users rely on (bibtexparser, rispy, citeproc-py)."""

import datetime
import json
import re
from unittest import mock

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.test import RequestFactory
from django.utils import translation

from lessons.models import Initiative, Lesson, Theme
from portal.core import citations
from provinces.models import Indicator, Province, Report

ACCESSED = datetime.date(2024, 3, 5)
PORTAL = "CĐS tỉnh – Cổng bài học chuyển đổi số cấp tỉnh"
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


@pytest.fixture
def rf_request(settings):
    settings.ALLOWED_HOSTS = ["cds.example.org"]
    return RequestFactory().get("/", HTTP_HOST="cds.example.org", secure=True)


@pytest.fixture
def nam_dinh_lesson(db):
    return Lesson.objects.select_related("report").filter(report__slug="nam-dinh-lan-toa-cach-lam-cds").first()


@pytest.fixture
def yen_bai_lesson(db):
    return Lesson.objects.select_related("report").filter(report__slug="yen-bai-lam-bai-ban-2023").first()


def citation_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    match = re.search(r'<p class="citation"[^>]*>(.*?)</p>', content, re.S)
    assert match, f"no citation on {url}"
    assert 'href="?cite=bibtex"' in content and 'href="?cite=ris"' in content
    return match.group(1), content


def balanced(text):
    """Braces balance once escaped ones (\\{, \\}) are ignored, as BibTeX reads them."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# Pure functions ------------------------------------------------------------------------------


def test_bibtex_escape_keeps_vietnamese_and_escapes_specials():
    assert citations.bibtex_escape("Đổi mới {CĐS} & 100% dữ_liệu #1 $5 \\ ~^ ử") == (
        r"Đổi mới \{CĐS\} \& 100\% dữ\_liệu \#1 \$5 \textbackslash{} \textasciitilde{}\textasciicircum{} ử"
    )


def test_bibtex_escape_never_escapes_twice():
    assert citations.bibtex_escape("\\{") == r"\textbackslash{}\{"
    assert citations.bibtex_escape("a\n  b") == "a b"


def test_bibtex_of_a_tricky_title(nam_dinh_lesson, rf_request):
    nam_dinh_lesson.title = "Đổi mới {CĐS} ử: 100% hồ sơ & dữ_liệu"
    text = citations.bibtex(nam_dinh_lesson, rf_request, accessed=ACCESSED)
    lines = text.splitlines()
    assert lines[0] == f"@misc{{lesson-{nam_dinh_lesson.slug},"
    assert lines[-1] == "}"
    assert r"  title = {{Đổi mới \{CĐS\} ử: 100\% hồ sơ \& dữ\_liệu}}," in lines
    assert f"  howpublished = {{{PORTAL}}}," in lines
    assert "  urldate = {2024-03-05}," in lines
    assert f"  url = {{https://cds.example.org/lessons/{nam_dinh_lesson.slug}/}}," in lines
    note = next(line for line in lines if line.startswith("  note = "))
    assert "Nam Định lan tỏa cách làm chuyển đổi số hiệu quả" in note and "Báo Nam Định" in note
    assert balanced(text)
    # No unescaped special character left in any field but the verbatim url.
    for line in lines[1:-1]:
        if not line.startswith("  url = "):
            value = line.split(" = ", 1)[1]
            assert not re.search(r"(?<!\\)[%&#_$]", value), line


def test_bibtex_url_is_verbatim_but_braces_are_encoded():
    assert citations.verbatim_url("https://x.org/a_b%20c/{d}") == "https://x.org/a_b%20c/%7Bd%7D"


def test_ris_lines_and_crlf(yen_bai_lesson, rf_request):
    text = citations.ris(yen_bai_lesson, rf_request, accessed=ACCESSED)
    assert text.endswith("ER  - \r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert lines[0] == "TY  - ELEC"
    assert lines[-1] == "ER  - "
    for line in lines:
        assert RIS_LINE.match(line), line
    tags = dict(line.split("  - ", 1) for line in lines)
    assert tags["TI"] == yen_bai_lesson.title
    assert tags["T2"] == "Bài 2: Chuyển đổi số bằng cách làm bài bản"
    assert tags["PY"] == "2023"
    assert tags["DA"] == "2023/09/30/"
    assert tags["Y2"] == "2024/03/05/"
    assert tags["UR"] == f"https://cds.example.org/lessons/{yen_bai_lesson.slug}/"
    assert tags["DB"] == PORTAL
    assert tags["LA"] == "vi"
    assert "Quý Trọng; Thừa Xuân" in tags["N1"]  # the normalised byline


def test_ris_of_a_page_without_report_names_the_portal(yen_bai, rf_request):
    tags = dict(line.split("  - ", 1) for line in citations.ris(yen_bai, rf_request, ACCESSED).split("\r\n") if line)
    assert tags["TI"] == "Yên Bái"
    assert tags["PB"] == PORTAL
    assert "T2" not in tags and "PY" not in tags and "DA" not in tags


def test_citation_text_of_a_sourced_record(nam_dinh_lesson, rf_request):
    text = citations.citation_text(nam_dinh_lesson, rf_request, accessed=ACCESSED)
    # The article is undated; Nam Định's first national forum "năm 2023" dates it (inferred).
    assert text.startswith(f"{PORTAL}. (2023, suy ra). {nam_dinh_lesson.title} [Bài học].")
    # A republication ("Theo Nguyễn Hương (Báo Nam Định)"): the original, and no invented republisher.
    assert (
        "Nguồn: “Nam Định lan tỏa cách làm chuyển đổi số hiệu quả”, "
        "đăng lại theo Nguyễn Hương, Báo Nam Định (không rõ nơi đăng lại), 2023 (suy ra)." in text
    )
    assert text.endswith(f"Truy cập ngày 05/03/2024, từ https://cds.example.org/lessons/{nam_dinh_lesson.slug}/")


def test_citation_text_with_a_dated_source_in_english(yen_bai_lesson, rf_request):
    with translation.override("en"):
        text = citations.citation_text(yen_bai_lesson, rf_request, accessed=ACCESSED)
    assert f"(2023). {yen_bai_lesson.title_en} [Lesson]." in text
    assert "“Bài 2: Chuyển đổi số bằng cách làm bài bản” [" in text  # original title, then its translation
    assert "September 30, 2023" in text and "March 5, 2024" in text
    assert f"https://cds.example.org/en/lessons/{yen_bai_lesson.slug}/" in text


def test_report_is_cited_with_its_own_byline_and_date(rf_request, db):
    report = Report.objects.get(slug="yen-bai-lam-bai-ban-2023")
    text = citations.citation_text(report, rf_request, accessed=ACCESSED)
    assert f"(2023). {report.title} [Báo cáo nguồn]. Bài gốc: Quý Trọng; Thừa Xuân, 30/09/2023." in text
    assert "Nguồn:" not in text


def test_report_url_is_cited_when_known(rf_request, db):
    report = Report.objects.get(slug="nam-dinh-lan-toa-cach-lam-cds")
    report.url = "https://baonamdinh.example/bai-viet_1"
    text = citations.citation_text(report, rf_request, accessed=ACCESSED)
    assert (
        "Bài gốc: đăng lại theo Nguyễn Hương, Báo Nam Định (không rõ nơi đăng lại), 2023 (suy ra), "
        "https://baonamdinh.example/bai-viet_1." in text
    )


def test_access_date_is_today_in_vietnam(rf_request, yen_bai):
    # 18:30 UTC on 1 January is already 2 January in Hà Nội (UTC+7).
    late_evening = datetime.datetime(2024, 1, 1, 18, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening):
        citation = citations.build_citation(yen_bai, rf_request)
    assert citation.accessed == datetime.date(2024, 1, 2)


def test_requested_citation():
    factory = RequestFactory()
    assert citations.requested_citation(factory.get("/")) is None
    assert citations.requested_citation(factory.get("/?cite=bibtex")) == "bibtex"
    assert citations.requested_citation(factory.get("/?cite=ris")) == "ris"
    for bad in ("bad", "", "BibTeX"):
        with pytest.raises(citations.BadRequest) as error:
            citations.requested_citation(factory.get("/", {"cite": bad}))
        assert list(error.value.errors) == ["cite"]


# Pages ---------------------------------------------------------------------------------------


def test_lesson_page_cites_its_source_report_and_publisher(client, nam_dinh_lesson):
    text, content = citation_on(client, nam_dinh_lesson.get_absolute_url())
    assert nam_dinh_lesson.title in text
    assert "Nam Định lan tỏa cách làm chuyển đổi số hiệu quả" in text
    assert "Báo Nam Định" in text
    assert f"http://testserver{nam_dinh_lesson.get_absolute_url()}" in text
    today = citations.today()
    assert f'<time datetime="{today.isoformat()}">{today.strftime("%d/%m/%Y")}</time>' in content


def test_initiative_page_cites_its_source_report(client, an_initiative):
    text, _ = citation_on(client, an_initiative.get_absolute_url())
    assert an_initiative.name in text
    assert an_initiative.report.title in text
    if an_initiative.report.publisher:
        assert an_initiative.report.publisher in text


def test_report_page_cites_the_report(client, db):
    report = Report.objects.get(slug="yen-bai-lam-bai-ban-2023")
    text, _ = citation_on(client, report.get_absolute_url())
    assert report.title in text and "Quý Trọng; Thừa Xuân" in text and "30/09/2023" in text


@pytest.mark.parametrize(
    "record",
    [
        lambda: Indicator.objects.order_by("slug").first(),
        lambda: Province.objects.get(slug="yen-bai"),
        lambda: Theme.objects.get(slug="awareness"),
    ],
)
def test_pages_without_a_single_report_cite_the_portal_page(client, db, record):
    record = record()
    text, _ = citation_on(client, record.get_absolute_url())
    assert text.startswith(f"{PORTAL}. (không rõ năm). {record.name} [")
    assert "Nguồn:" not in text
    assert text.endswith(f"http://testserver{record.get_absolute_url()}")


def test_english_page_cites_english_title(client, an_initiative):
    with translation.override("en"):
        url = an_initiative.get_absolute_url()
    text, _ = citation_on(client, url)
    assert an_initiative.name_en.replace("'", "&#x27;").replace('"', "&quot;") in text
    assert "http://testserver/en/initiatives/" in text


@pytest.mark.parametrize(
    ("style", "content_type", "extension"),
    [
        ("bibtex", "application/x-bibtex; charset=utf-8", "bib"),
        ("ris", "application/x-research-info-systems; charset=utf-8", "ris"),
    ],
)
def test_downloads_are_utf8_attachments_with_vietnamese_intact(client, db, style, content_type, extension):
    lesson = Lesson.objects.get(slug="lao-cai-phong-van-2023-result-electronic-health-records")
    response = client.get(f"{lesson.get_absolute_url()}?cite={style}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{lesson.slug}.{extension}"'
    text = response.content.decode("utf-8")  # strict: raises on anything but UTF-8
    expected_title = "90\\% dân số có hồ sơ sức khỏe điện tử" if style == "bibtex" else lesson.title
    assert expected_title in text
    assert "Phỏng vấn đồng chí Vũ Hùng Dũng" in text  # the source report
    assert "CĐS tỉnh – Cổng bài học chuyển đổi số cấp tỉnh" in text
    assert "\\u" not in text and "&#" not in text


@pytest.mark.parametrize("style", ["bibtex", "ris"])
def test_every_detail_page_offers_both_downloads(client, db, style):
    records = [
        Lesson.objects.order_by("slug").first(),
        Initiative.objects.order_by("slug").first(),
        Indicator.objects.order_by("slug").first(),
        Report.objects.order_by("slug").first(),
        Province.objects.get(slug="lao-cai"),
        Theme.objects.get(slug="digital-economy"),
    ]
    for record in records:
        response = client.get(f"{record.get_absolute_url()}?cite={style}")
        assert response.status_code == 200, record
        assert f'filename="{record.slug}.' in response["Content-Disposition"]


@pytest.mark.parametrize("value", ["bad", "", "csv"])
def test_bad_cite_is_a_400_naming_the_parameter(client, a_lesson, value):
    response = client.get(a_lesson.get_absolute_url(), {"cite": value})
    assert response.status_code == 400
    assert [template.name for template in response.templates][0] == "400.html"
    errors = response.context["errors"]
    assert [name for name, _ in errors] == ["cite"]
    assert len(errors[0][1]) == 1
    assert "“cite”" in response.content.decode()


def test_indicator_keeps_its_format_downloads_and_reports_both_bad_parameters(client, db):
    indicator = Indicator.objects.order_by("slug").first()
    url = indicator.get_absolute_url()
    assert client.get(url + "?format=csv")["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(url + "?format=json")["Content-Type"] == "application/json; charset=utf-8"
    assert client.get(url + "?cite=ris")["Content-Type"].startswith("application/x-research-info-systems")
    response = client.get(url + "?format=xml&cite=apa")
    assert response.status_code == 400
    assert [name for name, _ in response.context["errors"]] == ["cite", "format"]
    assert client.get("/indicators/khong-co/?cite=ris").status_code == 404


def test_downloads_run_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    lesson = Lesson.objects.order_by("pk").first()
    with django_assert_num_queries(2):  # the lesson with its report, its themes
        client.get(f"{lesson.get_absolute_url()}?cite=bibtex")
    with django_assert_num_queries(1):
        client.get("/provinces/yen-bai/?cite=ris")


def test_robots_keep_crawlers_off_the_downloads(client, db):
    assert "Disallow: /*?*cite=" in client.get("/robots.txt").content.decode()


# What a reference manager reads: each download parsed by a third-party parser ----------------

VIETNAMESE_TITLE = "Đổi mới {CĐS} ử: 100% hồ sơ & dữ_liệu"


def parsed_bibtex(text):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert not library.failed_blocks
    (entry,) = library.entries
    return {field.key: field.value for field in entry.fields}


def test_bibtex_parses_with_the_portal_as_author_and_vietnamese_intact(nam_dinh_lesson, rf_request):
    nam_dinh_lesson.title = VIETNAMESE_TITLE
    fields = parsed_bibtex(citations.bibtex(nam_dinh_lesson, rf_request, accessed=ACCESSED))
    assert fields["author"] == [PORTAL]
    assert fields["title"] == "Đổi mới {CĐS} ử: 100% hồ sơ & dữ_liệu"
    assert fields["year"] == "2023"  # the source's inferred year
    assert fields["urldate"] == "2024-03-05"
    assert fields["url"] == f"https://cds.example.org/lessons/{nam_dinh_lesson.slug}/"
    assert fields["publisher"] == PORTAL
    assert "Báo Nam Định" in fields["note"]


def test_bibtex_of_a_report_names_its_authors_date_and_publisher(rf_request, db):
    report = Report.objects.get(slug="yen-bai-lam-bai-ban-2023")
    fields = parsed_bibtex(citations.bibtex(report, rf_request, accessed=ACCESSED))
    assert fields["author"] == ["Quý Trọng", "Thừa Xuân"]
    assert (fields["year"], fields["date"]) == ("2023", "2023-09-30")
    assert fields.get("publisher", "") == report.publisher


def test_bibtex_of_an_undated_page_says_no_date(yen_bai, rf_request):
    fields = parsed_bibtex(citations.bibtex(yen_bai, rf_request, accessed=ACCESSED))
    assert fields["author"] == [PORTAL] and fields["year"] == "n.d." and "date" not in fields


def test_ris_parses_with_a_creator_year_and_access_date(yen_bai_lesson, rf_request):
    yen_bai_lesson.title = VIETNAMESE_TITLE
    (entry,) = rispy.loads(citations.ris(yen_bai_lesson, rf_request, accessed=ACCESSED))
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == VIETNAMESE_TITLE
    assert entry["authors"] == [PORTAL]
    assert entry["year"] == "2023"
    assert entry["access_date"] == "2024/03/05/"
    assert entry["urls"] == [f"https://cds.example.org/lessons/{yen_bai_lesson.slug}/"]
    assert entry["secondary_title"] == "Bài 2: Chuyển đổi số bằng cách làm bài bản"


def test_ris_of_a_report_names_its_authors(rf_request, db):
    report = Report.objects.get(slug="yen-bai-lam-bai-ban-2023")
    (entry,) = rispy.loads(citations.ris(report, rf_request, accessed=ACCESSED))
    assert entry["authors"] == ["Quý Trọng", "Thừa Xuân"]
    assert entry["year"] == "2023" and entry["date"] == "2023/09/30/"


def bibliography_of(text):
    """CSL-JSON formatted by citeproc-py with a bundled Harvard style, as a reference manager would."""
    items = json.loads(text)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return str(bibliography.bibliography()[0])


def test_csl_json_formats_with_citeproc(yen_bai_lesson, rf_request):
    yen_bai_lesson.title = VIETNAMESE_TITLE
    text = citations.csl(yen_bai_lesson, rf_request, accessed=ACCESSED)
    (item,) = json.loads(text)
    assert item["author"] == [{"literal": PORTAL}]
    assert item["issued"] == {"date-parts": [[2023, 9, 30]]}
    assert item["accessed"] == {"date-parts": [[2024, 3, 5]]}
    entry = bibliography_of(text)
    assert entry.startswith(f"{PORTAL} (2023) Đổi mới")
    assert "ử" in entry and "Accessed: March 5, 2024" in entry


def test_csl_json_of_an_undated_page_has_no_issued_date(yen_bai, rf_request):
    text = citations.csl(yen_bai, rf_request, accessed=ACCESSED)
    assert "issued" not in json.loads(text)[0]
    assert bibliography_of(text).startswith(f"{PORTAL} (no date) Yên Bái")


def test_csl_json_download(client, a_lesson):
    response = client.get(f"{a_lesson.get_absolute_url()}?cite=csl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{a_lesson.slug}.json"'
    assert json.loads(response.content.decode("utf-8"))[0]["title"] == a_lesson.title


def test_cite_block_offers_the_copy_script_without_inline_script(client, a_lesson):
    content = client.get(a_lesson.get_absolute_url()).content.decode()
    assert 'href="?cite=csl"' in content
    assert re.search(r'<p class="citation" data-copy>', content)
    assert 'src="/static/js/copy.js"' in content
    # no inline script (CSP); JSON-LD blocks are data, never run
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", content)
