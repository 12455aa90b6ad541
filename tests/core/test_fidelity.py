"""The mechanical fidelity rules (portal/core/fidelity.py), on examples and on every real record."""

import pytest

from lessons.models import Initiative, Lesson
from portal.core import fidelity
from portal.core.vntext import fold
from provinces.models import Indicator, Metric, Report


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1.562 community digital teams with 7.363 members", ["1.562", "7.363"]),
        ("a poverty rate of 12,92%", ["12,92"]),
        ("28.239/50.772 accounts", ["28.239", "50.772"]),
        ("1,562 teams, 7,363 members, 12.92% and 55.6%", []),
        ("Industry 4.0 markets in 2022; Resolution 60/2022", []),
        ("Đặc biệt, 1.562 thôn", ["1.562"]),
    ],
)
def test_vietnamese_numbers_are_found_in_english_text(text, found):
    assert fidelity.vietnamese_numbers(text) == found


@pytest.mark.parametrize(
    ("excerpt", "marker"),
    [
        ("Thứ nhất, thực hiện nghiêm chủ trương", ("Thứ nhất", 1)),
        ("Thứ 2, luôn tăng cường học hỏi", ("Thứ 2", 2)),
        ("Ba là, phát triển hạ tầng", ("Ba là", 3)),
        ("Bà là phát triển hạ tầng", ("Bà là", 3)),  # the Lào Cai article's spelling of "Ba là"
        ("“Năm là, tăng cường", ("Năm là", 5)),
        ("Đầu tiên, những việc mới", ("Đầu tiên", 1)),
        ("Cuối cùng, cần mở rộng hợp tác", ("Cuối cùng", None)),
        ("Tiếp đó, tỉnh ban hành", ("Tiếp đó", None)),
        ("Cùng với đó, tỉnh Yên Bái tổ chức", None),
        ("Bên cạnh đó, phải tuyên truyền", None),
        ("Ngoài ra, tỉnh cũng thành lập", None),
        ("Năm 2022, lĩnh vực thông tin", None),
    ],
)
def test_ordinal_markers(excerpt, marker):
    assert fidelity.ordinal_marker(excerpt) == marker


def test_an_ordinal_needs_the_right_marker():
    assert fidelity.ordinal_errors("Thứ 3, luôn nỗ lực", 3) == []
    assert fidelity.ordinal_errors("Cuối cùng, cần mở rộng", 5) == []
    assert fidelity.ordinal_errors("Cùng với đó, tỉnh tổ chức", 3)
    assert fidelity.ordinal_errors("Thứ 3, luôn nỗ lực", 4)
    assert fidelity.ordinal_errors("Cùng với đó, tỉnh tổ chức", None) == []


def test_quotes_and_word_boundaries():
    assert not fidelity.unbalanced_quotes('“nhân văn” và "con đường đi”')
    assert fidelity.unbalanced_quotes('nền tảng số "Sổ tay đảng viên điện tử tỉnh Yên Bái.')
    body = "các mô hình chợ 4.0 của huyện"
    assert fidelity.cut_words(body, body.index("ô hình"), "ô hình") == ["start"]
    assert fidelity.cut_words(body, body.index("của huy"), "của huy") == ["end"]
    assert fidelity.cut_words(body, body.index("chợ 4.0"), "chợ 4.0") == []


# ---- every record of the real data ------------------------------------------------------------

ENGLISH_FIELDS = {
    Lesson: ("title_en", "summary_en", "subject_en"),
    Initiative: ("name_en", "summary_en"),
    Indicator: ("name_en", "description_en"),
    Metric: ("period_note_en",),
    Report: ("title_en",),
}


def test_english_fields_write_english_numbers(db):
    for model, fields in ENGLISH_FIELDS.items():
        for record in model.objects.all():
            assert fidelity.english_number_errors(record, fields) == {}, record.slug


def test_ordinals_only_where_the_article_numbers_the_item(db):
    numbered = Lesson.objects.exclude(ordinal=None)
    assert numbered.exists()
    for lesson in numbered:
        assert fidelity.ordinal_errors(lesson.excerpt, lesson.ordinal) == [], lesson.slug
    for lesson in Lesson.objects.filter(ordinal=None):
        assert fidelity.ordinal_marker(lesson.excerpt) is None or lesson.kind == "result", lesson.slug


def test_excerpts_are_whole_words_with_balanced_quotes(db):
    for model in (Lesson, Initiative, Metric):
        for record in model.objects.select_related("report"):
            assert not fidelity.unbalanced_quotes(record.excerpt), record.slug
            start = record.report.body.index(record.excerpt)
            assert fidelity.cut_words(record.report.body, start, record.excerpt) == [], record.slug


def test_no_lesson_repeats_another_records_passage(db):
    for report in Report.objects.all():
        lessons = list(report.lessons.order_by("pk"))
        initiatives = list(report.initiatives.order_by("pk"))
        assert fidelity.repeated_excerpts(lessons, initiatives) == [], report.slug


def test_every_metric_has_a_period_or_says_why_and_claims_say_so(db):
    for metric in Metric.objects.select_related("indicator"):
        assert metric.period_year is not None or (metric.period_note and metric.period_note_en), metric.slug
        if metric.qualifier == Metric.Qualifier.AT_MOST and metric.indicator.unit == Indicator.Unit.RANK:
            assert metric.kind in (Metric.Kind.CLAIM, Metric.Kind.TARGET), metric.slug
    assert Metric.objects.filter(kind=Metric.Kind.CLAIM).exists()


def test_claims_are_labelled_where_figures_are_shown(client, db):
    claim = Metric.objects.filter(kind=Metric.Kind.CLAIM, province__slug="nam-dinh").first()
    content = client.get(f"/provinces/{claim.province.slug}/").content.decode()
    assert "theo bài viết" in content
    content = client.get("/en" + claim.indicator.get_absolute_url()).content.decode()
    assert "according to the article" in content


def test_initiatives_say_what_the_province_did_with_them(db):
    roles = set(Initiative.objects.values_list("role", flat=True))
    assert roles >= {Initiative.Role.OWN, Initiative.Role.PRE_EXISTING, Initiative.Role.PROMOTED}
    forum = Initiative.objects.get(slug="nam-dinh-2023-national-digital-economy-society-forum")
    assert forum.role == Initiative.Role.HOSTED


def section_before(body, start):
    """The text from the nearest heading above `start` (a short line without closing punctuation)."""
    lines = body[:start].split("\n")
    for index in range(len(lines) - 2, -1, -1):
        line = lines[index].strip()
        if line and len(line) < 150 and not line.endswith((".", ":", ";", "!", "?", "…")):
            return "\n".join(lines[index:])
    return body[:start]


def test_a_records_locality_is_named_by_its_passage_or_its_section(db):
    """Where feasible the excerpt names its subject; items of a list ("như: …") may leave it to the
    section they stand in ("Kinh nghiệm chuyển đổi số tại xã Tú Lệ, huyện Văn Chấn (Yên Bái)")."""
    for model in (Lesson, Initiative, Metric):
        for record in model.objects.exclude(locality=None).select_related("locality", "report"):
            body = record.report.body
            start = body.index(record.excerpt)
            named = fold(record.locality.name)
            assert named in fold(record.excerpt) or named in fold(section_before(body, start)), record.slug
