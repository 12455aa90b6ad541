"""The admin in Vietnamese: Django's own strings included, in the pages and in the JS catalogue.

How the language is chosen: the admin lives outside i18n_patterns, and with
prefix_default_language=False LocaleMiddleware gives every unprefixed path LANGUAGE_CODE ("vi"),
whatever the browser's Accept-Language; portal/curation/middleware.py then gives the admin the
language the editor chose with the language switch (Django's language cookie), if any. Django's bundled Vietnamese
catalogue leaves many admin strings in English and gets some wrong; locale/vi/ completes and
corrects it (LOCALE_PATHS comes before the bundled catalogues).
"""

import gettext
import json
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lessons.models import Initiative, Lesson, Theme
from portal.curation.roles import EDITORS
from provinces.models import Indicator, Locality, Metric, Province, Report
from tests.admin_forms import admin_url, form_data, lesson_form_data

CONTENT_MODELS = [Province, Locality, Report, Indicator, Metric, Theme, Lesson, Initiative]
PASSWORD = "mật-khẩu-Đủ-dài-123"
VI = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bien-tap", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    client.force_login(editor)
    return client


def js_catalog(response):
    """The msgid -> translation mapping that /admin/jsi18n/ hands to the admin's scripts."""
    assert response.status_code == 200
    text = response.content.decode()
    start = text.find("const newcatalog = ")
    if start < 0:
        return {}
    catalog, _end = json.JSONDecoder().raw_decode(text, start + len("const newcatalog = "))
    return catalog


