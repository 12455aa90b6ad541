"""A card's one-line summary: the first clause of a verbatim excerpt, for scanning a list.

The Vietnamese site has no curator-written summary, only the article's own sentence; its first
clause (up to the first full stop, semicolon or colon, and no longer than SUMMARY_LENGTH) is enough
to judge a card's relevance without opening it. The article's list marker ("Thứ nhất,", "Một
là,") says nothing about the content and is left out.
"""

import re

from .fidelity import ORDINAL_MARKER, SEQUENCE_MARKERS

SUMMARY_LENGTH = 160
# A full stop ends a clause only before a space or the end: "1.562" and "v.v." mid-word do not.
CLAUSE_END = re.compile(r"[.;:!?](?=\s|$)")


def without_list_marker(text):
    """`text` without the enumeration marker that opens it: "Thứ nhất, phải…" → "phải…"."""
    match = ORDINAL_MARKER.match(text)
    if match:
        text = text[match.end() :]
    else:
        lowered = text.lower()
        for marker in SEQUENCE_MARKERS:
            if lowered.startswith(marker):
                text = text[len(marker) :]
                break
    return text.lstrip(" ,:")


def first_clause(text, length=SUMMARY_LENGTH):
    """The first clause of `text`, cut at a word boundary with "…" when longer than `length`."""
    text = without_list_marker(" ".join((text or "").split()))
    match = CLAUSE_END.search(text)
    clause = text[: match.start()] if match else text
    if len(clause) > length:
        cut = clause.rfind(" ", 0, length)
        clause = clause[: cut if cut > 0 else length].rstrip(" ,;–-") + "…"
    return clause[:1].upper() + clause[1:]
