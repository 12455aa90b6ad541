"""Template filters of the list cards (templates/partials/lesson_item.html, initiative_item.html)."""

from django import template

from portal.core.models import is_english
from portal.core.summaries import first_clause
from portal.core.vntext import fold

register = template.Library()


@register.filter
def card_summary(record):
    """One or two lines to judge a card by: the English summary on /en/, else the excerpt's first
    clause. Empty when it would only repeat the card's title."""
    summary = record.summary_en if is_english() else first_clause(record.excerpt)
    title = record.localized_label
    return "" if fold(summary).rstrip(".… ") == fold(title).rstrip(".… ") else summary
