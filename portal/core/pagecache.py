"""HTTP caching for anonymous readers: validators, Cache-Control, and a shared page cache.

Public pages change only when the data does (the load command or an editor's save), so:

- every anonymous GET/HEAD answer carries Cache-Control, an ETag and a Last-Modified taken from
  the *data version* (the time of the last change), and ConditionalGetMiddleware turns a matching
  If-None-Match / If-Modified-Since into a 304;
- rendered pages are kept in the shared cache (Redis in production); each entry remembers the data
  version it was rendered under, and one MGET fetches the page together with the current version,
  so a change made on any app server retires every page on every server at once; before the
  new version becomes current, the process that made the change renders the most visited pages
  under it for at most WARM_SECONDS (portal/core/warming.py), so their first readers find them;
- a page is keyed by scheme, host (validated: a host Django refuses is never served from the
  cache, Django answers it 400), path, language and the canonical query string (see below);
- exports are cached like pages: a streamed CSV is read into the cache if it ends within
  STREAMED_CACHE_MAX_BYTES (a longer one streams on, uncached, so memory stays flat);
- this middleware sits before the session, CSRF, auth and message middleware, so a hit is served
  as stored bytes and headers without running them (and without a query);
- the cache fails open: if Redis is down, pages are rendered as usual and nothing breaks, and
  without waiting for it (short timeouts and a circuit breaker: portal/core/redis_cache.py).
  Meanwhile each process serves its own copies of pages rendered under the last version it knew
  ("stale"), and keeps what it renders during the outage as such copies too: rendering every
  page on every request saturated the workers and made readers wait seconds. A change saved
  during the outage shows to readers once Redis is back (the pending bump is retried then;
  editors always see fresh pages).

The query string cannot flood the cache:
- tracking parameters (`utm_*`, `fbclid`, `gclid`, `zarsrc`... added by Facebook, Zalo, Google and
  newsletters) are taken out of the request before anything reads it: the page is the one without
  them, never a 400, never a new entry, and no link on it carries them;
- the other parameters are keyed sorted by name, so `?b=1&a=2` and `?a=2&b=1` share an entry;
- a page is cached only if its view names every parameter it was given (`accepted_parameters()`,
  a classmethod of the view: the list views' filters, `page`, `format`...). Any other parameter is
  passed to the view untouched and the answer is rendered, not stored: the view decides what it
  means (ignored, or a 400 for a view that refuses it), and 10,000 made-up parameters add nothing
  to the cache. Dropping them from the key instead would serve a 200 from the cache for a URL the
  view may refuse, or a page whose links carry them.

Signed-in editors (a session cookie whose session holds an active staff user) always get a fresh,
uncached page. Any other cookie, junk or expired, is an anonymous reader's: a cookie anyone can
send must not turn the cache off. The check is cheap: signing in as staff also sets an editor
mark, a second cookie holding an HMAC of the session key under the SECRET_KEY, so a session
cookie without its mark (a malformed key, a made-up one, a new one per request) costs one HMAC
and no read; only a marked one costs a session read, whose verdict this process remembers a few
seconds. (Without the mark, a new made-up key per request cost a database query each: half the
throughput in `make loadtest`.)
"""

import functools
import hashlib
import itertools
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import http_date
from django.utils.translation import get_language_from_path, override

from . import versionwatch, warming

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"
PAGE_KEY_PREFIX = "page:"
# A streamed answer (a CSV export) is kept if it ends within this many bytes.
STREAMED_CACHE_MAX_BYTES = 4 * 1024 * 1024
# Set on answers to anonymous requests so that operators and tests can see what happened.
CACHE_STATUS_HEADER = "X-Page-Cache"


# --- the data version -------------------------------------------------------------------------


