"""Emptying the test cache without moving query counts."""

from django.core.cache import cache

from portal.core.pagecache import current_data_version


def empty_cache():
    """Clear the cache, then make the data version again: making it reads the history
    (portal.core.pagecache.new_version_for_empty_cache), which a later test's pinned query
    count must not pay."""
    cache.clear()
    current_data_version()
