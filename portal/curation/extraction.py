"""Rule-based extraction: propose candidate records from a source article.

The output is a worklist for curators, not data: every candidate carries its character offsets
in the article so a curator can check it against the text, then write the reviewed record into
fixtures/curated/. Four rules:

- enumerated items: paragraphs or sentences opened by a list marker ("Thứ nhất", "Thứ 2",
  "Cuối cùng", "Một là" … "Năm là", "Đầu tiên", "Bên cạnh đó", "Tiếp đó", ...);
- quoted names: text inside “…” or "…" (initiative names, slogans);
- numbers with context, parsed the Vietnamese way, classified as percent, fraction, rank,
  count, year or date;
- mentions of provinces and localities (known names, and "xã/huyện/thị trấn/thành phố X").
"""

import re
from dataclasses import asdict, dataclass, field

from portal.core.fidelity import ORDINAL_MARKER, marker_position
from portal.core.vntext import NUMBER, parse_number

# Markers that continue a list without a number.
SEQUENCE_MARKER = re.compile(
    r"(?P<marker>Đầu tiên|Cuối cùng|Tiếp đó|Tiếp theo|Bên cạnh đó|Cùng với đó|Ngoài ra|Đồng thời)(?=,)"
)
QUOTED = re.compile(r"“(?P<curly>[^”\n]{2,300})”|\"(?P<straight>[^\"\n]{2,300})\"")
NUMBER_TOKEN = re.compile(
    rf"(?<![\w.,/:-])(?P<raw>(?:{NUMBER})\s?%|(?:{NUMBER})/(?:{NUMBER})(?:/\d{{4}})?|(?:{NUMBER}))(?![\w/]|[.,]\d)"
)
LOCALITY_PATTERN = re.compile(
    r"(?P<level>xã|huyện|thị trấn|thị xã|thành phố|phường) "
    r"(?P<name>[A-ZĐ][\wÀ-ỹ]*(?: [A-ZĐ][\wÀ-ỹ]*){0,3})"
)
LEVELS = {
    "xã": "commune",
    "huyện": "district",
    "thị trấn": "township",
    "thị xã": "town",
    "thành phố": "city",
    "phường": "ward",
}


@dataclass
class Candidate:
    rule: str
    start: int
    end: int
    text: str
    details: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def _at_item_start(text, position):
    """A list marker counts only at the start of a paragraph or sentence."""
    before = text[:position].rstrip(" ")
    return not before or before[-1] in "\n.:;"


def _sentence_or_paragraph_end(text, start):
    newline = text.find("\n", start)
    return len(text) if newline == -1 else newline


def extract_enumerations(text):
    candidates = []
    for pattern in (ORDINAL_MARKER, SEQUENCE_MARKER):
        for match in pattern.finditer(text):
            if not _at_item_start(text, match.start()):
                continue
            ordinal = marker_position(match) if pattern is ORDINAL_MARKER else None
            end = _sentence_or_paragraph_end(text, match.start())
            candidates.append(
                Candidate(
                    "enumeration",
                    match.start(),
                    end,
                    text[match.start() : end],
                    {"marker": match.group("marker"), "ordinal": ordinal},
                )
            )
    return sorted(candidates, key=lambda c: c.start)


def extract_quotes(text):
    candidates = []
    for match in QUOTED.finditer(text):
        group = "curly" if match.group("curly") is not None else "straight"
        inner = match.group(group).strip()
        candidates.append(
            Candidate("quote", match.start(group), match.end(group), match.group(group), {"words": len(inner.split())})
        )
    return candidates


def classify_number(raw, text, start, end):
    """Return (kind, parsed details) for one number token, or None if it is not a figure."""
    before = text[max(0, start - 20) : start]
    after = text[end : end + 30]
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}", raw):
        return "date", {}
    if re.search(r"(số|Số)\s*$", before) or re.match(r"[-/][A-ZĐ]", after):
        return "document-number", {}
    if re.match(r":\d", after):
        return "time", {}
    if re.fullmatch(r"(19|20)\d\d", raw):
        return "year", {}
    if "/" not in raw and re.search(r"(thứ|Bài)\s*$", before, re.IGNORECASE):
        return "ordinal", {}
    try:
        number = parse_number(raw)
    except ValueError:
        return None
    details = {"value": str(number.value)}
    if number.denominator is not None:
        details["denominator"] = str(number.denominator)
    if number.is_percent:
        return "percent", details
    if number.denominator is not None:
        rank = number.denominator == 63 or re.match(r"\s*tỉnh", after) and "thứ" in before
        return ("rank" if rank else "fraction"), details
    return "count", details


def extract_numbers(text):
    candidates = []
    for match in NUMBER_TOKEN.finditer(text):
        raw = match.group("raw")
        classified = classify_number(raw, text, match.start(), match.end())
        if classified is None:
            continue
        kind, details = classified
        details.update(
            kind=kind,
            context=text[max(0, match.start() - 60) : min(len(text), match.end() + 60)].replace("\n", " "),
        )
        candidates.append(Candidate("number", match.start(), match.end(), raw, details))
    return candidates


def extract_places(text, provinces, localities):
    """`provinces` and `localities` are iterables of (slug, name) pairs of known places."""
    candidates = []
    for rule, places in (("province", provinces), ("locality", localities)):
        for slug, name in places:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                candidates.append(Candidate(rule, match.start(), match.end(), name, {"slug": slug}))
    known = {name for _, name in localities} | {name for _, name in provinces}
    for match in LOCALITY_PATTERN.finditer(text):
        name = match.group("name")
        if name not in known:
            candidates.append(
                Candidate(
                    "new-locality",
                    match.start(),
                    match.end(),
                    match.group(0),
                    {"name": name, "level": LEVELS[match.group("level")]},
                )
            )
    return sorted(candidates, key=lambda c: (c.start, c.rule))


def extract(text, provinces=(), localities=()):
    """All candidates of one article, in reading order within each rule."""
    return {
        "enumerations": extract_enumerations(text),
        "quotes": extract_quotes(text),
        "numbers": extract_numbers(text),
        "places": extract_places(text, provinces, localities),
    }