def current_data_version():
    """The data version: nanoseconds since the epoch at the last data change (a string).

    Read on every anonymous request; created on first use, so a Redis restart simply starts
    a new version (every page is rendered once more, never served stale). While this thread
    warms pages for a version not yet current (portal/core/warming.py), that version.
    """
    if warming.RENDERING.version is not None:
        return warming.RENDERING.version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version_for_empty_cache(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


# The history models of the models whose changes retire pages (retire_pages_on_change).
HISTORY_MODELS = []


def new_version_for_empty_cache():
    """A version for a cache that has none (first start, or Redis restarted empty).

    Its time is that of the last change the database's history records, not the moment of the
    restart: the version is also the "last updated" date readers see (portal/core/freshness.py).
    The nanoseconds within that second are random, so it never equals a version a process may
    still hold pages under. With no history (an empty database), or no database, it is now.
    """
    try:
        found = [model._default_manager.aggregate(latest=Max("history_date"))["latest"] for model in HISTORY_MODELS]
        latest = max((moment for moment in found if moment is not None), default=None)
    except DatabaseError as error:
        logger.warning("could not read the time of the last change (%s)", error)
        latest = None
    if latest is None:
        return str(time.time_ns())
    return str(int(latest.timestamp()) * 1_000_000_000 + secrets.randbelow(1_000_000_000))


class PendingBump:
    """A bump that could not reach the cache (it was down) is retried at the next chance, so a
    change saved during an outage cannot leave old pages behind once the cache is back."""

    pending = False


def bump_data_version(warm=False):
    """Retire every cached page on every app server. Never raises: a cache outage must not
    make a data change fail (the pages it would retire are not being served either).

    With `warm`, the most visited pages are first rendered under the new version (at most
    settings.WARM_SECONDS), so that their first readers find them and their counts ready.
    """
    version = str(time.time_ns())
    if warm:
        try:
            warming.warm(version)
        except Exception:
            logger.exception("could not warm pages for the new data version")
    try:
        cache.set(VERSION_KEY, version, timeout=None)
        versionwatch.publish(version)
        PendingBump.pending = False
    except Exception as error:
        PendingBump.pending = True
        logger.warning("could not bump the data version (%s); will retry", error)


class Unbumped(threading.local):
    """Whether this thread changed data since its last bump."""

    changes = False


UNBUMPED = Unbumped()


def data_changed(**kwargs):
    """Signal receiver: bump the version once the change is committed (not before, or a reader
    could cache the old data under the new version)."""
    UNBUMPED.changes = True
    transaction.on_commit(bump_once)


def bump_once():
    """After a commit, every change of the transaction runs one of these in a row: the first
    bumps, the rest find nothing left to bump. (A rolled-back change leaves `changes` set, which
    costs at most one extra bump later.)"""
    if UNBUMPED.changes:
        UNBUMPED.changes = False
        bump_data_version(warm=True)


def retire_pages_on_change(models):
    """Connect `data_changed` to every save, delete and many-to-many edit of `models`.

    Each content app calls it from its AppConfig.ready() for all of its models (their history
    models included): any of them may show on a public page.
    """
    for model in models:
        if any(field.name == "history_date" for field in model._meta.fields) and model not in HISTORY_MODELS:
            HISTORY_MODELS.append(model)
        uid = f"portal.data_changed.{model._meta.label}"
        post_save.connect(data_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(data_changed, sender=model, dispatch_uid=uid + ".delete")
        # M2M edits (a lesson's themes) may be the only change an admin save makes.
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(data_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}")


def version_time(version):
    try:
        return int(version) / 1e9
    except (TypeError, ValueError):
        return time.time()


WATCH = versionwatch.VersionWatch(current_data_version)


class LocalPages:
    """This process's copies of recently served pages, so that a hit whose version is known
    (from the watch) needs no round trip at all. Bounded by total size, least recently used
    first out."""

    def __init__(self, max_bytes=32 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[3])
            self.entries[key] = entry
            self.size += len(entry[3])
            while self.size > self.max_bytes and self.entries:
                _, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted[3])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


LOCAL_PAGES = LocalPages()


# --- who is an editor ----------------------------------------------------------------------------

# The keys Django's session engines make (all but signed cookies): 32 lowercase letters and digits.
SESSION_KEY_SHAPE = re.compile(r"[a-z0-9]{32}")
SIGNED_COOKIE_SESSIONS = "django.contrib.sessions.backends.signed_cookies"


class SessionVerdicts:
    """Whether a session key belongs to an editor, remembered by this process for a few seconds,
    so that a reader who keeps sending the same stale cookie costs one session read, not one per
    request. A wrong verdict cannot outlive `seconds`, and logging in always makes a new key."""

    def __init__(self, seconds=5.0, max_entries=4096):
        self.seconds, self.max_entries = seconds, max_entries
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key, verdict):
        with self.lock:
            self.entries[key] = (time.monotonic() + self.seconds, verdict)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


