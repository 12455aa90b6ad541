"""The data version as this process knows it, kept current by Redis pub/sub.

Reading the version from Redis on every request costs a round trip (~100 µs), as much as the
rest of a page-cache hit. Instead each process subscribes to a channel on which every bump is
published, and polls that subscription (a non-blocking read of its socket) on each request:
Redis writes the message to every subscriber while it answers the PUBLISH, so by the time an
editor's save has returned, every other app server has the new version waiting on its socket.

When there is no Redis (tests, `make run`), or the subscription is broken (Redis restarting),
`get()` answers None and the caller reads the version from the cache as before.
"""

import logging
import os
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)
CHANNEL = "data-version-bumps"
RETRY_SECONDS = 1.0


def redis_client():
    """The Redis client behind the default cache, or None for another backend."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    return get_client(write=True) if get_client else None


def report_failure(error):
    """Tell the cache's circuit breaker (portal/core/redis_cache.py), if it has one."""
    failed = getattr(getattr(cache, "_cache", None), "failed", None)
    if failed:
        failed(error)


def channel_name():
    return cache.make_key(CHANNEL)


def publish(version):
    client = redis_client()
    if client is not None:
        client.publish(channel_name(), version)


class VersionWatch:
    def __init__(self, read_version):
        self.read_version = read_version  # reads the version from the cache (a round trip)
        self.lock = threading.Lock()
        self.pid = None
        self.subscription = None
        self.version = None
        self.retry_at = 0.0

    def get(self):
        with self.lock:
            if self.pid != os.getpid():  # a forked worker must not share its parent's socket
                self.subscription, self.pid = None, os.getpid()
            if self.subscription is None and not self.subscribe():
                return None
            try:
                while message := self.subscription.get_message(ignore_subscribe_messages=True, timeout=0):
                    self.version = message["data"].decode()
            except Exception as error:
                report_failure(error)
                logger.warning("lost the data-version subscription; reading the version per request")
                self.close()
                return None
            return self.version

    def subscribe(self):
        if time.monotonic() < self.retry_at:
            return False
        try:
            client = redis_client()  # raises at once while the cache's breaker is open
        except Exception:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return False
        if client is None:
            self.retry_at = float("inf")
            return False
        try:
            subscription = client.pubsub()
            subscription.subscribe(channel_name())
            # Subscribed first, then read: a bump in between arrives as a message.
            self.version = self.read_version()
        except Exception as error:
            report_failure(error)
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return False
        self.subscription = subscription
        return True

    def reset(self):
        """Forget everything (the cache settings changed, in tests)."""
        with self.lock:
            self.close()
            self.version, self.retry_at = None, 0.0

    def close(self):
        if self.subscription is not None:
            try:
                self.subscription.close()
            except Exception:
                pass
        self.subscription = None
        self.retry_at = time.monotonic() + RETRY_SECONDS
