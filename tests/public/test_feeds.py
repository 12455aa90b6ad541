"""Atom feeds of the newest lessons and initiatives: overall, per province, per theme, both languages."""

import datetime
import time
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import translation
from django.utils.html import linebreaks

from lessons.models import Initiative, Lesson, Theme
from portal.core import pagecache
from portal.core.pagecache import version_time
from portal.core.site import VIETNAM
from portal.public.feeds import FEED_SIZE, UNDATED, feed_order, latest_records
from provinces.models import Province, Report

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNDATED_STAMP = f"{UNDATED.isoformat()}T00:00:00+07:00"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # well-formed XML, or this raises
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def link_of(element):
    return element.find(f"{ATOM}link[@rel='alternate']").get("href")


def record_of(entry):
    """The lesson or initiative an entry's link points to."""
    match = resolve(urlsplit(link_of(entry)).path)
    model = {"lessons:lesson-detail": Lesson, "lessons:initiative-detail": Initiative}[match.view_name]
    return model.objects.select_related("report", "province").get(slug=match.kwargs["slug"])


def expected_records(lessons, initiatives):
    """Every matching record, newest report first, undated last, at most FEED_SIZE."""
    return sorted([*lessons, *initiatives], key=feed_order)[:FEED_SIZE]


def check_atom(root):
    """What RFC 4287 requires of a feed and of each entry."""
    for name in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{name}").text, name
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text  # entries without an author inherit it
    ids = []
    for entry in entries(root):
        for name in ("title", "id", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids)), "entry ids must be unique"


def test_latest_feed_is_atom_newest_first_and_capped(client, db):
    root = fetch(client, "/feeds/latest.atom")
    check_atom(root)
    assert root.get(XML_LANG) == "vi"
    items = entries(root)
    total = Lesson.objects.count() + Initiative.objects.count()
    assert total > FEED_SIZE
    assert len(items) == FEED_SIZE
    records = [record_of(entry) for entry in items]
    assert [(type(r), r.pk) for r in records] == [
        (type(r), r.pk) for r in expected_records(Lesson.objects.all(), Initiative.objects.all())
    ]
    # The one dated report comes first; lessons and initiatives are mixed.
    assert records[0].report.published_on is not None
    assert {type(record) for record in records} == {Lesson, Initiative}
    stamps = [entry.find(f"{ATOM}updated").text for entry in items]
    assert stamps == sorted(stamps, reverse=True)
    assert root.find(f"{ATOM}updated").text == data_changed_stamp()  # the feed: the last data change


def test_entries_link_to_their_records_with_title_summary_themes_and_author(client, db):
    root = fetch(client, "/feeds/latest.atom")
    for entry in entries(root):
        record = record_of(entry)
        assert link_of(entry) == f"http://testserver{record.get_absolute_url()}"
        assert entry.find(f"{ATOM}title").text == (record.title if isinstance(record, Lesson) else record.name)
        # type="html": the excerpt, HTML-escaped, in paragraphs.
        assert entry.find(f"{ATOM}summary").text == linebreaks(record.excerpt, autoescape=True)
        terms = [category.get("term") for category in entry.findall(f"{ATOM}category")]
        assert terms == [theme.name for theme in record.themes.all()]
        report = record.report
        author = entry.find(f"{ATOM}author/{ATOM}name")
        if report.byline or report.publisher:
            # The normalised names ("Quý Trọng; Thừa Xuân"), and the outlet, or a republication's original one.
            assert "; ".join(report.authors) in author.text
            assert (report.publisher or report.original_outlet) in author.text
        else:
            assert author is None
        published = entry.find(f"{ATOM}published")
        updated = entry.find(f"{ATOM}updated").text
        if report.published_on and report.date_precision == "day" and not report.date_inferred:
            assert updated == published.text == f"{report.published_on.isoformat()}T00:00:00+07:00"
        elif report.published_on:
            # "2023-08 (inferred)" is no publication instant: no <published>, <updated> from the date.
            assert published is None and updated == f"{report.published_on.isoformat()}T00:00:00+07:00"
        else:
            assert published is None and updated == UNDATED_STAMP


