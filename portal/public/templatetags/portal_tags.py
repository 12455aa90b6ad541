"""Template tags of the public pages: search highlighting; whole numbers as the reader writes them."""

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.core.search import match_spans, snippet
from portal.core.vntext import format_number

register = template.Library()


@register.filter
def number(value):
    """A whole number with the page's thousands separator: 25.188 in Vietnamese, 25,188 in English."""
    return format_number(Decimal(value), get_language())


@register.simple_tag
def highlight(text, query, width=None):
    """Escape `text` and wrap the words of `query` in <mark>.

    With `width`, show only about that many characters around the first match (a snippet).
    """
    text = text or ""
    if width and len(text) > width:
        start, end, spans = snippet(text, query or "", width)
    else:
        start, end, spans = 0, len(text), match_spans(text, query or "")
    pieces, cursor = [], start
    for span_start, span_end in spans:
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


@register.simple_tag
def matching_text(query, *texts):
    """The first of `texts` that holds what `query` matched (else the first): a result card shows
    the passage that explains why it was found, the excerpt or else the English summary."""
    return next((text for text in texts if match_spans(text or "", query or "")), texts[0])