SESSION_VERDICTS = SessionVerdicts()


EDITOR_MARK_COOKIE = "editor_mark"


def editor_mark(session_key):
    """The editor mark of a session: only this site can make it, and only for that key."""
    return salted_hmac("portal.core.pagecache.editor-mark", session_key).hexdigest()


def is_signed_in_editor(request):
    """Whether the session cookie names a live session of an active staff user."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    if settings.SESSION_ENGINE != SIGNED_COOKIE_SESSIONS and not SESSION_KEY_SHAPE.fullmatch(key):
        return False  # no session store could hold this key
    if not constant_time_compare(request.COOKIES.get(EDITOR_MARK_COOKIE, ""), editor_mark(key)):
        return False  # not a session this site gave a staff user
    verdict = SESSION_VERDICTS.get(key)
    if verdict is None:
        verdict = session_holds_editor(key)
        SESSION_VERDICTS.put(key, verdict)
    return verdict


def session_holds_editor(key):
    """Read the session (an expired one reads as empty) and its user. If either cannot be read,
    the answer is yes: a fresh page is always correct, a cached one only for readers."""
    try:
        user_id = import_module(settings.SESSION_ENGINE).SessionStore(key).get(SESSION_KEY)
        if user_id is None:
            return False
        users = get_user_model()._default_manager
        return users.filter(pk=user_id, is_active=True, is_staff=True).exists()
    except Exception as error:
        logger.warning("could not read a session (%s); treating it as an editor's", error)
        return True


class EditorMarkMiddleware:
    """Gives a signed-in staff user's browser the editor mark of its session (on the answer to
    the login, or to the first request of a session that lacks it) and takes it away once the
    session is no longer a staff user's. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session_key = getattr(getattr(request, "session", None), "session_key", None)
        has_mark = EDITOR_MARK_COOKIE in request.COOKIES
        if not (session_key or has_mark):
            return response  # no session: nothing to read, nothing to mark
        user = getattr(request, "user", None)
        if user is not None and user.is_active and user.is_staff and session_key:
            mark = editor_mark(session_key)
            if request.COOKIES.get(EDITOR_MARK_COOKIE) != mark:
                response.set_cookie(
                    EDITOR_MARK_COOKIE,
                    mark,
                    max_age=settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif has_mark and user is not None and not user.is_authenticated:
            response.delete_cookie(EDITOR_MARK_COOKIE, samesite="Lax")
        return response


@receiver(setting_changed)
def forget_local_state(*, setting, **kwargs):
    """Tests that point the cache elsewhere must not see this process's old version or pages."""
    if setting in ("CACHES", "PAGE_CACHE_SECONDS"):
        WATCH.reset()
        LOCAL_PAGES.clear()
    if setting in ("SESSION_ENGINE", "SESSION_COOKIE_NAME", "DATABASES"):
        SESSION_VERDICTS.clear()
    if setting == "ROOT_URLCONF":
        accepted_parameters.cache_clear()


# --- the query string ---------------------------------------------------------------------------

# Added to links by ad networks, social apps and newsletters; no page reads them.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "twclid", "ttclid", "igshid", "yclid"}
    | {"zarsrc", "mc_cid", "mc_eid", "_ga", "_gl"}
)
TRACKING_PREFIXES = ("utm_",)


def is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def drop_tracking_parameters(request):
    """Take the tracking parameters out of the request, for the view too; the (name, value) pairs
    left, or None if the query string cannot be read (too many fields: Django answers 400)."""
    try:
        pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    except TooManyFieldsSent:
        return None
    kept = [(name, value) for name, value in pairs if not is_tracking(name)]
    if len(kept) != len(pairs):
        query = QueryDict(mutable=True)
        for name, value in kept:
            query.appendlist(name, value)
        request.META["QUERY_STRING"] = query.urlencode()
        query._mutable = False
        request.GET = query
    return kept


