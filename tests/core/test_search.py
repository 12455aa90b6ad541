"""Search matches whole folded syllables, the same way on SQLite and PostgreSQL.

Run against PostgreSQL with DATABASE_URL pointing there: the assertions are the same.
"""

import pytest

from lessons.models import Initiative, Lesson
from portal.core.search import EXACT_NAME, PHRASE, SearchQuery, is_ranked_search, match_spans, ranked_keys, snippet
from portal.public.templatetags.portal_tags import highlight
from provinces.models import Indicator, Locality, Province, Report
from tests.downloads import downloaded_json


def whole_syllable_oracle(record, query):
    """What search must find, computed in Python from the stored syllables."""
    syllables = SearchQuery.parse(query).syllables
    stored = record.search_text.split()
    *whole, last = syllables
    return all(syllable in stored for syllable in whole) and any(token.startswith(last) for token in stored)


def indicator(name, slug="thu"):
    return Indicator.objects.create(slug=slug, name=name, name_en="Test", unit="count")


@pytest.mark.parametrize("query", ["chuyen doi so", "CHUYỂN ĐỔI SỐ", "tu le", "dai phat thanh", "Đài phát THANH", "so"])
def test_search_finds_exactly_the_records_with_every_whole_syllable(db, query):
    found = set(Lesson.objects.search(query).values_list("pk", flat=True))
    expected = {lesson.pk for lesson in Lesson.objects.all() if whole_syllable_oracle(lesson, query)}
    assert found and found == expected


def test_a_syllable_matches_whole_syllables_only_but_the_last_as_a_prefix(db):
    record = indicator("Tuyên truyền, rà soát lễ hội")
    assert not Indicator.objects.search("tu le").filter(pk=record.pk).exists()  # "tu" is not "Tuyên"
    assert Indicator.objects.search("le tu").filter(pk=record.pk).exists()  # the last typed may start one
    assert Indicator.objects.search("ra soat").filter(pk=record.pk).exists()
    assert not Indicator.objects.search("ra so hoi").filter(pk=record.pk).exists()  # "so" is not "soát"


def test_d_folds_to_d(db):
    """'dak lak' finds 'Đắk Lắk': Đ/đ is mapped, not only stripped of marks."""
    Province.objects.create(slug="dak-lak", name="Đắk Lắk", name_en="Dak Lak", gso_code="66", region="red-river-delta")
    assert list(Province.objects.search("dak lak").values_list("slug", flat=True)) == ["dak-lak"]
    assert list(Province.objects.search("ĐẮK").values_list("slug", flat=True)) == ["dak-lak"]


def test_all_syllables_must_match(db):
    assert Lesson.objects.search("tu le").exists()
    assert not Lesson.objects.search("tu le xyzzy").exists()


def test_only_punctuation_finds_nothing_and_nothing_typed_finds_everything(db):
    assert not Lesson.objects.search("!!! …").exists()
    assert Lesson.objects.search("").count() == Lesson.objects.count()


@pytest.mark.parametrize("query", ["!!! …", "\u0301", "“”"])
def test_a_query_with_no_syllable_is_an_empty_answer_not_an_error(client, db, query):
    # Found by the fuzz test: the page counts phrase matches by rank, which such a query lacked.
    assert Lesson.objects.search(query).phrase_first_counts() == (0, 0)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["groups"] and all(group["count"] == 0 for group in response.context["groups"])


def test_search_columns_follow_edits(db):
    locality = Locality.objects.get(slug="tu-le")
    locality.name_en = "Tu Le commune"
    locality.save(update_fields=["name_en"])
    assert Locality.objects.search("commune").filter(pk=locality.pk).exists()
    assert "| tu le commune |" in Locality.objects.get(pk=locality.pk).search_name


def test_phrase_matches_rank_first_then_names_then_the_rest(db):
    results = list(Lesson.objects.search("tu le"))
    ranks = [lesson.search_rank for lesson in results]
    assert ranks == sorted(ranks)
    phrase = [lesson for lesson in results if lesson.search_rank <= PHRASE]
    assert phrase and all(" tu le " in lesson.search_text for lesson in phrase)
    assert all(" tu le " not in lesson.search_text for lesson in results[len(phrase) :])
    assert all(lesson.locality and lesson.locality.slug == "tu-le" for lesson in phrase)
    assert Lesson.objects.search("tu le").phrase_first_counts() == (len(results), len(phrase))


