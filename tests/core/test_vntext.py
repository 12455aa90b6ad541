from decimal import Decimal

import pytest

from portal.core.search import match_spans
from portal.core.vntext import fold, format_number, parse_number, search_fold, syllables


@pytest.mark.parametrize(
    ("raw", "value", "denominator", "percent"),
    [
        ("1.562", "1562", None, False),
        ("12,92%", "12.92", None, True),
        ("28.239/50.772", "28239", "50772", False),
        ("14/63", "14", "63", False),
        ("1.292/2.910", "1292", "2910", False),
        ("98%", "98", None, True),
        ("9.000", "9000", None, False),
        ("44,4%", "44.4", None, True),
        ("7.363", "7363", None, False),
        ("1.000.000", "1000000", None, False),
        ("500", "500", None, False),
    ],
)
def test_parse_number_reads_vietnamese_forms(raw, value, denominator, percent):
    parsed = parse_number(raw)
    assert parsed.value == Decimal(value)
    assert parsed.denominator == (Decimal(denominator) if denominator else None)
    assert parsed.is_percent is percent


@pytest.mark.parametrize("raw", ["4.0", "1.5", "1.56", "abc", "", "12,92%/3", "5/0", "1..562", "-3"])
def test_parse_number_rejects_other_forms(raw):
    with pytest.raises(ValueError, match="Vietnamese number|denominator"):
        parse_number(raw)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chuyển đổi số", "chuyen doi so"),
        ("Tú Lệ", "tu le"),
        ("Đắk Lắk", "dak lak"),
        ("ĐÀI PHÁT THANH", "dai phat thanh"),
        ("Sử  dụng\nthẻ", "su dung the"),
        ("Thừa Thiên Huế", "thua thien hue"),
        # The same word typed with combining marks (NFD) folds like the precomposed one.
        ("Le\u0323", "le"),
        ("Chợ 4.0 – “thanh toán”", "cho 4 0 thanh toan"),
    ],
)
def test_fold_removes_accents_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_format_number_writes_back_both_ways():
    assert format_number(Decimal("1562.00")) == "1.562"
    assert format_number(Decimal("12.92")) == "12,92"
    assert format_number(Decimal("28239"), "en") == "28,239"
    assert format_number(Decimal("44.40"), "en") == "44.4"
    assert format_number(None) == ""


def test_syllables_keep_where_each_was_written():
    text = "Xã Tú Lệ, Văn Chấn"
    assert [(syllable, text[start:end]) for syllable, start, end in syllables(text)] == [
        ("xa", "Xã"),
        ("tu", "Tú"),
        ("le", "Lệ"),
        ("van", "Văn"),
        ("chan", "Chấn"),
    ]
    # Typed with combining marks (NFD), a syllable keeps its marks.
    assert [(s, "Le\u0323"[a:b]) for s, a, b in syllables("Le\u0323")] == [("le", "Le\u0323")]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("CĐS", "chuyen doi so"),
        ("cđs", "chuyen doi so"),
        ("CNTT", "cong nghe thong tin"),
        ("Sở TT&TT", "so thong tin va truyen thong"),
        ("Bộ TT và TT", "bo thong tin va truyen thong"),
        ("TT & TT", "thong tin va truyen thong"),
        ("UBND tỉnh", "uy ban nhan dan tinh"),
        ("Ủy ban", "uy ban"),
        ("Uỷ ban", "uy ban"),
        ("HĐND", "hoi dong nhan dan"),
        ("ATT&TTB", "att ttb"),  # not the abbreviation: letters run on
    ],
)
def test_search_fold_spells_abbreviations_out(text, folded):
    assert search_fold(text) == folded


def test_an_abbreviation_points_at_what_was_written():
    text = "Sở TT&TT"
    assert {text[start:end] for syllable, start, end in syllables(text) if syllable != "so"} == {"TT&TT"}


def marked(text, query):
    return [text[start:end] for start, end in match_spans(text, query)]


def test_match_spans_marks_the_phrase_where_the_text_holds_it():
    assert marked("Xã Tú Lệ, huyện Văn Chấn; lệ phí", "tu le") == ["Tú", "Lệ"]


def test_match_spans_marks_runs_of_the_query_not_syllables_that_happen_to_be_there():
    assert marked("Từ đầu, lệ phí", "tu le") == []
    text = "Lào Cai đẩy mạnh chuyển đổi số"
    assert marked(text, "lao cai chuyen doi so") == ["Lào", "Cai", "chuyển", "đổi", "số"]
    assert marked("số hoá Lào Cai", "lao cai so") == ["Lào", "Cai"]


def test_match_spans_marks_whole_syllables_only():
    assert marked("Tuyên truyền, rà soát", "tu") == ["Tuyên"]  # the last syllable typed may start one ...
    assert marked("Tuyên truyền, rà soát", "tu ra") == []  # ... the others must be whole
    assert marked("rà soát số liệu", "so lieu") == ["số", "liệu"]
    assert marked("Yên Bái", "ai") == []
    assert marked("Lệ phí", "tu le") == []  # the row matched elsewhere: nothing here to mark


def test_match_spans_marks_abbreviations_both_ways():
    assert marked("Sở TT&TT và CĐS", "chuyen doi so") == ["CĐS"]
    assert marked("Sở Thông tin và Truyền thông", "TT&TT") == ["Thông", "tin", "và", "Truyền", "thông"]
    assert marked("Văn phòng Uỷ ban nhân dân", "UBND") == ["Uỷ", "ban", "nhân", "dân"]