@functools.lru_cache(maxsize=4096)
def accepted_parameters(path_info):
    """The query parameters the view of `path_info` names (none for a path with no view)."""
    with override(get_language_from_path(path_info) or settings.LANGUAGE_CODE):  # /en/... resolves in English
        try:
            view = resolve(path_info).func
        except Resolver404:
            return frozenset()
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    names = getattr(view_class, "accepted_parameters", None)
    return frozenset(names()) if names else frozenset()


def canonical_query(request, pairs):
    """The pairs sorted by name (the values of one name keep their order), or None when the view
    does not name one of them: such a request is not cached."""
    if not pairs:
        return ""
    accepted = accepted_parameters(request.path_info)
    if any(name not in accepted for name, _value in pairs):
        return None
    query = QueryDict(mutable=True)
    for name, value in sorted(pairs, key=lambda pair: pair[0]):
        query.appendlist(name, value)
    return query.urlencode()


# --- the middleware ---------------------------------------------------------------------------


def cache_control_for_public():
    return {"public": True, "max_age": settings.HTTP_CACHE_MAX_AGE, "must_revalidate": True}


def accepts(request, stored):
    """Whether the request's Accept admits the stored answer's type: the API answers
    `Accept: application/xml` with a 406, and a cached copy must not answer it with JSON."""
    header = request.META.get("HTTP_ACCEPT", "").strip()
    if not header:
        return True
    _version, _code, headers, _content = stored
    content_type = dict((name.lower(), value) for name, value in headers).get("content-type", "")
    main, _, sub = content_type.split(";")[0].strip().lower().partition("/")
    for item in header.split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        if any(param.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for param in params):
            continue
        kind, _, subkind = media.partition("/")
        if kind in ("*", main) and subkind in ("*", sub):
            return True
    return False


