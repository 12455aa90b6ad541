"""Counts and facet counts remembered per data version.

Counting 100,000 lessons by province, theme and kind costs the database tens of milliseconds a
query, on every request, although the answer only changes when the data does. So an aggregate is
computed once per data version and filter state, kept in the shared cache, and retired with the
pages when any record changes (portal/core/pagecache.py). Rendering still happens on every request:
this is not the page cache, and it works for editors too, who always get fresh pages.

If the cache is unreachable the aggregate is computed as before: it fails open.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .pagecache import current_data_version

logger = logging.getLogger(__name__)
KEY_PREFIX = "agg:"


def remembered(parts, compute):
    """compute(), or its value from the cache for the same parts under the same data version."""
    timeout = settings.AGGREGATE_CACHE_SECONDS
    if not timeout:
        return compute()
    try:
        version = current_data_version()
        digest = hashlib.blake2b(repr((version, get_language(), parts)).encode(), digest_size=20).hexdigest()
        key = KEY_PREFIX + digest
        value = cache.get(key)
    except Exception as error:
        logger.warning("aggregate cache unavailable (%s); counting in the database", error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("could not store an aggregate")
    return value


def filter_state(filterset, *ignored):
    """A hashable, order-independent form of a bound filterset's parameters."""
    return tuple(
        sorted(
            (name, tuple(sorted(filterset.data.getlist(name))))
            for name in filterset.data
            if name in filterset.filters and name not in ignored
        )
    )
