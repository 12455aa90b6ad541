"""Where an excerpt stands in its text, and how a wrong excerpt is explained."""

from portal.core.excerpts import anchor, mismatch

TEXT = "Thứ nhất, làm bài bản. Thứ hai, làm bài bản. Cuối cùng, Đổi mới."


def test_anchor_keeps_a_repeated_excerpt_where_it_was():
    second = TEXT.index("làm bài bản", 15)
    assert anchor(TEXT, "làm bài bản") == TEXT.index("làm bài bản")
    assert anchor(TEXT, "làm bài bản", previous=second) == second
    assert anchor(TEXT, "làm bài bản", previous=3) == TEXT.index("làm bài bản")  # no longer there: first one
    assert anchor(TEXT, "không có") is None


def test_mismatch_shows_the_passage_and_the_first_different_character():
    found = mismatch(TEXT, "Cuối cùng, Đổi mởi.")
    assert found.matched == "Cuối cùng, Đổi m"
    assert (found.position, found.excerpt_char, found.text_char) == (17, "ở", "ớ")


def test_mismatch_when_only_the_end_matches():
    found = mismatch(TEXT, "Thứ ba, làm bài bản.")
    assert found.matched.endswith("làm bài bản.")
    assert found.excerpt_char == "a"  # "Thứ b[a], ..." is where the excerpt leaves the text
