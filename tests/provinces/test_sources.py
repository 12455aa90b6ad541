"""Dated sources and their provenance: inferred dates with their sentence, republications, bylines."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lessons.models import Lesson
from portal.core import dates
from provinces.models import Report


def test_every_report_is_dated_and_an_inferred_date_quotes_its_sentence(db):
    for report in Report.objects.all():
        assert report.published_on is not None, report.slug
        assert report.date_evidence and report.date_evidence in report.body, report.slug
        if report.date_precision != Report.DatePrecision.DAY:
            assert report.published_on.day == 1
    inferred = dict(Report.objects.filter(date_inferred=True).values_list("slug", "date_precision"))
    assert inferred == {
        "kinh-nghiem-ba-tinh-2022": "year",
        "lao-cai-chuyen-doi-so-de-phat-trien": "year",
        "lao-cai-phong-van-2023": "month",
        "nam-dinh-lan-toa-cach-lam-cds": "year",
    }


@pytest.mark.parametrize(
    ("day", "precision", "inferred", "vi", "en"),
    [
        (datetime.date(2023, 9, 30), "day", False, "30/09/2023", "September 30, 2023"),
        (datetime.date(2023, 8, 1), "month", True, "tháng 8/2023 (suy ra)", "August 2023 (inferred)"),
        (datetime.date(2022, 1, 1), "year", True, "2022 (suy ra)", "2022 (inferred)"),
        (None, "day", False, "", ""),
    ],
)
def test_dates_show_their_precision_and_say_when_inferred(day, precision, inferred, vi, en):
    with translation.override("vi"):
        assert dates.display(day, precision, inferred) == vi
    with translation.override("en"):
        assert dates.display(day, precision, inferred) == en


def test_an_inferred_date_needs_a_sentence_of_the_report(db):
    report = Report.objects.get(slug="lao-cai-phong-van-2023")
    report.date_evidence = "Tính đến tháng 9/2023"  # not in the text
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "date_evidence" in error.value.message_dict
    report.date_evidence = ""
    with pytest.raises(ValidationError):
        report.full_clean()
    report.refresh_from_db()
    report.published_on = datetime.date(2023, 8, 15)  # a month precision is written as its 1st day
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "published_on" in error.value.message_dict


def test_a_republication_keeps_its_original_and_an_unknown_republisher(db):
    report = Report.objects.get(slug="nam-dinh-lan-toa-cach-lam-cds")
    assert report.body.rstrip().endswith("Theo Nguyễn Hương (Báo Nam Định)")
    assert (report.original_author, report.original_outlet, report.publisher) == ("Nguyễn Hương", "Báo Nam Định", "")
    assert report.is_republication and report.authors == ["Nguyễn Hương"]


def test_bylines_keep_the_verbatim_form_beside_the_normalised_one(db):
    report = Report.objects.get(slug="yen-bai-lam-bai-ban-2023")
    assert report.byline == "QÚY TRỌNG- THỪA XUÂN" and report.byline in report.body
    assert report.authors == ["Quý Trọng", "Thừa Xuân"]
    assert report.series_part == "Bài 2" and report.title.startswith("Bài 2:")


def test_a_curators_title_says_so_and_names_what_the_article_is_about(client, db):
    report = Report.objects.get(slug="kinh-nghiem-ba-tinh-2022")
    assert not report.title_from_source
    assert "Đài Phát thanh - Truyền hình Lào Cai" in report.title and "thông tin và truyền thông" in report.title
    content = client.get(report.get_absolute_url()).content.decode()
    assert "tiêu đề trên do biên tập viên đặt" in content
    assert '<time datetime="2022">2022 (suy ra)</time>' in content


def test_english_pages_and_citations_show_inferred_dates(client, db):
    content = client.get("/en/reports/lao-cai-phong-van-2023/").content.decode()
    assert '<time datetime="2023-08">August 2023 (inferred)</time>' in content
    assert "(2023, inferred)" in content  # the citation's year
    # A record's source line carries its report's date too.
    lesson = Lesson.objects.public().filter(report__slug="lao-cai-phong-van-2023").first()
    with translation.override("en"):
        url = lesson.get_absolute_url()
    assert "August 2023 (inferred)" in client.get(url).content.decode()
