"""Lists that can be scanned: cards with a summary, the kind, place, date and themes (the speaker
once per run), a filter panel that folds on a phone, the active filters with remove links, and
addresses without empty parameters."""

import re
from urllib.parse import parse_qsl

import pytest
from django.utils.html import escape

from lessons.models import Initiative, Lesson
from portal.core.summaries import first_clause


def content_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ nhất, phải nhận thức rõ vai trò; đây là việc lâu dài.", "Phải nhận thức rõ vai trò"),
        ("Một là, tăng cường chỉ đạo. Hai là, đầu tư.", "Tăng cường chỉ đạo"),
        ("Cuối cùng, cần phối hợp: các sở cùng làm.", "Cần phối hợp"),
        ("Đã có 1.562 tổ công nghệ số cộng đồng. Tiếp theo", "Đã có 1.562 tổ công nghệ số cộng đồng"),
        ("Không có dấu chấm câu", "Không có dấu chấm câu"),
    ],
)
def test_first_clause(text, expected):
    assert first_clause(text) == expected


def test_first_clause_is_cut_at_a_word_with_an_ellipsis():
    summary = first_clause("chuyển đổi số " * 40)
    assert len(summary) <= 161 and summary.endswith("số…")


def test_vietnamese_card_quotes_the_first_clause_of_the_excerpt(client, db):
    response, content = content_of(client, "/lessons/?province=lao-cai")
    shown = 0
    for lesson in response.context["object_list"]:
        summary = first_clause(lesson.excerpt)
        if summary.lower() != lesson.title.lower():
            assert f'<p class="card-summary">“{escape(summary)}”</p>' in content
            shown += 1
    assert shown


def test_english_card_shows_the_english_summary(client, db):
    response, content = content_of(client, "/en/initiatives/")
    initiative = response.context["object_list"][0]
    assert initiative.summary_en
    assert f'<p class="card-summary">{escape(initiative.summary_en)}</p>' in content


def test_cards_show_kind_province_date_and_themes(client, db):
    response, content = content_of(client, "/lessons/?province=yen-bai&sort=date")
    lesson = response.context["object_list"][0]
    card = content.split(f'href="{lesson.get_absolute_url()}"')[1].split("</li>")[0]
    assert f'kind-{lesson.kind}">{lesson.get_kind_display().capitalize()}' in card
    assert "Yên Bái" in card
    assert f'<time datetime="{lesson.report.date_iso}">' in card
    for theme in lesson.themes.all():
        assert theme.name in card


def test_the_same_speaker_is_named_once_per_run(client, db):
    response, content = content_of(client, "/lessons/?province=lao-cai")
    subjects = [lesson.subject for lesson in response.context["object_list"]]
    runs = sum(1 for index, subject in enumerate(subjects) if index == 0 or subject != subjects[index - 1])
    assert runs < len(subjects)  # the real data has runs of one speaker
    assert content.count('<p class="meta subject">') == runs


def test_filters_fold_behind_a_summary(client, db):
    _, content = content_of(client, "/lessons/?province=lao-cai&theme=awareness")
    summary = '<summary>Lọc và sắp xếp <span class="count">(2 bộ lọc đang dùng)</span></summary>'
    assert '<details class="filter-panel">\n' + summary in content
    assert "<script" not in content.split('<details class="filter-panel">')[1].split("</details>")[0]


def test_active_filters_are_listed_with_remove_links(client, db):
    _, content = content_of(
        client, "/lessons/?province=lao-cai&province=yen-bai&theme=digital-government&q=chuyen&sort=title&page=1"
    )
    chips = dict(
        re.findall(
            r'<a class="chip" href="\?([^"]*)"><span class="visually-hidden">Bỏ bộ lọc </span>([^<]*) <span', content
        )
    )
    removed = {label: sorted(parse_qsl(query.replace("&amp;", "&"))) for query, label in chips.items()}
    assert removed == {
        "Tỉnh: Lào Cai": [("province", "yen-bai"), ("q", "chuyen"), ("sort", "title"), ("theme", "digital-government")],
        "Tỉnh: Yên Bái": [("province", "lao-cai"), ("q", "chuyen"), ("sort", "title"), ("theme", "digital-government")],
        "Chủ đề: Chính quyền số": [
            ("province", "lao-cai"),
            ("province", "yen-bai"),
            ("q", "chuyen"),
            ("sort", "title"),
        ],
        "Tìm: Chuyen": [
            ("province", "lao-cai"),
            ("province", "yen-bai"),
            ("sort", "title"),
            ("theme", "digital-government"),
        ],
    }
    assert '<li><a href="/lessons/">Bỏ tất cả bộ lọc</a></li>' in content


def test_removing_the_last_filter_links_to_the_bare_list(client, db):
    _, content = content_of(client, "/en/initiatives/?theme=digital-economy")
    assert '<a class="chip" href="/en/initiatives/"><span class="visually-hidden">Remove filter </span>' in content


def test_remove_link_gives_the_list_without_that_filter(client, db):
    _, content = content_of(client, "/initiatives/?province=lao-cai&level=province&current_province=lao-cai")
    chips = re.findall(r'<a class="chip" href="\?([^"]*)">', content)
    assert len(chips) == 3
    assert "Tỉnh hiện nay: Lào Cai" in content
    assert "Cấp: Cấp tỉnh" in content or "Cấp: Tỉnh" in content
    without_level = next(query for query in chips if "level" not in query)
    response, _ = content_of(client, "/initiatives/?" + without_level.replace("&amp;", "&"))
    assert (
        response.context["page_obj"].paginator.count
        == Initiative.objects.public().filter(province__slug="lao-cai").count()
    )


def test_english_active_filters(client, db):
    _, content = content_of(client, "/en/lessons/?theme=digital-government&kind=lesson")
    assert "Filtered by:" in content
    assert '<span class="visually-hidden">Remove filter </span>Themes: Digital government' in content


def test_no_active_filters_no_list(client, db):
    _, content = content_of(client, "/lessons/?sort=title")
    assert 'class="active-filters"' not in content


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("q=&sort=&province=lao-cai", "/lessons/?province=lao-cai"),
        ("q=&theme=&province=", "/lessons/"),
        ("q=+&province=lao-cai&province=&page=2", "/lessons/?province=lao-cai&page=2"),
    ],
)
def test_empty_parameters_are_dropped_by_a_redirect(client, db, query, canonical):
    response = client.get(f"/lessons/?{query}")
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_english_list_redirect_keeps_the_language(client, db):
    response = client.get("/en/initiatives/?q=&level=district")
    assert response.status_code == 301 and response["Location"] == "/en/initiatives/?level=district"


def test_redirect_reads_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/reports/?q=&sort=")


def test_list_without_empty_parameters_is_not_redirected(client, db):
    assert client.get("/lessons/?province=lao-cai&theme=digital-government").status_code == 200
    assert Lesson.objects.exists()