def portal_msgids():
    """The portal's own msgids: Vietnamese source strings (and a few names like "slug")."""
    path = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with open(path, "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in catalog}


def looks_english(msgid):
    letters = [c for c in msgid if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


@pytest.fixture
def untranslated(monkeypatch):
    """Every msgid that came back untranslated while Vietnamese was active and is not one of the
    portal's own: an English string on a Vietnamese admin page."""
    own, found = portal_msgids(), set()
    trans = translation._trans
    real = {name: getattr(trans, name) for name in ("gettext", "ngettext", "pgettext", "npgettext")}

    def record(msgid, fallbacks, result):
        if result in fallbacks and translation.get_language() == "vi" and msgid not in own and looks_english(msgid):
            found.add(msgid)
        return result

    monkeypatch.setattr(trans, "gettext", lambda m: record(m, (m,), real["gettext"](m)))
    monkeypatch.setattr(trans, "ngettext", lambda s, p, n: record(s, (s, p), real["ngettext"](s, p, n)))
    monkeypatch.setattr(trans, "pgettext", lambda c, m: record(m, (m,), real["pgettext"](c, m)))
    monkeypatch.setattr(trans, "npgettext", lambda c, s, p, n: record(s, (s, p), real["npgettext"](c, s, p, n)))
    return found


def get_ok(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response


# -- the catalogues ----------------------------------------------------------------------------


def read_po(path):
    """{(msgctxt, msgid): (msgid_plural, msgstr, fuzzy)} of a .po file (msgstr[0] for plurals)."""
    entries = {}
    for block in Path(path).read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) (\".*\")$", line)
            if match:
                current = match.group(1).replace("[0]", "")
                fields[current] = json.loads(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"])
            entries[key] = (fields.get("msgid_plural"), fields.get("msgstr", ""), "#, fuzzy" in block)
    return entries


@pytest.mark.parametrize(
    "domain, apps",
    [("django", ["admin", "auth", "contenttypes", "sessions"]), ("djangojs", ["admin"])],
)
def test_every_string_of_djangos_admin_has_vietnamese(domain, apps):
    """Fails after a Django upgrade that adds admin strings, until they are translated here."""
    ours = read_po(VI / f"{domain}.po")
    missing = []
    for app in apps:
        for key, (plural, _msgstr, _fuzzy) in read_po(
            DJANGO / f"contrib/{app}/locale/en/LC_MESSAGES/{domain}.po"
        ).items():
            entry = ours.get(key)
            if entry is None or not entry[1] or entry[2] or entry[0] != plural:
                missing.append((app, key))
    assert missing == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_vietnamese_catalogues_are_compiled(domain):
    """The committed .mo holds exactly the .po's translations (compilemessages was run)."""
    with open(VI / f"{domain}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for (context, msgid), (plural, msgstr, _fuzzy) in read_po(VI / f"{domain}.po").items():
        if plural:
            found = compiled.npgettext(context, msgid, plural, 1) if context else compiled.ngettext(msgid, plural, 1)
        else:
            found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if found != msgstr:
            stale.append(msgid)
    assert stale == []


# -- what an editor reads ----------------------------------------------------------------------


def test_a_bad_save_says_so_in_vietnamese(editor_client, a_lesson):
    response = editor_client.post(admin_url(Lesson, "change", a_lesson.pk), lesson_form_data(a_lesson, title=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vui lòng sửa lỗi bên dưới." in content
    assert "Trường này là bắt buộc." in content
    assert "Please correct" not in content


def test_the_history_link_reads_lich_su(editor_client, a_report):
    content = get_ok(editor_client, admin_url(Report, "change", a_report.pk)).content.decode()
    assert 'class="historylink">Lịch sử</a>' in content
    assert "bản ghi nhớ" not in content.lower()  # Django's own Vietnamese for "History"
    assert '<script src="/admin/jsi18n/">' in content  # the widgets' strings, below


def test_the_filter_horizontal_widget_speaks_vietnamese(editor_client, a_report):
    content = get_ok(editor_client, admin_url(Report, "change", a_report.pk)).content.decode()
    # SelectFilter2.js builds "Choose all %s" etc. from the catalogue and this field name.
    assert 'class="selectfilter" data-field-name="tỉnh"' in content
    catalog = js_catalog(editor_client.get(reverse("admin:jsi18n")))
    assert catalog["Choose all %s"] == "Chọn tất cả %s"  # "Chọn tất cả tỉnh", not "Choose all tỉnh"
    assert catalog["Remove all %s"] == "Bỏ tất cả %s"
    assert catalog["Chosen %s"] == "Danh sách %s đã chọn"
    assert catalog["%s selected option not visible"] == ["%s mục đã chọn đang bị ẩn"]
    assert catalog["Sunday"] == "Chủ nhật"


def test_the_js_catalogue_translates_every_admin_script_string(editor_client):
    catalog = js_catalog(editor_client.get(reverse("admin:jsi18n")))
    english = sorted(key for key, value in catalog.items() if (value == key or value == [key]) and looks_english(key))
    assert not english
    assert len(catalog) >= 75  # the whole admin djangojs catalogue, not a few entries


def test_the_header_names_the_portal(editor_client):
    content = get_ok(editor_client, reverse("admin:index")).content.decode()
    assert '<a href="/admin/">Quản trị CĐS tỉnh</a>' in content
    assert "<title>Quản trị hệ thống | Quản trị CĐS tỉnh</title>" in content
    assert "Django" not in content


def test_the_login_page_and_its_error(client, editor):
    content = get_ok(client, reverse("admin:login")).content.decode()
    assert "Đăng nhập" in content and "Tên đăng nhập" in content
    response = client.post(reverse("admin:login"), {"username": "bien-tap", "password": "sai"})
    assert "Vui lòng nhập đúng tên đăng nhập và mật khẩu của một tài khoản quản trị." in response.content.decode()


def test_the_lockout_message_is_vietnamese(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": "bien-tap", "password": "sai"})
    assert response.status_code == 429
    assert "đăng nhập sai quá nhiều lần" in response.content.decode()


def test_a_change_is_confirmed_in_vietnamese(editor_client, a_lesson):
    url = admin_url(Lesson, "change", a_lesson.pk)
    response = editor_client.post(url, lesson_form_data(a_lesson, title="Tiêu đề đã sửa"), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith(f"Đã lưu thay đổi của {Lesson._meta.verbose_name} “")


def test_every_page_an_editor_sees_has_no_english(editor, django_user_model, untranslated, verified_login):
    """Fetch every kind of admin page (login, index, lists with filters and search, forms, a bad
    save, history, password change, delete confirmation) and collect the English that leaked."""
    anonymous, editor_client, admin_client = (Client(HTTP_ACCEPT_LANGUAGE="vi") for _ in range(3))
    editor_client.force_login(editor)
    verified_login(admin_client, django_user_model.objects.create_superuser("quan-tri", "a@example.org", PASSWORD))
    get_ok(anonymous, reverse("admin:login"))
    anonymous.post(reverse("admin:login"), {"username": "bien-tap", "password": "sai"})
    get_ok(editor_client, reverse("admin:index"))
    get_ok(editor_client, reverse("two-factor"))  # the enrolment page: QR code, secret, code form
    for app_label in ("provinces", "lessons"):
        get_ok(editor_client, reverse("admin:app_list", args=[app_label]))
    for model in CONTENT_MODELS:
        obj = model.objects.order_by("pk").first()
        changelist = admin_url(model, "changelist")
        get_ok(editor_client, changelist)
        get_ok(editor_client, changelist, q="không-có-kết-quả-nào")
        get_ok(editor_client, changelist, q="Đ", o="-1")
        get_ok(editor_client, admin_url(model, "add"))
        change = admin_url(model, "change", obj.pk)
        bad = editor_client.post(change, form_data(get_ok(editor_client, change), slug=""))
        assert bad.status_code == 200, model  # the form again, with its errors
        get_ok(editor_client, admin_url(model, "history", obj.pk))
        record = obj.history.order_by("history_id").first()
        get_ok(editor_client, admin_url(model, "simple_history", obj.pk, record.history_id))
    province = Province.objects.order_by("pk").first()
    get_ok(editor_client, admin_url(Lesson, "changelist"), province__id__exact=province.pk)
    get_ok(editor_client, reverse("admin:password_change"))
    editor_client.post(reverse("admin:password_change"), {"old_password": "sai", "new_password1": "1"})
    # Editors may not delete; administrators see the confirmations.
    lesson = Lesson.objects.order_by("pk").first()
    get_ok(admin_client, admin_url(Lesson, "delete", lesson.pk))
    admin_client.post(admin_url(Lesson, "changelist"), {"action": "delete_selected", "_selected_action": [lesson.pk]})
    admin_client.post(admin_url(Lesson, "changelist"), {"action": "delete_selected"}, follow=True)
    editor_client.post(reverse("admin:logout"))
    assert not sorted(untranslated)


# -- English, and how the language is chosen ---------------------------------------------------


def test_an_english_browser_still_gets_the_vietnamese_admin(editor_client, a_lesson):
    """Accept-Language alone does not switch the admin: the office works in Vietnamese."""
    response = editor_client.get(admin_url(Lesson, "change", a_lesson.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "vi"
    assert 'class="historylink">Lịch sử</a>' in response.content.decode()


def test_an_english_admin_keeps_djangos_english(editor_client, settings, a_lesson):
    """The Vietnamese catalogue changes Vietnamese only: an admin in English reads Django's English."""
    settings.LANGUAGE_CODE = "en"
    url = admin_url(Lesson, "change", a_lesson.pk)
    content = get_ok(editor_client, url).content.decode()
    assert 'class="historylink">History</a>' in content
    response = editor_client.post(url, lesson_form_data(a_lesson, title=""))
    assert "Please correct the error below." in response.content.decode()
    catalog = js_catalog(editor_client.get(reverse("admin:jsi18n")))
    assert catalog.get("Choose all %s", "Choose all %s") == "Choose all %s"


def test_an_editor_who_chooses_english_gets_the_admin_in_english(editor_client, a_lesson):
    url = admin_url(Lesson, "change", a_lesson.pk)
    page = editor_client.get(url).content.decode()
    assert 'name="language" value="en"' in page  # the switch in the header
    response = editor_client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    english = editor_client.get(url)
    assert english["Content-Language"] == "en"
    content = english.content.decode()
    assert 'class="historylink">History</a>' in content
    assert "Provincial DX administration" in content or "Quản trị CĐS tỉnh" in content
    editor_client.post("/i18n/setlang/", {"language": "vi", "next": url})
    assert 'class="historylink">Lịch sử</a>' in editor_client.get(url).content.decode()
