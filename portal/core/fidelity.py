"""Rules that keep a record faithful to its article, checkable without reading it.

Each function takes plain text and returns what is wrong ("" or [] when nothing is), so the models'
clean() (the admin and the loader) and the tests share one definition:

- English text writes numbers the English way (1,562; 12.92%), never the Vietnamese way (1.562;
  12,92%), which an English reader takes for one and a half or twelve.
- An ordinal needs the article's own enumeration marker at the start of the excerpt ("Thứ nhất",
  "Một là", "Đầu tiên", "Tiếp đó", "Cuối cùng"…); connectives ("Cùng với đó", "Bên cạnh đó",
  "Ngoài ra") number nothing.
- An excerpt's quotation marks are balanced, and it starts and ends at a word boundary.
"""

import re

from django.utils.translation import gettext as _

# 1.562 / 28.239 / 1.000.000: dot-grouped thousands; 12,92 / 55,6: a decimal comma.
VIETNAMESE_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]*\d)|(?<![\d.,])\d+,\d{1,2}(?![\d,])")

# The article's own numbering of a list item, shared with the extraction's proposals
# (portal/curation/extraction.py): "Thứ nhất," / "Thứ 2," / "Một là," / "Bà là" (how the Lào Cai
# article misspells "Ba là", its third task).
ORDINAL_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
COUNT_WORDS = {"một": 1, "hai": 2, "ba": 3, "bà": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
ORDINAL_MARKER = re.compile(
    r"(?P<marker>Thứ (?P<thu>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|[0-9]{1,2})"
    r"|(?P<la>Một|Hai|Ba|Bà|Bốn|Năm|Sáu|Bảy|Tám|Chín) là)(?=[,:\s])"
)


def marker_position(match):
    """The position an ORDINAL_MARKER match gives: "Thứ 2" → 2, "Ba là" → 3."""
    word = match.group("thu")
    if word:
        return int(word) if word.isdigit() else ORDINAL_WORDS[word]
    return COUNT_WORDS[match.group("la").lower()]


# Markers whose position is not in the words: "Đầu tiên" is the first, the others follow it.
SEQUENCE_MARKERS = ("đầu tiên", "tiếp đó", "tiếp theo", "sau đó", "cuối cùng")
QUOTES = '“”"'


def vietnamese_numbers(text):
    """The numbers written the Vietnamese way in (English) `text`: ["1.562", "12,92"]."""
    return VIETNAMESE_NUMBER.findall(text or "")


def ordinal_marker(excerpt):
    """(marker, position or None) of the enumeration marker starting `excerpt`, or None.

    "Thứ 2, …" → ("Thứ 2", 2); "Ba là, …" → ("Ba là", 3); "Cuối cùng, …" → ("Cuối cùng", None).
    """
    text = (excerpt or "").lstrip(" \t\n-–•*" + QUOTES)
    match = ORDINAL_MARKER.match(text[:1].upper() + text[1:])
    if match:
        return match.group("marker"), marker_position(match)
    lowered = text.lower()
    for marker in SEQUENCE_MARKERS:
        if lowered.startswith(marker):
            return text[: len(marker)], 1 if marker == "đầu tiên" else None
    match = re.match(r"(\d+)[.)]\s", text)
    if match:
        return match.group(0).strip(), int(match.group(1))
    return None


def ordinal_errors(excerpt, ordinal):
    """Why `ordinal` is not what the article gives (a list of messages, empty when it is)."""
    if ordinal is None:
        return []
    found = ordinal_marker(excerpt)
    if found is None:
        return ["no enumeration marker at the start of the excerpt"]
    marker, position = found
    if position is not None and position != ordinal:
        return [f"the excerpt says {marker!r}, not item {ordinal}"]
    return []


def unbalanced_quotes(text):
    """True when `text` opens a quotation it does not close (or closes one it did not open).

    Articles mix straight and curly marks ("nhân văn”), so the marks are counted together.
    """
    text = text or ""
    return sum(text.count(mark) for mark in QUOTES) % 2 == 1


def cut_words(body, start, excerpt):
    """Which ends of the passage body[start:start+len(excerpt)] fall inside a word: [], ["start"]…"""
    if start is None or not excerpt:
        return []
    end = start + len(excerpt)
    cut = []
    if start > 0 and body[start - 1].isalnum() and excerpt[0].isalnum():
        cut.append("start")
    if end < len(body) and body[end].isalnum() and excerpt[-1].isalnum():
        cut.append("end")
    return cut


def english_number_errors(record, fields):
    """{field: message} for the English fields of `record` that write numbers the Vietnamese way."""
    errors = {}
    for name in fields:
        found = vietnamese_numbers(getattr(record, name, ""))
        if found:
            errors[name] = _("Tiếng Anh viết số theo kiểu Anh (1,562; 12.92%%), không phải “%(found)s”.") % {
                "found": ", ".join(found)
            }
    return errors


def repeated_excerpts(lessons, initiatives):
    """[(slug, other slug, why)] for lessons that repeat another record's passage in one report.

    A lesson's excerpt may not be another lesson's or an initiative's, nor begin with a whole other
    lesson's (a challenge that is a lesson's first clause). Initiatives named in one sentence may
    share it: narrowed to a name, the passage would state nothing.
    """
    found = []
    for index, lesson in enumerate(lessons):
        for other in lessons[index + 1 :]:
            if other.excerpt == lesson.excerpt:
                found.append((lesson.slug, other.slug, "same excerpt"))
        for other in lessons:
            if other is not lesson and other.excerpt != lesson.excerpt and other.excerpt.startswith(lesson.excerpt):
                found.append((lesson.slug, other.slug, "its excerpt begins the other's"))
        for initiative in initiatives:
            if initiative.excerpt == lesson.excerpt:
                found.append((lesson.slug, initiative.slug, "same excerpt"))
    return found
