"""Search folds accents and case the same way on SQLite and PostgreSQL."""

import pytest

from lessons.models import Lesson
from portal.core.vntext import fold
from provinces.models import Locality, Province, Report


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("chuyen doi so", "chuyển đổi số"),
        ("CHUYỂN ĐỔI SỐ", "chuyển đổi số"),
        ("tu le", "Tú Lệ"),
        ("dai phat thanh", "Đài Phát thanh"),
        ("Đài phát THANH", "Đài Phát thanh"),
    ],
)
def test_folded_query_finds_accented_text(db, query, needle):
    found = set(Lesson.objects.search(query).values_list("pk", flat=True))
    words = fold(query).split()
    lessons = list(Lesson.objects.all())
    # Every lesson with a word starting with each query word, in any order, and nothing else...
    assert found == {lesson.pk for lesson in lessons if all(f" {word}" in lesson.search_text for word in words)}
    # ... which includes every lesson that contains the accented phrase itself.
    with_phrase = {lesson.pk for lesson in lessons if needle.casefold() in " ".join(lesson.search_parts()).casefold()}
    assert with_phrase and with_phrase <= found


def test_d_folds_to_d(db):
    """'dak lak' finds 'Đắk Lắk': Đ/đ is mapped, not only stripped of marks."""
    Province.objects.create(slug="dak-lak", name="Đắk Lắk", name_en="Dak Lak", gso_code="66", region="red-river-delta")
    assert list(Province.objects.search("dak lak").values_list("slug", flat=True)) == ["dak-lak"]
    assert list(Province.objects.search("ĐẮK").values_list("slug", flat=True)) == ["dak-lak"]


def test_all_words_must_match(db):
    assert Lesson.objects.search("tu le").exists()
    assert not Lesson.objects.search("tu le xyzzy").exists()


def test_search_text_follows_edits(db):
    locality = Locality.objects.get(slug="tu-le")
    locality.name_en = "Tu Le commune"
    locality.save(update_fields=["name_en"])
    assert Locality.objects.search("commune").filter(pk=locality.pk).exists()


def test_search_page_groups_and_highlights(client, db):
    content = client.get("/search/", {"q": "tu le"}).content.decode()
    assert "<mark>Tú</mark> <mark>Lệ</mark>" in content
    assert 'id="group-lessons"' in content
    assert 'id="group-localities"' in content


def test_search_page_finds_reports_by_body(client, db):
    report = Report.objects.get(slug="nam-dinh-lan-toa-cach-lam-cds")
    content = client.get("/search/", {"q": "lieu de"}).content.decode()
    assert report.get_absolute_url() in content


def test_search_escapes_the_query(client, db):
    content = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_empty_search_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_lesson_list_q_filter(client, db):
    rows = client.get("/lessons/", {"q": "tu le", "format": "json"}).json()["results"]
    assert rows
    assert {row["slug"] for row in rows} == set(Lesson.objects.search("tu le").values_list("slug", flat=True))


def test_words_match_from_their_start_and_phrases_rank_first(db):
    """'le' does not match inside 'hoạt động lễ'... only words that start with it; 'Tú Lệ' first."""
    results = list(Lesson.objects.search("tu le"))
    assert results[0].locality and results[0].locality.slug == "tu-le"
    first_non_phrase = next(i for i, lesson in enumerate(results) if " tu le " not in lesson.search_text)
    assert all(" tu le " not in lesson.search_text for lesson in results[first_non_phrase:])
    assert not Province.objects.search("ai").exists()  # "ai" is inside "Bái", "Cai", not at a word start