def test_a_phrase_never_spans_two_fields(db):
    """Fields are stored apart: a name ending in "số" and a description starting "Lào Cai" hold
    the syllables of "so lao cai", not the phrase."""
    record = Indicator.objects.create(
        slug="thu", name="Kinh tế số", name_en="Digital economy", unit="count", description="Lào Cai ghi nhận"
    )
    found = Indicator.objects.search("so lao cai").get(pk=record.pk)
    assert found.search_rank > PHRASE


def test_a_name_typed_whole_ranks_as_the_exact_name(db):
    province = Province.objects.search("Lào Cai").get(slug="lao-cai")
    assert province.search_rank == EXACT_NAME
    assert Locality.objects.search("tu le").get(slug="tu-le").search_rank == EXACT_NAME


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Đẩy mạnh CĐS trong trường học", "chuyen doi so"),
        ("Đẩy mạnh chuyển đổi số trong trường học", "CĐS"),
        ("Ứng dụng CNTT", "cong nghe thong tin"),
        ("Ứng dụng công nghệ thông tin", "cntt"),
        ("Sở TT&TT tỉnh", "thong tin va truyen thong"),
        ("Bộ TT và TT", "Thông tin và Truyền thông"),
        ("Sở Thông tin và Truyền thông", "TT&TT"),
        ("Văn phòng UBND tỉnh", "ủy ban nhân dân"),
        ("Ủy ban nhân dân tỉnh", "UBND"),
        ("Uỷ ban nhân dân tỉnh", "UBND"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban"),
        ("Nghị quyết của HĐND", "hoi dong nhan dan"),
        ("Hội đồng nhân dân tỉnh", "HĐND"),
    ],
)
def test_abbreviations_fold_both_ways(db, written, typed):
    record = indicator(written)
    assert Indicator.objects.search(typed).filter(pk=record.pk).exists()


def test_lesson_list_q_filter_uses_the_same_matching(client, db):
    rows = downloaded_json(client.get("/lessons/", {"q": "tu le", "format": "json"}))["results"]
    assert {row["slug"] for row in rows} == set(Lesson.objects.search("tu le").values_list("slug", flat=True))


# ---- the page ------------------------------------------------------------------------------


def results_of(content, group):
    """The result titles of one group on the search page, as links."""
    section = content.split(f'id="group-{group}"', 1)[1].split("</section>", 1)[0]
    return section.count('<li class="card">')


def test_tu_le_lists_only_records_about_tu_le_and_counts_the_rest(client, db):
    content = client.get("/search/", {"q": "tu le"}).content.decode()
    phrase_lessons = Lesson.objects.public().search("tu le").phrase_matches()
    assert results_of(content, "lessons") == phrase_lessons.count()
    for lesson in Lesson.objects.public().search("tu le").exclude(pk__in=phrase_lessons.values("pk")):
        assert lesson.get_absolute_url() not in content
    assert "không liền nhau" in content  # the records with the syllables apart are counted, linked
    assert "/lessons/?q=tu%20le" in content


def test_search_page_highlights_whole_syllables(client, db):
    content = client.get("/search/", {"q": "tu le"}).content.decode()
    assert "<mark>Tú</mark> <mark>Lệ</mark>" in content
    assert "<mark>Tu</mark>y" not in content and "<mark>tu</mark>y" not in content
    content = client.get("/search/", {"q": "chuyen doi s"}).content.decode()
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in content


def test_a_snippet_is_cut_around_the_first_match_in_a_long_text():
    body = "Mở đầu bài viết.\n" * 40 + "Tỉnh đẩy mạnh chuyển đổi số ở Tú Lệ.\n" + "Kết thúc.\n" * 40
    start, end, spans = snippet(body, "tu le", 60)
    first = body.index("Tú Lệ")
    assert start == first - 20 and end == start + 60
    assert [body[s:e] for s, e in spans] == ["Tú", "Lệ"]
    assert spans == [span for span in match_spans(body, "tu le") if start <= span[0] < end]


def test_a_snippet_of_a_text_without_the_query_is_its_start():
    assert snippet("Đắk Lắk.\n" * 50, "tu le", 30) == (0, 30, [])


