"""Where a verbatim excerpt stands in its source text, and why a wrong one does not match.

- anchor(): the excerpt's offset in the text, kept where it was when it still stands there;
- mismatch(): for an excerpt that is not in the text, the longest passage of it that is, and
  the first character after which they part, so an editor sees exactly what to correct.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT = 40  # characters of the matching passage shown in a message


def anchor(text, excerpt, previous=None):
    """Offset of `excerpt` in `text`: `previous` if it still stands there, else its first
    occurrence; None if the text no longer holds it."""
    if not excerpt:
        return None
    if previous is not None and text[previous : previous + len(excerpt)] == excerpt:
        return previous
    start = text.find(excerpt)
    return start if start >= 0 else None


@dataclass(frozen=True)
class Mismatch:
    matched: str  # the longest passage of the excerpt found in the text (shortened for display)
    position: int  # 1-based position, in the excerpt, of the first character that differs
    excerpt_char: str  # that character in the excerpt ("" at its end)
    text_char: str  # the character the text has there ("" at its end)


def mismatch(text, excerpt):
    """Why `excerpt` is not in `text`: the longest shared passage and where they part.

    When the excerpt's start matches, they part after the passage; when only a later part
    matches, they part just before it (the excerpt's character before the passage).
    """
    matcher = SequenceMatcher(None, text, excerpt, autojunk=False)
    in_text, in_excerpt, size = matcher.find_longest_match(0, len(text), 0, len(excerpt))
    if in_excerpt == 0:
        at_excerpt, at_text = size, in_text + size
    else:
        at_excerpt, at_text = in_excerpt - 1, in_text - 1
    passage = excerpt[in_excerpt : in_excerpt + size]
    if len(passage) > CONTEXT:  # show the end of the passage that meets the difference
        passage = "…" + passage[-CONTEXT:] if in_excerpt == 0 else passage[:CONTEXT] + "…"
    return Mismatch(
        matched=passage,
        position=at_excerpt + 1,
        excerpt_char=excerpt[at_excerpt] if 0 <= at_excerpt < len(excerpt) else "",
        text_char=text[at_text] if 0 <= at_text < len(text) and size else "",
    )
