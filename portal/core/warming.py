"""Warm the most visited pages under a new data version before it becomes current.

Any data change retires every remembered count and cached page at once (the data version,
portal/core/pagecache.py). At 100,000 lessons, recounting a list by every facet made the first
request after an editor's save 5 to 30 times slower than the next one. So the process that
commits a change pays instead of the reader: before it makes the new version current, it renders
the pages readers asked for most of late, as an anonymous reader would, under the new version.
Their counts are then remembered (portal/core/aggregates.py) and the pages themselves are in the
shared cache when the version switches; the first reader of such a page finds it ready.

- Which pages: every page a reader caused to be rendered (not served from the cache) counts
  towards its URL's popularity, with an exponential decay (half-life POPULARITY_HALF_LIFE), so
  what was read in the last minutes counts most. In Redis this is one sorted set shared by all
  app servers; with a process-local cache (development, tests), a dictionary of this process.
  Exports (`format=`) are downloads, not pages, and are not warmed.
- How long: no page is started after settings.WARM_SECONDS (so the wait is at most that plus one
  page), in a thread of its own which the committing request waits for. Then the version
  switches, warmed or not: an edit shows on every app server at once, as before, at most that
  long after the commit. Meanwhile readers get the pages of the version before.
- It never fails a save: any error while warming is logged and the version switches all the same.
"""

import io
import logging
import math
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

POPULAR_KEY = "warm:popular"
# Popularity halves every this many seconds: what readers ask for now counts, not this morning.
# Scores grow as 2**(t / half-life); the set starts anew every ERA_HALF_LIVES half-lives (80
# minutes; scores then reach about 10**12, far from float limits).
POPULARITY_HALF_LIFE = 120
ERA_HALF_LIVES = 40
# The set keeps this many URLs: a crawler walking every page number must not grow it without end.
MAX_TRACKED = 500


class Rendering(threading.local):
    """The version this thread renders pages under while warming (None: the current one)."""

    version = None


RENDERING = Rendering()


def era_and_weight(now):
    era_seconds = POPULARITY_HALF_LIFE * ERA_HALF_LIVES
    era = int(now // era_seconds)
    return era, math.pow(2.0, (now - era * era_seconds) / POPULARITY_HALF_LIFE)


class RedisPopularity:
    """A sorted set in Redis, shared by every process: URL -> decayed number of renders."""

    def __init__(self, backend):
        self.backend = backend

    def client(self):
        return self.backend._cache.get_client(write=True)

    def key(self, era):
        return self.backend.make_key(f"{POPULAR_KEY}:{era}")

    def record(self, url, now):
        era, weight = era_and_weight(now)
        key = self.key(era)
        pipe = self.client().pipeline(transaction=False)
        pipe.zincrby(key, weight, url)
        pipe.zremrangebyrank(key, 0, -(MAX_TRACKED + 1))
        pipe.expire(key, 2 * POPULARITY_HALF_LIFE * ERA_HALF_LIVES)
        pipe.execute()

    def top(self, count, now):
        era, _weight = era_and_weight(now)
        return [url.decode() for url in self.client().zrevrange(self.key(era), 0, count - 1)]


class LocalPopularity:
    """The same, for a cache that lives in one process (each process warms what it served)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.era = None
        self.scores = {}

    def record(self, url, now):
        era, weight = era_and_weight(now)
        with self.lock:
            if era != self.era:
                self.era, self.scores = era, {}
            self.scores[url] = self.scores.get(url, 0.0) + weight
            if len(self.scores) > 2 * MAX_TRACKED:
                kept = sorted(self.scores.items(), key=lambda item: item[1], reverse=True)[:MAX_TRACKED]
                self.scores = dict(kept)

    def top(self, count, now):
        era, _weight = era_and_weight(now)
        with self.lock:
            if era != self.era:
                return []
            return [url for url, _score in sorted(self.scores.items(), key=lambda item: item[1], reverse=True)[:count]]

    def clear(self):
        with self.lock:
            self.era, self.scores = None, {}


LOCAL_POPULARITY = LocalPopularity()


def popularity():
    backend = caches["default"]
    return RedisPopularity(backend) if isinstance(backend, RedisCache) else LOCAL_POPULARITY


def record_render(request, query):
    """Count a page rendered for an anonymous reader towards its URL's popularity; `query` is the
    canonical query string (pagecache.canonical_query), so that one page has one entry."""
    if RENDERING.version is not None or not settings.WARM_SECONDS or "format" in request.GET:
        return
    url = f"{request.scheme}://{request.get_host()}{request.path}" + (f"?{query}" if query else "")
    try:
        popularity().record(url, time.time())
    except Exception as error:
        logger.warning("could not count a page's popularity (%s)", error)


def most_visited(count):
    try:
        return popularity().top(count, time.time())
    except Exception as error:
        logger.warning("could not read the most visited pages (%s)", error)
        return []


def warm(version):
    """Render the most visited pages under `version`; start no page after settings.WARM_SECONDS.

    The pages are rendered in a thread of their own (its own translation and URL state, so the
    committing request's are untouched) on the committing thread's database connection, which
    waits meanwhile: it reads what was just committed, and inside a test's transaction too.
    Returns the number of pages rendered.
    """
    budget = settings.WARM_SECONDS
    urls = most_visited(settings.WARM_PAGES) if budget else []
    if not urls:
        return 0
    deadline = time.monotonic() + budget
    done = []
    connection = connections[DEFAULT_DB_ALIAS]
    connection.inc_thread_sharing()
    try:
        worker = threading.Thread(target=render_all, args=(urls, version, deadline, connection, done), name="warm")
        worker.start()
        worker.join()
    finally:
        connection.dec_thread_sharing()
    return len(done)


def render_all(urls, version, deadline, connection, done):
    RENDERING.version = version
    connections[DEFAULT_DB_ALIAS] = connection
    try:
        handler = WSGIHandler()
        for url in urls:
            if time.monotonic() >= deadline:
                break
            render(handler, url)
            done.append(url)
    except Exception:
        logger.exception("warming the most visited pages failed")
    finally:
        RENDERING.version = None
        del connections[DEFAULT_DB_ALIAS]  # this thread's reference, not the connection


def render(handler, url):
    """Run `url` through the whole middleware stack as an anonymous reader without cookies.

    handler.get_response(), not handler(environ): the request signals would close the shared
    database connection when it is outside autocommit (a test's transaction).
    """
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    if parts.scheme == "https":
        environ["HTTPS"] = "on"
        proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy_header:
            environ[proxy_header[0]] = proxy_header[1]
    response = handler.get_response(WSGIRequest(environ))
    return response.status_code
