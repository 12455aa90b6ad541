"""When the data last changed: the date in every page's footer and on every download.

It is the data version of the page cache (portal/core/pagecache.py), the time of the last data
change that already feeds every answer's Last-Modified: no second mechanism. So a footer's date
moves exactly when cached pages are retired, and a page is never served with an old date. After
the cache itself restarts empty, the new version takes the time of the last change the database's
history records (pagecache.new_version_for_empty_cache), so the date stays true.
"""

import datetime
import logging

from django.utils.http import http_date

from . import dates
from .pagecache import WATCH, current_data_version, version_time
from .site import VIETNAM
from .warming import RENDERING

logger = logging.getLogger(__name__)


def data_version():
    """The current data version, or None when the cache cannot be reached."""
    try:
        return RENDERING.version or WATCH.get() or current_data_version()
    except Exception as error:
        logger.warning("data version unavailable (%s)", error)
        return None


def last_changed(version=None):
    """The time of the last data change (aware, in Vietnam), or None when it cannot be known."""
    version = version or data_version()
    if version is None:
        return None
    return datetime.datetime.fromtimestamp(int(version_time(version)), tz=VIETNAM)


def version_label(moment):
    """The data version as people read it: the UTC time of the change, "2026-12-03T07:10:16Z"."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mark_last_modified(response, moment):
    """A download's Last-Modified: the last data change (also for editors, whom the page cache
    does not see)."""
    if moment is not None:
        response.headers["Last-Modified"] = http_date(moment.timestamp())
    return response


def last_updated(request):
    """Context processor: `last_updated` (a datetime or None) and its date for the footer."""
    moment = last_changed()
    return {"last_updated": moment, "last_updated_display": dates.display(moment.date()) if moment else ""}
