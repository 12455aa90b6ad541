"""Django's Redis cache backend, minus a per-call cost, plus a circuit breaker.

Django's client builds a new redis.Redis object for every cache call; constructing one fills a
table of ~170 response callbacks, about 150 µs, which is most of a page-cache hit. A Redis
object is thread-safe and cheap to keep, so one is kept per connection pool.

The cache fails open (its callers render without it), but a failing call still costs time: a
connection refused is quick, a stalled Redis costs the socket timeout, on every call of every
request. So after a connection error or a timeout, the breaker of that Redis opens: for
`breaker_seconds` (an OPTIONS entry, 2 s by default) every call in this process raises
CacheUnavailable at once, without touching the network; then calls go through again, and the
first one that fails opens it anew. An outage then costs a render per request, never a wait.
"""

import functools
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

DEFAULT_BREAKER_SECONDS = 2.0


class CacheUnavailable(Exception):
    """Redis failed a moment ago; this call was not even tried."""


class Breaker:
    """Open for `seconds` after a failure; shared by every thread of the process."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def check(self):
        if self.is_open:
            raise CacheUnavailable(f"Redis failed less than {self.seconds:.1f} s ago; not trying")

    def trip(self):
        self.open_until = time.monotonic() + self.seconds

    def close(self):
        self.open_until = 0.0


# Django keeps one cache object per thread; the breaker must be the process's, so one per Redis.
BREAKERS = {}
BREAKERS_LOCK = threading.Lock()


def breaker_for(servers, seconds):
    with BREAKERS_LOCK:
        return BREAKERS.setdefault(tuple(servers), Breaker(seconds))


def close_breakers():
    """Let every call through again (tests that restart Redis, instead of waiting)."""
    with BREAKERS_LOCK:
        for breaker in BREAKERS.values():
            breaker.close()


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        seconds = options.pop("breaker_seconds", DEFAULT_BREAKER_SECONDS)
        super().__init__(servers, **options)
        self.breaker = breaker_for(servers, seconds)
        self._clients = {}

    def failed(self, error):
        """Open the breaker if `error` means Redis is unreachable or stalled (also for calls made
        outside the cache API, such as the version watch's subscription)."""
        if isinstance(error, (RedisConnectionError, RedisTimeoutError)):
            self.breaker.trip()

    def get_client(self, key=None, *, write=False):
        self.breaker.check()
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def tripping_the_breaker(method):
    """A cache call that opens the breaker when Redis cannot be reached or does not answer."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            self.failed(error)
            raise

    return call


CACHE_CALLS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many")
for _name in (*CACHE_CALLS, "clear"):
    setattr(ReusingRedisCacheClient, _name, tripping_the_breaker(getattr(RedisCacheClient, _name)))


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