def test_plain_text_titles_and_html_summaries_survive_special_characters(client, db):
    lesson = Lesson.objects.get(slug="lai-chau-dic-2022-lesson-3")  # "... ngành TT&TT"
    root = fetch(client, "/feeds/provinces/lai-chau.atom")
    entry = next(e for e in entries(root) if link_of(e).endswith(lesson.get_absolute_url()))
    assert entry.find(f"{ATOM}title").text == lesson.title
    assert "TT&TT" in lesson.title
    assert "<p>" in entry.find(f"{ATOM}summary").text
    assert unescape(entry.find(f"{ATOM}summary").text.replace("<p>", "").replace("</p>", "")).strip()


def test_author_is_byline_and_publisher(client, db):
    root = fetch(client, "/feeds/provinces/nam-dinh.atom")
    assert {entry.find(f"{ATOM}author/{ATOM}name").text for entry in entries(root)} == {"Nguyễn Hương (Báo Nam Định)"}


@pytest.mark.parametrize("slug", ["nam-dinh", "yen-bai", "lao-cai", "lai-chau"])
def test_province_feed_has_only_that_provinces_records(client, db, slug):
    province = Province.objects.get(slug=slug)
    root = fetch(client, f"/feeds/provinces/{slug}.atom")
    check_atom(root)
    assert province.name in root.find(f"{ATOM}title").text
    assert link_of(root) == f"http://testserver{province.get_absolute_url()}"
    records = [record_of(entry) for entry in entries(root)]
    assert records, slug
    assert {record.province_id for record in records} == {province.pk}
    expected = expected_records(Lesson.objects.filter(province=province), Initiative.objects.filter(province=province))
    assert [(type(r), r.pk) for r in records] == [(type(r), r.pk) for r in expected]


@pytest.mark.parametrize("slug", ["cybersecurity", "awareness", "digital-economy"])
def test_theme_feed_has_only_that_themes_records(client, db, slug):
    theme = Theme.objects.get(slug=slug)
    root = fetch(client, f"/feeds/themes/{slug}.atom")
    check_atom(root)
    assert theme.name in root.find(f"{ATOM}title").text
    records = [record_of(entry) for entry in entries(root)]
    for record in records:
        assert theme in record.themes.all()
    expected = expected_records(Lesson.objects.filter(themes=theme), Initiative.objects.filter(themes=theme))
    assert [(type(r), r.pk) for r in records] == [(type(r), r.pk) for r in expected]
    assert len(records) == min(FEED_SIZE, theme.lessons.count() + theme.initiatives.count())


def data_changed_stamp():
    changed = version_time(pagecache.current_data_version())
    return datetime.datetime.fromtimestamp(changed, tz=VIETNAM).replace(microsecond=0).isoformat()


def test_empty_feed_is_valid_and_dated_by_the_last_data_change(client, db):
    root = fetch(client, "/feeds/provinces/ninh-binh.atom")
    check_atom(root)
    assert entries(root) == []
    assert root.find(f"{ATOM}updated").text == data_changed_stamp()  # fixed until the data changes


def test_an_edit_moves_the_feeds_last_modified(client, a_lesson, django_capture_on_commit_callbacks):
    """A reader sending only If-Modified-Since must not get a 304 after an edit."""
    first = client.get("/feeds/latest.atom")
    time.sleep(1.1)  # Last-Modified has one-second resolution
    with django_capture_on_commit_callbacks(execute=True):
        a_lesson.title = "Tiêu đề đã sửa để thử nguồn cấp: Đổi mới"
        a_lesson.save()
    again = client.get("/feeds/latest.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again["Last-Modified"] != first["Last-Modified"]


def test_feed_does_not_change_between_fetches(client, db):
    first = client.get("/feeds/latest.atom")
    second = client.get("/feeds/latest.atom")
    assert first.content == second.content
    assert first["Last-Modified"] == second["Last-Modified"]


def test_undated_fallback_is_earlier_than_every_dated_report(db):
    """Readers that sort by date then keep undated entries last, as the feed does."""
    for report in Report.objects.exclude(published_on=None):
        assert report.published_on >= UNDATED, report.slug


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/provinces/ha-noi.atom",
        "/feeds/themes/nope.atom",
        "/en/feeds/provinces/ha-noi.atom",
        "/en/feeds/themes/nope.atom",
    ],
)
def test_unknown_slug_is_404(client, db, url):
    assert client.get(url).status_code == 404


