"""The English catalogue is complete and its compiled .mo matches the .po."""

import gettext
import json
import re

from django.conf import settings

PO = settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po"
MO = settings.BASE_DIR / "locale/en/LC_MESSAGES/django.mo"


def po_entries():
    """(msgid, msgstr, fuzzy, context) of every singular entry, read from the .po file."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.MULTILINE)
        if not match:
            continue
        msgid = "".join(json.loads(line) for line in match.group(1).split("\n") if line)
        msgstr = "".join(json.loads(line) for line in match.group(2).split("\n") if line)
        context = re.search(r'^msgctxt (".*")$', block, re.MULTILINE)
        if msgid:
            entries.append((msgid, msgstr, "#, fuzzy" in block, json.loads(context.group(1)) if context else None))
    return entries


def test_every_interface_string_has_an_english_translation():
    entries = po_entries()
    assert len(entries) > 150
    assert [msgid for msgid, msgstr, _, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, fuzzy, _ in entries if fuzzy] == []


def test_compiled_catalogue_is_up_to_date():
    """`make messages` was run: the .mo holds exactly the .po's translations."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr, _, context in po_entries()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == []
