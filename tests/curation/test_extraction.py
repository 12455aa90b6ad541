"""The rule-based extraction proposes the right candidates from the real articles."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.curation.extraction import extract, extract_enumerations, extract_numbers, extract_quotes

ARTICLES = settings.FIXTURES_ROOT / "articles"


def article(slug):
    return (ARTICLES / f"{slug}.txt").read_text(encoding="utf-8")


def test_enumerated_lessons_of_lai_chau_and_yen_bai():
    found = [
        (c.details["marker"], c.details["ordinal"]) for c in extract_enumerations(article("kinh-nghiem-ba-tinh-2022"))
    ]
    assert found[:5] == [("Thứ nhất", 1), ("Thứ 2", 2), ("Thứ 3", 3), ("Thứ 4", 4), ("Cuối cùng", None)]
    assert ("Đầu tiên", None) in found
    assert found.count(("Cuối cùng", None)) == 2


def test_mot_la_to_nam_la_including_the_ba_la_typo():
    found = [c.details["ordinal"] for c in extract_enumerations(article("lao-cai-chuyen-doi-so-de-phat-trien"))]
    assert found == [1, 2, 3, 4, 5]


def test_marker_inside_a_sentence_is_not_an_item():
    text = "Tỉnh xếp thứ 2 cả nước. Thứ 2, tăng cường đào tạo."
    assert [c.start for c in extract_enumerations(text)] == [text.index("Thứ 2, tăng")]


def test_offsets_point_into_the_text():
    text = article("yen-bai-lam-bai-ban-2023")
    for candidates in extract(text).values():
        for candidate in candidates:
            assert text[candidate.start : candidate.end] == candidate.text


def test_the_thirteen_quoted_nam_dinh_initiatives():
    quotes = [c.text for c in extract_quotes(article("nam-dinh-lan-toa-cach-lam-cds")) if c.details["words"] >= 4]
    distinct = list(dict.fromkeys(quotes))
    assert len(distinct) == 13
    assert distinct[0] == "Ứng dụng phần mềm giám sát thông tin xấu, độc trên mạng xã hội"
    assert "Ngày thứ Ba không hẹn, không giấy tờ ở Vụ Bản" in distinct


@pytest.mark.parametrize(
    ("raw", "kind", "value", "denominator"),
    [
        ("1.562", "count", "1562", None),
        ("7.363", "count", "7363", None),
        ("116/152", "fraction", "116", "152"),
        ("98%", "percent", "98", None),
    ],
)
def test_numbers_in_the_lao_cai_interview(raw, kind, value, denominator):
    numbers = {c.text: c.details for c in extract_numbers(article("lao-cai-phong-van-2023"))}
    assert numbers[raw]["kind"] == kind
    assert numbers[raw]["value"] == value
    assert numbers[raw].get("denominator") == denominator


def test_numbers_in_the_yen_bai_article():
    numbers = {c.text: c.details["kind"] for c in extract_numbers(article("yen-bai-lam-bai-ban-2023"))}
    assert numbers["12,92%"] == "percent"
    assert numbers["28.239/50.772"] == "fraction"
    assert numbers["1.292/2.910"] == "fraction"
    assert numbers["14/63"] == "rank"
    assert numbers["7/63"] == "rank"
    assert numbers["9.000"] == "count"
    assert numbers["22/7/2021"] == "date"
    assert numbers["51"] == "document-number"


def test_dates_years_and_names_are_not_figures():
    kinds = {
        c.text: c.details["kind"] for c in extract_numbers("Ngày 9/12/2022, năm 2023, mô hình chợ 4.0 và COVID-19.")
    }
    assert kinds == {"9/12/2022": "date", "2023": "year"}


def test_places_known_and_new():
    text = "Tại xã Tú Lệ, huyện Văn Chấn và xã Nậm Búng của tỉnh Yên Bái."
    places = extract(text, [("yen-bai", "Yên Bái")], [("yen-bai/tu-le", "Tú Lệ"), ("yen-bai/van-chan", "Văn Chấn")])
    rules = [(c.rule, c.text) for c in places["places"]]
    assert ("locality", "Tú Lệ") in rules
    assert ("province", "Yên Bái") in rules
    assert ("new-locality", "xã Nậm Búng") in rules


def test_command_prints_json_with_offsets(db):
    out = io.StringIO()
    call_command("extract_candidates", "nam-dinh-lan-toa-cach-lam-cds", "--rule", "quotes", stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["report"] == "nam-dinh-lan-toa-cach-lam-cds"
    first = data[0]["candidates"]["quotes"][0]
    assert {"start", "end", "text"} <= set(first)
    assert "places" not in data[0]["candidates"]


def test_command_rejects_unknown_report(db):
    with pytest.raises(CommandError, match="unknown report slug"):
        call_command("extract_candidates", "khong-co")