def test_english_feed_uses_english_titles_summaries_links_and_themes(client, db):
    root = fetch(client, "/en/feeds/latest.atom")
    check_atom(root)
    assert root.get(XML_LANG) == "en"
    assert link_of(root) == "http://testserver/en/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/en/feeds/latest.atom"
    for entry in entries(root):
        assert urlsplit(link_of(entry)).path.startswith("/en/")
        record = record_of(entry)
        english_title = record.title_en if isinstance(record, Lesson) else record.name_en
        assert entry.find(f"{ATOM}title").text == english_title
        assert entry.find(f"{ATOM}summary").text == linebreaks(record.summary_en, autoescape=True)
        terms = [category.get("term") for category in entry.findall(f"{ATOM}category")]
        assert terms == [theme.name_en for theme in record.themes.all()]


def test_english_and_vietnamese_entries_have_different_stable_ids(client, db):
    vietnamese = [entry.find(f"{ATOM}id").text for entry in entries(fetch(client, "/feeds/themes/cybersecurity.atom"))]
    english = [entry.find(f"{ATOM}id").text for entry in entries(fetch(client, "/en/feeds/themes/cybersecurity.atom"))]
    assert all(entry_id.startswith("urn:uuid:") for entry_id in vietnamese + english)
    assert not set(vietnamese) & set(english)
    again = [entry.find(f"{ATOM}id").text for entry in entries(fetch(client, "/feeds/themes/cybersecurity.atom"))]
    assert again == vietnamese


def test_merge_of_the_two_top_lists_is_exact(db):
    """The top FEED_SIZE of each model, merged, equal the top FEED_SIZE of everything."""
    merged = latest_records(Lesson.objects.all(), Initiative.objects.all())
    everything = sorted(
        [*Lesson.objects.select_related("report"), *Initiative.objects.select_related("report")], key=feed_order
    )
    assert [(type(r), r.pk) for r in merged] == [(type(r), r.pk) for r in everything[:FEED_SIZE]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/latest.atom", 4),  # lessons, their themes, initiatives, their themes
        ("/feeds/provinces/yen-bai.atom", 5),  # + the province
        ("/en/feeds/themes/awareness.atom", 5),  # + the theme
    ],
)
def test_feed_query_count_does_not_grow(client, db, django_assert_num_queries, url, expected):
    from tests.public.test_query_counts import add_rows

    with django_assert_num_queries(expected):
        fetch(client, url)
    add_rows(10)
    with django_assert_num_queries(expected):
        fetch(client, url)


def test_every_page_announces_the_overall_feed(client, db):
    for url, href in [
        ("/", "/feeds/latest.atom"),
        ("/lessons/", "/feeds/latest.atom"),
        ("/en/", "/en/feeds/latest.atom"),
    ]:
        content = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in content
        assert f'href="{href}"' in content


def test_province_and_theme_pages_link_their_feeds(client, yen_bai):
    content = client.get(yen_bai.get_absolute_url()).content.decode()
    head = content.split("</head>")[0]
    assert 'type="application/atom+xml"' in head and 'href="/feeds/provinces/yen-bai.atom"' in head
    body = content.split("</head>")[1]
    assert '<a href="/feeds/provinces/yen-bai.atom" type="application/atom+xml">' in body

    theme = Theme.objects.get(slug="awareness")
    with translation.override("en"):
        url = theme.get_absolute_url()
    content = client.get(url).content.decode()
    head, body = content.split("</head>")
    assert 'href="/en/feeds/themes/awareness.atom"' in head
    assert '<a href="/en/feeds/themes/awareness.atom" type="application/atom+xml">' in body


def test_a_control_character_in_a_record_does_not_break_the_feeds(client, db):
    """Word pastes a vertical tab for a line break; XML 1.0 has no place for it."""
    a_lesson = Lesson.objects.public().newest_first().first()  # one the latest feed shows
    Lesson.objects.filter(pk=a_lesson.pk).update(title="Dòng một\x0bdòng hai", title_en="Line one\x0bline two")
    for url in ("/feeds/latest.atom", "/en/feeds/latest.atom", f"/en/feeds/provinces/{a_lesson.province.slug}.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"\x0b" not in response.content
    assert "Line one line two" in client.get("/en/feeds/latest.atom").content.decode()
