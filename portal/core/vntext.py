"""Vietnamese text helpers shared by the pipeline, search and display.

- fold(): accent- and case-insensitive form used for search ("Đắk Lắk" -> "dak lak").
- syllables(): the folded syllables of a text with where each was written, common
  abbreviations spelled out ("CĐS" -> "chuyen doi so"): what search matches and highlights.
- strip_marks(): the same letters without their marks ("Đắk Lắk" -> "Dak Lak").
- parse_number(): Vietnamese number forms ("1.562" = 1562, "12,92%" = 12.92,
  "28.239/50.772" = a value with its denominator, "14/63" = 14 out of 63).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Unicode decomposition strips tones and hats but leaves "đ" whole: it is a letter of its own.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[\W_]+")


def strip_marks(text):
    """`text` without tones and hats, "đ" mapped to "d": "Đắk Lắk" -> "Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Characters XML 1.0 forbids and no reader wants: C0 controls but tab, line feed and carriage
# return, and DEL (Word pastes a vertical tab for a manual line break).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text, replacement=" "):
    return CONTROL_CHARACTERS.sub(replacement, text)


def fold(text):
    """Lower-case, accent-free words of `text`, single-spaced, punctuation dropped.

    "Tú Lệ, Văn Chấn" -> "tu le van chan"; "Chợ 4.0" -> "cho 4 0".
    """
    if not text:
        return ""
    return _NON_WORD.sub(" ", strip_marks(text)).strip().casefold()


def fold_char(char):
    """One character folded (it may become none, or stay one): search highlighting maps offsets with it."""
    return strip_marks(char).lower()


# Abbreviations officials write for the words, and the words they stand for (folded): search
# spells them out on both sides, so "CĐS" finds "chuyển đổi số" and "chuyen doi so" finds "CĐS".
# "Ủy" and "Uỷ" (the mark on either letter) fold alike, so both spellings of "Ủy ban" match.
ABBREVIATIONS = {
    "cds": "chuyen doi so",
    "cntt": "cong nghe thong tin",
    "tttt": "thong tin va truyen thong",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
}
# A syllable: letters and digits with any combining marks (text typed in NFD keeps its marks
# with its letters). "TT&TT" / "TT và TT" is one abbreviation written in three pieces.
_SYLLABLE = re.compile(r"(?P<tttt>(?<![^\W_])(?i:TT ?(?:&|và|va) ?TT)(?![^\W_]))|(?:[^\W_]|[\u0300-\u036f])+")


def syllables(text):
    """The folded syllables of `text`, each with the (start, end) of what was written.

    "Sở TT&TT" -> [("so", 0, 2), ("thong", 3, 8), ("tin", 3, 8), ("va", 3, 8), ...]: an
    abbreviation yields the syllables of its words, each pointing at the abbreviation.
    """
    found = []
    for match in _SYLLABLE.finditer(text or ""):
        start, end = match.span()
        found.extend((syllable, start, end) for syllable in folded_syllables(match.lastgroup or match.group()))
    return found


@functools.lru_cache(maxsize=20_000)
def folded_syllables(word):
    """("chuyen", "doi", "so") for "CĐS", ("so",) for "Số": one word of syllables(), remembered.
    A language has a few thousand syllables, and folding each anew was most of the time a search
    page took to highlight the articles it shows."""
    folded = strip_marks(word).casefold()
    return tuple(ABBREVIATIONS.get(folded, folded).split())


def search_fold(text):
    """`text` as search stores and reads it: folded syllables, abbreviations spelled out."""
    return " ".join(syllable for syllable, _, _ in syllables(text))


# A number as written in Vietnamese: dots group thousands (groups of exactly three digits),
# a comma is the decimal mark.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FULL = re.compile(rf"^\s*({NUMBER})\s*(%)?\s*(?:/\s*({NUMBER})\s*)?$")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    denominator: Decimal | None = None
    is_percent: bool = False


def to_decimal(token):
    """'1.562' -> 1562, '12,92' -> 12.92. Raises ValueError on any other form."""
    if not re.fullmatch(NUMBER, token or ""):
        raise ValueError(f"not a Vietnamese number: {token!r}")
    return Decimal(token.replace(".", "").replace(",", "."))


def parse_number(raw):
    """Parse one figure as written in a Vietnamese text.

    Accepts "1.562", "12,92%", "98 %", "28.239/50.772" and "14/63". Raises ValueError with the
    offending text for anything else (for example "4.0", which is a name, not a number).
    """
    match = _FULL.match(raw or "")
    if not match:
        raise ValueError(f"not a Vietnamese number: {raw!r}")
    value, percent, denominator = match.groups()
    if percent and denominator:
        raise ValueError(f"a percentage cannot have a denominator: {raw!r}")
    parsed_denominator = to_decimal(denominator) if denominator else None
    if parsed_denominator == 0:
        raise ValueError(f"denominator is zero: {raw!r}")
    return ParsedNumber(to_decimal(value), parsed_denominator, bool(percent))


def format_number(value, language="vi"):
    """Write a Decimal back the way the reader's language does (1562 -> '1.562' or '1,562')."""
    if value is None:
        return ""
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        normalized = normalized.quantize(Decimal(1))
    integer, _, fraction = f"{normalized:f}".partition(".")
    sign = "-" if integer.startswith("-") else ""
    digits = integer.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    thousands, decimal_mark = (".", ",") if language == "vi" else (",", ".")
    text = sign + thousands.join(groups)
    return f"{text}{decimal_mark}{fraction}" if fraction else text
