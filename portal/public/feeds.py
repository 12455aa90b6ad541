"""Atom feeds of the newest lessons and initiatives: all of them, one province's, one theme's.

Lessons and initiatives share one feed, newest report first (undated reports last), at most
`FEED_SIZE` entries. The feeds live inside i18n_patterns: /feeds/... is Vietnamese (titles in
Vietnamese, the verbatim excerpt as summary), /en/feeds/... English (English titles and summaries).

Each feed runs a fixed number of queries: the top `FEED_SIZE` of each model (report, province and
locality joined; themes prefetched), merged in Python with the same ordering the database used.
"""

import datetime
import uuid

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lessons.models import Initiative, Lesson, Theme
from portal.core.freshness import last_changed
from portal.core.models import is_english
from portal.core.site import VIETNAM, portal_name
from portal.core.vntext import without_control_characters
from provinces.models import Province

FEED_SIZE = 50

# Atom requires an <updated> date on every entry, but many source articles carry no date.
# Undated entries get this fixed date instead of "now": a feed must not change between two
# fetches (readers would announce every undated entry again as edited, and Last-Modified would
# defeat caching). It is 3 June 2020, the date of Decision 749/QĐ-TTg that launched the national
# digital transformation programme: no provincial digital-transformation report predates it, so
# the date is a true lower bound and readers that sort by date keep undated entries last, as the
# feed itself does. tests/public/test_feeds.py checks that every dated report is on or after it.
UNDATED = datetime.date(2020, 6, 3)

# Namespace of the entries' ids (urn:uuid:...): stable across host names and deployments.
ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:cds-tinh:feed-entry")


def xml_text(value):
    """`value` (a string, or a list of them) without the characters XML 1.0 forbids."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return [without_control_characters(item) for item in value]
    return value


def start_of(day):
    """Midnight of `day` in Vietnam, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VIETNAM)


def feed_order(record):
    """The order of `newest_first()` (lessons.models) in Python, lessons before initiatives of the same report."""
    published = record.report.published_on
    return (
        published is None,
        -published.toordinal() if published else 0,
        record.report.slug,
        isinstance(record, Initiative),
        record.pk,
    )


def latest_records(lessons, initiatives, count=FEED_SIZE):
    """The `count` newest of both querysets together: two queries plus two theme prefetches.

    The top `count` of the merged list are among the top `count` of each model, and each model's
    rows are sorted by the same key in the database, so the merge is exact.
    """
    records = [*lessons.newest_first()[:count], *initiatives.newest_first()[:count]]
    return sorted(records, key=feed_order)[:count]


class PortalAtomFeed(Atom1Feed):
    def add_item(self, *args, **kwargs):
        # A control character stored in a record (a pasted vertical tab) must not break the XML.
        clean = {key: xml_text(value) for key, value in kwargs.items()}
        return super().add_item(*(xml_text(value) for value in args), **clean)

    data_changed_at = None  # set by the feed view: the time of the last data change

    def latest_post_date(self):
        """The feed's <updated> and its Last-Modified: when the data last changed.

        An entry's date is its report's, which an edit does not move; the feed as a whole
        changes whenever any record does, and a reader asking If-Modified-Since must see it.
        Without the data version (the cache unreachable), the newest entry's date, or for an
        empty feed a fixed date, never "now".
        """
        if self.data_changed_at is not None:
            return self.data_changed_at
        if not self.items:
            return start_of(UNDATED)
        return super().latest_post_date()


class LatestFeed(Feed):
    """Every lesson and initiative, newest first."""

    feed_type = PortalAtomFeed

    def get_object(self, request, *args, **kwargs):
        return None

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        changed = last_changed()
        if changed is not None:  # None while the cache is down: the entries' dates will do
            feed.data_changed_at = changed
        return feed

    def title(self, obj):
        return _("CĐS tỉnh: bài học và sáng kiến mới nhất")

    def subtitle(self, obj):
        return _("Bài học và sáng kiến chuyển đổi số của các tỉnh, trích từ báo cáo nguồn.")

    def link(self, obj):
        return reverse("home")

    def author_name(self, obj):
        # Entries without a known byline or publisher fall back to the feed's author: the portal.
        return portal_name()

    def select(self, obj):
        """(lessons, initiatives) of this feed, before ordering and slicing."""
        return Lesson.objects.public(), Initiative.objects.public()

    def items(self, obj):
        return latest_records(*self.select(obj))

    def item_title(self, item):
        # Atom titles are plain text (type="text"): no HTML escaping here, the XML writer escapes.
        return item.localized_label

    def item_description(self, item):
        # <summary type="html">: the plain text is escaped, paragraphs kept.
        text = item.summary_en if is_english() else item.excerpt
        return linebreaks(text, autoescape=True)

    def item_guid(self, item):
        # One id per record and language (the two feeds' entries differ in title and summary).
        name = f"{get_language()}/{item._meta.model_name}/{item.slug}"
        return uuid.uuid5(ENTRY_NAMESPACE, name).urn

    def item_pubdate(self, item):
        # Only a date the report states to the day: "2022 (inferred)" is no publication instant.
        report = item.report
        if report.published_on is None or report.date_inferred or report.date_precision != report.DatePrecision.DAY:
            return None
        return start_of(report.published_on)

    def item_updateddate(self, item):
        return start_of(item.report.published_on or UNDATED)

    def item_categories(self, item):
        return [theme.localized_name for theme in item.themes.all()]

    def item_author_name(self, item):
        report = item.report
        names = "; ".join(report.authors) or report.byline
        outlet = report.publisher or report.original_outlet  # a republication names its original outlet
        if names and outlet:
            return f"{names} ({outlet})"
        return names or outlet or None


class ProvinceFeed(LatestFeed):
    """The lessons and initiatives of one province."""

    def get_object(self, request, slug):
        return Province.objects.public().get(slug=slug)  # DoesNotExist: the Feed view answers 404

    def title(self, obj):
        return _("CĐS tỉnh: bài học và sáng kiến của %(province)s") % {"province": obj.localized_name}

    def subtitle(self, obj):
        return _("Bài học và sáng kiến chuyển đổi số của %(province)s, trích từ báo cáo nguồn.") % {
            "province": obj.localized_name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def select(self, obj):
        return Lesson.objects.public().filter(province=obj), Initiative.objects.public().filter(province=obj)


class ThemeFeed(LatestFeed):
    """The lessons and initiatives of one theme."""

    def get_object(self, request, slug):
        return Theme.objects.public().get(slug=slug)

    def title(self, obj):
        return _("CĐS tỉnh: bài học và sáng kiến về %(theme)s") % {"theme": obj.localized_name}

    def subtitle(self, obj):
        return _("Bài học và sáng kiến chuyển đổi số về %(theme)s, trích từ báo cáo nguồn.") % {
            "theme": obj.localized_name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def select(self, obj):
        return Lesson.objects.public().filter(themes=obj), Initiative.objects.public().filter(themes=obj)
