from decimal import Decimal

import pytest

from portal.core.vntext import fold, format_number, parse_number


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


def test_match_spans_marks_words_as_written():
    from portal.core.search import match_spans

    text = "Xã Tú Lệ, huyện Văn Chấn; lệ phí"
    assert [text[s:e] for s, e in match_spans(text, "tu le")] == ["Tú", "Lệ", "lệ"]
    assert match_spans("Yên Bái", "ai") == []