class PageCacheMiddleware:
    """See the module docstring. Must come after ConditionalGetMiddleware (which answers 304s
    for hits and misses alike) and before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = (
            "/" + settings.ADMIN_URL,
            "/i18n/",
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL,
        )

    def __call__(self, request):
        if not self.is_anonymous_read(request):
            return self.get_response(request)
        host = self.validated_host(request)
        pairs = drop_tracking_parameters(request)
        if host is None or pairs is None:
            return self.get_response(request)  # Django answers 400
        timeout = settings.PAGE_CACHE_SECONDS
        query = canonical_query(request, pairs)
        key = self.page_key(request, host, query) if query is not None and timeout else None
        version, stored = self.lookup(key)
        if stored is not None and stored[0] == version and accepts(request, stored):
            return self.rebuild(stored)
        if version is None and (stale := self.stale_copy(key)) is not None and accepts(request, stale):
            return self.rebuild(stale, status="stale")
        response = self.get_response(request)
        if response.status_code == 200 and query is not None:
            warming.record_render(request, query)
        if response.status_code == 200 and version is not None:
            self.add_validators(request, response, version)
            if key and self.is_storable(response):
                self.store(key, version, response, timeout)
            response.headers[CACHE_STATUS_HEADER] = "miss" if key else ("pass" if timeout else "off")
        elif response.status_code == 200 and key and self.is_storable(response):
            self.keep_during_outage(key, response)
        return response

    def is_anonymous_read(self, request):
        """A GET or HEAD of a public page by anyone but a signed-in editor (checked last: it may
        cost a session read)."""
        return (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.skip_prefixes)
            and not is_signed_in_editor(request)
        )

    @staticmethod
    def validated_host(request):
        """The request's host if Django accepts it (ALLOWED_HOSTS), else None."""
        try:
            return request.get_host()
        except DisallowedHost:
            return None

    @staticmethod
    def page_key(request, host, query):
        """Pages differ by scheme and host (their canonical, hreflang and API links are absolute)."""
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        url = f"{request.scheme}://{host}{request.path}?{query}"
        digest = hashlib.blake2b(url.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        return f"{PAGE_KEY_PREFIX}{language}:{digest}"

    @staticmethod
    def lookup(key):
        """(current version, stored entry or None); (None, None) when the cache is unreachable.
        With no key (caching off) only the version is read.

        The version comes from the watch when it has one (no round trip), and the page from this
        process's copies or else from the shared cache; without the watch, one MGET fetches both.
        """
        try:
            if warming.RENDERING.version is not None:
                return warming.RENDERING.version, cache.get(key) if key else None
            if PendingBump.pending:
                bump_data_version()
            version = WATCH.get()
            if version is not None:
                if not key:
                    return version, None
                stored = LOCAL_PAGES.get(key, version)
                if stored is None:
                    stored = cache.get(key)
                    if stored is not None and stored[0] == version:
                        LOCAL_PAGES.put(key, stored)
                return version, stored
            found = cache.get_many([VERSION_KEY, key] if key else [VERSION_KEY])
            version = found.get(VERSION_KEY) or current_data_version()
            return version, found.get(key)
        except Exception as error:
            # One line, no traceback: during an outage this happens on every request.
            logger.warning("page cache unavailable (%s); rendering without it", error)
            return None, None

    @staticmethod
    def stale_copy(key):
        """While the cache is unreachable: this process's copy of the page under the last version
        it knew, or rendered since the outage began. (Not only when no change is pending: editors
        save on every worker in turn, and then every worker would render every page.)"""
        return LOCAL_PAGES.get(key, outage_version()) if key else None

    @staticmethod
    def keep_during_outage(key, response):
        """Keep a page rendered while the cache is unreachable as this process's stale copy, so the
        next reader of it is not one more render. It is at least as new as the copies it joins."""
        entry = page_entry(outage_version(), response)
        if entry is not None:
            LOCAL_PAGES.put(key, entry)

    @staticmethod
    def add_validators(request, response, version):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, **cache_control_for_public())
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date(version_time(version))
        if not response.has_header("ETag"):
            if response.streaming:
                # Exports are streamed, so their bytes are not at hand: the same URL under the
                # same data version always produces the same file.
                tag = hashlib.blake2b(
                    f"{version} {request.get_full_path()}".encode(errors="surrogateescape"), digest_size=16
                )
                response.headers["ETag"] = f'W/"{tag.hexdigest()}"'
            else:
                set_response_etag(response)

    @staticmethod
    def is_storable(response):
        cache_control = response.get("Cache-Control", "")
        return not (
            response.cookies or "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control
        )

    @staticmethod
    def store(key, version, response, timeout):
        streamed = response.streaming
        entry = page_entry(version, response)
        if entry is None:
            return
        try:
            cache.set(key, entry, timeout)
            # An export (streamed, up to megabytes, rarely asked for twice by one worker) is served
            # from the shared cache only: kept in every worker too, five of them cost 5 MB each.
            if not streamed:
                LOCAL_PAGES.put(key, entry)
        except Exception:
            logger.warning("could not store a page in the cache")

    @staticmethod
    def rebuild(stored, status="hit"):
        _version, code, headers, content = stored
        response = HttpResponse(content, status=code)
        for name, value in headers:
            response.headers[name] = value
        response.headers[CACHE_STATUS_HEADER] = status
        return response


def page_entry(version, response):
    """What the cache keeps of a page: (version, status, headers, body); None for an export too
    long to keep (it streams on)."""
    content = read_streamed_body(response) if response.streaming else response.content
    if content is None:
        return None
    headers = [(name, value) for name, value in response.items() if name != CACHE_STATUS_HEADER]
    return (version, response.status_code, headers, content)


# The version under which a process that never learnt one keeps the pages it renders while the
# cache is unreachable (a worker started during an outage). No real version looks like it.
NO_VERSION_YET = "outage"


def outage_version():
    return WATCH.version or NO_VERSION_YET


def read_streamed_body(response, limit=None):
    """The whole body of a streamed response if it ends within `limit` bytes (the response then
    streams it from memory); else None, and the response streams on, the bytes read first first."""
    limit = STREAMED_CACHE_MAX_BYTES if limit is None else limit
    stream = iter(response.streaming_content)
    chunks, size = [], 0
    for chunk in stream:
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            response.streaming_content = itertools.chain(chunks, stream)
            return None
    body = b"".join(chunks)
    response.streaming_content = [body]
    return body
