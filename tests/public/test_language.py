"""Every string in the page's language: the catalogue is what makemessages would write, and an
English page shows no Vietnamese interface text (content in Vietnamese is marked lang="vi")."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import polib
from django.conf import settings

from lessons.models import Initiative, Lesson
from provinces.models import Indicator, Locality, Province, Report

ROOT = settings.BASE_DIR
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
SOURCES = ("manage.py", "portal", "lessons", "provinces", "templates", "locale")


def without_creation_date(text):
    return re.sub(r'^"POT-Creation-Date: .*\\n"$', "", text, flags=re.MULTILINE)


def test_makemessages_would_not_change_the_catalogue(tmp_path):
    """`make messages` was run after the last change of interface text (run into a copy)."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    command = [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=tests", "--add-location=file", "-v0"]
    subprocess.run(command, cwd=tmp_path, env=env, check=True)
    fresh = (tmp_path / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    assert without_creation_date(fresh) == without_creation_date(PO.read_text(encoding="utf-8"))


def interface_fragments():
    """The Vietnamese interface strings (the catalogue's msgids), cut at their placeholders and
    tags; fragments of three words or more with a Vietnamese letter (shorter ones, "cấp xã", also
    occur in content), or in parentheses as a sort label's "(giảm dần)"."""
    fragments = set()
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or entry.msgid == entry.msgstr:
            continue
        for msgid in (entry.msgid, entry.msgid_plural):
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|<[^>]+>|\n", msgid or ""):
                part = part.strip(" :;,.“”")
                wordy = len(part.split()) >= 3 or (part.startswith("(") and part.endswith(")"))
                if wordy and re.search(r"[^\x00-\x7f]", part):
                    fragments.add(part)
    return fragments


class VisibleText(HTMLParser):
    """The text a reader meets outside Vietnamese content (elements marked lang="vi"), including
    the attributes read aloud or shown as tooltips."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self, content=()):
        super().__init__()
        self.stack, self.chunks = [], []
        self.content = content  # report bodies: a tooltip quoting one is a content excerpt

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inherited = self.stack[-1][1] if self.stack else False
        lang = attrs.get("lang")
        skipped = tag in ("script", "style") or (lang.startswith("vi") if lang else inherited)
        if not skipped:
            for name in self.ATTRIBUTES:
                value = attrs.get(name)
                if value and not any(value in body for body in self.content):
                    self.chunks.append(value)
            if tag == "meta" and attrs.get("name") == "description":
                self.chunks.append(attrs.get("content", ""))
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.chunks.append(data)


def english_pages():
    lesson = Lesson.objects.public().order_by("slug").first()
    initiative = Initiative.objects.public().order_by("slug").first()
    report = Report.objects.public().order_by("slug").first()
    return [
        "/en/",
        "/en/provinces/",
        "/en/provinces/lao-cai/",
        "/en/lessons/",
        "/en/lessons/?province=lao-cai&sort=-date",
        lesson.get_absolute_url().replace("/lessons/", "/en/lessons/", 1),
        "/en/initiatives/",
        initiative.get_absolute_url().replace("/initiatives/", "/en/initiatives/", 1),
        "/en/indicators/",
        "/en/indicators/dti-rank/",
        *(f"/en/indicators/{slug}/" for slug in Indicator.objects.values_list("slug", flat=True)[:4]),
        "/en/reports/",
        f"/en/reports/{report.slug}/",
        "/en/themes/",
        "/en/themes/digital-government/",
        "/en/search/?q=lao+cai",
        "/en/compare/?province=lao-cai&province=yen-bai",
        "/en/about/",
        "/en/api/",
        "/en/data/",
        "/en/lessons/?province=nowhere",
        "/en/no-such-page/",
    ]


def visible_text(html, content=()):
    parser = VisibleText(content)
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def vietnamese_interface_text(html, fragments, content=()):
    text = visible_text(html, content)
    return sorted(fragment for fragment in fragments if fragment in text)


def vietnamese_place_names():
    """Names whose English spelling differs ("Lào Cai" is "Lao Cai" in English)."""
    names = [*Province.objects.values_list("name", "name_en"), *Locality.objects.values_list("name", "name_en")]
    return {name for name, english in names if english and english != name}


def test_english_pages_show_no_vietnamese_interface_text(client, db):
    fragments = interface_fragments()
    assert {"(giảm dần)", "Thang đo của các thanh: từ 0 đến"} <= fragments  # it sees the catalogue
    bodies = list(Report.objects.public().values_list("body", flat=True))
    places = vietnamese_place_names()
    sources = sorted(
        {value for row in Report.objects.values_list("title", "publisher", "original_outlet") for value in row},
        key=len,
        reverse=True,
    )
    sources = [name for name in sources if name]
    found, spelled = {}, {}
    for url in english_pages():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        html = response.content.decode()
        leftovers = vietnamese_interface_text(html, fragments, bodies)
        if leftovers:
            found[url] = leftovers
        # One spelling of each place name per language: English pages write "Lao Cai"; a source's
        # own Vietnamese title or outlet ("Báo Nam Định") is content and keeps its spelling.
        text = visible_text(html, bodies)
        for name in sources:
            text = text.replace(name, "")
        misspelled = sorted(name for name in places if re.search(rf"\b{re.escape(name)}\b", text))
        if misspelled:
            spelled[url] = misspelled
    assert found == {}
    assert spelled == {}, spelled


def test_the_check_finds_an_untranslated_string():
    html = (
        '<p>Sort by <select><option>Tỉnh (giảm dần)</option></select></p><p lang="vi">Tải biểu đồ: SVG</p>'
        '<a title="Xem câu gốc ở đây">x</a><a title="câu trong bài">y</a>'
    )
    fragments = {"(giảm dần)", "Tải biểu đồ", "Xem câu gốc", "câu trong bài"}
    found = vietnamese_interface_text(html, fragments, ["một câu trong bài báo"])
    assert found == ["(giảm dần)", "Xem câu gốc"]


def test_vietnamese_sort_menus_say_descending_in_vietnamese(client, db):
    for url in ("/lessons/", "/initiatives/", "/provinces/", "/indicators/", "/reports/"):
        page = client.get(url).content.decode()
        assert "(giảm dần)" in page and "(descending)" not in page, url
    assert "(descending)" in client.get("/en/lessons/").content.decode()