def test_a_snippet_highlights_only_the_window_and_marks_its_cuts():
    body = "Chuyện cũ. " * 30 + "Chuyển đổi số ở Tú Lệ. " + "Chuyện mới. " * 30
    shown = highlight(body, "chuyen doi so", 50)
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>Chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) == 52


def best_bet(content):
    assert 'id="best-bets-heading"' in content
    section = content.split('id="best-bets-heading"', 1)[1].split("</section>", 1)[0]
    assert content.index('id="best-bets-heading"') < content.index('id="group-')
    return section


def test_best_bet_names_the_locality_and_its_records(client, db):
    section = best_bet(client.get("/search/", {"q": "tu le"}).content.decode())
    assert "Tú Lệ" in section
    assert "/lessons/?locality=tu-le" in section
    assert "/provinces/yen-bai/" in section


def test_best_bet_names_the_province_and_its_filtered_lists(client, db):
    section = best_bet(client.get("/search/", {"q": "lao cai"}).content.decode())
    assert 'href="/provinces/lao-cai/"' in section
    assert "/lessons/?province=lao-cai" in section and "/initiatives/?province=lao-cai" in section


def test_best_bet_in_english(client, db):
    section = best_bet(client.get("/en/search/", {"q": "Lao Cai"}).content.decode())
    assert 'href="/en/provinces/lao-cai/"' in section
    assert "Lessons of Lao Cai" in section and "/en/lessons/?province=lao-cai" in section
    section = best_bet(client.get("/en/search/", {"q": "digital government"}).content.decode())
    assert "/en/themes/digital-government/" in section and "/en/initiatives/?theme=digital-government" in section


def test_best_bet_names_a_theme(client, db):
    section = best_bet(client.get("/search/", {"q": "chinh quyen so"}).content.decode())
    assert "/themes/digital-government/" in section and "/lessons/?theme=digital-government" in section


def test_best_bet_names_an_initiative(client, db):
    initiative = Initiative.objects.public().order_by("slug").first()
    section = best_bet(client.get("/search/", {"q": initiative.name}).content.decode())
    assert initiative.get_absolute_url() in section


def test_no_best_bet_for_a_query_that_names_nothing(client, db):
    content = client.get("/search/", {"q": "chuyen doi so"}).content.decode()
    assert 'id="best-bets-heading"' not in content


def test_search_page_finds_reports_by_body(client, db):
    content = client.get("/search/", {"q": "lieu de"}).content.decode()
    assert "/reports/nam-dinh-lan-toa-cach-lam-cds/" in content


def test_search_escapes_the_query(client, db):
    content = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_empty_search_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_too_long_a_query_is_a_400_naming_q(client, db):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "q" in response.content.decode()


@pytest.mark.parametrize(("path", "action"), [("/", "/search/"), ("/lessons/", "/search/"), ("/en/", "/en/search/")])
def test_every_page_has_a_search_box_in_its_header(client, db, path, action):
    content = client.get(path).content.decode()
    header = content.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'action="{action}" role="search"' in header
    assert '<label for="header-search-q"' in header and 'id="header-search-q" name="q"' in header


@pytest.mark.parametrize("query", ["chuyen doi so", "tu le", "cds", "so", "lao cai", "tiep nhan", "dan"])
@pytest.mark.parametrize("model", [Lesson, Initiative, Report, Locality])
def test_a_page_read_rank_by_rank_is_that_page_of_the_ranked_search(db, model, query):
    """ranked_keys() reads each rank apart and stops at the page; the pages it gives must be the
    pages of the whole search sorted by rank (the Case), then slug and key."""
    rows = model.objects.public().search(query)
    assert is_ranked_search(rows)
    everything = list(rows.values_list("pk", flat=True))
    if model is Lesson and query != "tiep nhan":
        assert everything, query
    for bottom, top in [(0, 5), (5, 12), (3, 4), (0, len(everything) + 3)]:
        assert ranked_keys(rows, bottom, top) == everything[bottom:top]
    phrase = list(rows.phrase_matches().values_list("pk", flat=True))
    assert ranked_keys(rows.phrase_matches(), 0, 50, up_to=PHRASE) == phrase[:50]


def test_a_reader_s_sort_is_not_a_ranked_search(db):
    assert not is_ranked_search(Lesson.objects.public().search("chuyen doi so").order_by("title"))
    assert not is_ranked_search(Lesson.objects.public())
