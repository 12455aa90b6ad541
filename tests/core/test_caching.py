"""HTTP caching: validators and 304s on every public answer, the shared page cache, its
invalidation by any data change, and failing open when the cache is down (portal/core/pagecache.py).

The Redis tests use the machine's Redis (127.0.0.1:6379) under a key prefix of their own, and a
private redis-server on a free port for the outage test; CI must have both (see .ci/run).
"""

import datetime
import os
import shutil
import socket
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lessons.models import Lesson
from portal.core import pagecache, redis_cache
from tests.caches import empty_cache
from tests.perf.servers import PrivateRedis, free_port

STATUS = pagecache.CACHE_STATUS_HEADER
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable(url):
    host, port = url.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def require_redis():
    if redis_reachable(REDIS_URL):
        return
    if os.environ.get("CI"):
        pytest.fail(f"Redis is not reachable at {REDIS_URL}; CI needs it")
    pytest.skip(f"Redis not reachable at {REDIS_URL}")


def redis_caches(url, prefix):
    return {
        "default": {
            "BACKEND": "portal.core.redis_cache.ReusingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, over an empty local-memory cache."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def redis_page_cache(settings):
    """The page cache over the machine's Redis, under a prefix no other run shares."""
    require_redis()
    settings.CACHES = redis_caches(REDIS_URL, f"test-{uuid.uuid4().hex}")
    settings.PAGE_CACHE_SECONDS = 600
    yield settings
    cache.delete_many([pagecache.VERSION_KEY])


# --- validators on every public answer ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/lessons/", "/en/lessons/", "/lessons/?format=json", "/api/v1/themes/", "/provinces/lao-cai/"],
)
def test_public_answers_carry_validators(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["ETag"]
    assert response["Last-Modified"].endswith("GMT")
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_streamed_export_has_a_version_etag_and_answers_304(client, db):
    response = client.get("/lessons/", {"format": "csv", "province": "lao-cai"})
    assert response.streaming
    etag = response["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/lessons/", {"format": "csv", "province": "lao-cai"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    other = client.get("/lessons/", {"format": "csv", "province": "yen-bai"})
    assert other["ETag"] != etag


def test_last_modified_moves_when_data_changes(client, db, django_capture_on_commit_callbacks):
    before = client.get("/lessons/")["Last-Modified"]
    time.sleep(1.1)  # HTTP dates have whole seconds
    lesson = Lesson.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save()
    after = client.get("/lessons/", HTTP_IF_MODIFIED_SINCE=before)
    assert after.status_code == 200
    assert after["Last-Modified"] != before


def test_an_emptied_cache_dates_the_data_by_its_last_recorded_change(client, db, settings):
    # A Redis restart empties the cache: the version, which readers see as "last updated", must
    # not become the moment of the restart.
    changed = datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.UTC)
    for model in pagecache.HISTORY_MODELS:
        model.objects.update(history_date=changed)
    cache.delete(pagecache.VERSION_KEY)
    response = client.get("/lessons/")
    assert response["Last-Modified"] == "Fri, 17 May 2024 09:30:00 GMT"
    assert "17/05/2024" in response.content.decode()  # the footer's date
    # ...and it is a new version all the same: no copy made under an older one can match it.
    first = cache.get(pagecache.VERSION_KEY)
    cache.delete(pagecache.VERSION_KEY)
    client.get("/lessons/")
    assert cache.get(pagecache.VERSION_KEY) != first
    assert int(first) // 10**9 == int(cache.get(pagecache.VERSION_KEY)) // 10**9 == changed.timestamp()


def test_errors_and_editors_get_no_public_cache_headers(admin_client, db):
    # The admin_client fixture logs in the `client` fixture, so anonymous readers get their own.
    client = Client()
    bad = client.get("/lessons/", {"kind": "nope"})
    assert bad.status_code == 400
    assert "public" not in bad.get("Cache-Control", "")
    editor = admin_client.get("/lessons/")
    assert editor.status_code == 200
    assert "public" not in editor.get("Cache-Control", "")
    assert STATUS not in editor


# --- the page cache ----------------------------------------------------------------------------


def test_second_anonymous_request_is_a_hit_without_queries(client, db, page_cache, django_assert_num_queries):
    first = client.get("/lessons/", {"province": "lao-cai"})
    assert first[STATUS] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/lessons/", {"province": "lao-cai"})
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    # Headers added outside the cache are present on hits too.
    assert second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert client.get("/lessons/", {"province": "lao-cai"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_languages_and_query_strings_are_cached_apart(client, db, page_cache):
    vietnamese = client.get("/lessons/")
    english = client.get("/en/lessons/")
    assert english[STATUS] == "miss"
    assert english.content != vietnamese.content
    assert client.get("/lessons/", {"kind": "lesson"})[STATUS] == "miss"
    assert client.get("/en/lessons/")[STATUS] == "hit"


def test_bad_requests_and_editors_are_not_stored(admin_client, db, page_cache):
    client = Client()
    for _ in range(2):
        assert STATUS not in client.get("/lessons/", {"kind": "nope"})
    client.get("/lessons/")
    assert client.get("/lessons/")[STATUS] == "hit"
    assert STATUS not in admin_client.get("/lessons/")


def test_a_saved_change_retires_cached_pages(client, db, page_cache, django_capture_on_commit_callbacks, monkeypatch):
    lesson = Lesson.objects.select_related("report").order_by("slug").first()
    url = lesson.get_absolute_url()
    assert client.get(url)[STATUS] == "miss"
    assert client.get(url)[STATUS] == "hit"
    bumps = []
    monkeypatch.setattr(pagecache, "bump_data_version", lambda warm=False: bumps.append(warm))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lesson.title = "Đổi mới cách làm: tiêu đề đã sửa"
        lesson.save()
        lesson.themes.clear()
    assert len(callbacks) > 1 and bumps == [True]  # one bump per transaction, warmed, however many rows changed
    monkeypatch.undo()
    pagecache.bump_data_version()
    fresh = client.get(url)
    assert fresh[STATUS] == "miss"
    assert "Đổi mới cách làm: tiêu đề đã sửa" in fresh.content.decode()


def test_an_admin_edit_retires_cached_pages(admin_client, db, page_cache, django_capture_on_commit_callbacks):
    client = Client()
    lesson = Lesson.objects.order_by("slug").first()
    url = lesson.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATUS] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/lessons/lesson/{lesson.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_a_rolled_back_change_does_not_bump(client, db, page_cache, django_capture_on_commit_callbacks):
    before = pagecache.current_data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Lesson.objects.first().save()
    assert callbacks  # registered for the commit that never came
    assert pagecache.current_data_version() == before


# --- over Redis --------------------------------------------------------------------------------


def test_redis_hit_and_invalidation(client, db, redis_page_cache):
    assert client.get("/themes/digital-economy/")[STATUS] == "miss"
    assert client.get("/themes/digital-economy/")[STATUS] == "hit"
    pagecache.bump_data_version()
    assert client.get("/themes/digital-economy/")[STATUS] == "miss"


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing; CI needs it")
        pytest.skip("redis-server not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_cache_outage_fails_open(client, db, settings, private_redis, django_capture_on_commit_callbacks):
    settings.CACHES = redis_caches(private_redis.url, "outage")
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/lessons/")
    assert client.get("/lessons/")[STATUS] == "hit"
    private_redis.stop()
    # This process's copy is served meanwhile; a page it has none of is rendered.
    assert client.get("/lessons/")[STATUS] == "stale"
    down = client.get("/initiatives/")
    assert down.status_code == 200
    assert STATUS not in down
    assert "Lào Cai" in down.content.decode()
    # ...once: what it renders meanwhile becomes its copy (rendering every request for every page
    # saturated the workers), for an export too.
    again = client.get("/initiatives/")
    assert again[STATUS] == "stale"
    assert again.content == down.content
    export = client.get("/initiatives/?format=csv")
    assert STATUS not in export
    assert client.get("/initiatives/?format=csv")[STATUS] == "stale"
    # A data change during the outage still saves; readers see it once the cache is back.
    lesson = Lesson.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.title = "Sửa trong lúc bộ nhớ đệm ngừng"
        lesson.save()
    assert Lesson.objects.get(pk=lesson.pk).title == "Sửa trong lúc bộ nhớ đệm ngừng"
    assert client.get("/lessons/")[STATUS] == "stale"
    # Back up (empty, as after a restart): pages are rendered and cached again, once the breaker
    # has let calls through again (closed here instead of waiting for it).
    private_redis.start()
    redis_cache.close_breakers()
    assert client.get("/lessons/")[STATUS] == "miss"
    assert client.get("/lessons/")[STATUS] == "hit"
    # The copies made during the outage are retired with it.
    assert client.get("/initiatives/")[STATUS] == "miss"
    assert "Sửa trong lúc bộ nhớ đệm ngừng" in b"".join(client.get("/lessons/?format=csv").streaming_content).decode()


def test_a_worker_started_during_an_outage_keeps_what_it_renders(client, db, settings, private_redis):
    settings.CACHES = redis_caches(private_redis.url, "cold-outage")
    settings.PAGE_CACHE_SECONDS = 600
    private_redis.stop()
    assert pagecache.WATCH.version is None  # it never learnt a version
    assert STATUS not in client.get("/provinces/")
    assert client.get("/provinces/")[STATUS] == "stale"
    private_redis.start()
    redis_cache.close_breakers()
    assert client.get("/provinces/")[STATUS] == "miss"


# --- remembered counts (portal/core/aggregates.py) --------------------------------------------------


def facet_count(response, name, value):
    facet = next(facet for facet in response.context["facets"] if facet["name"] == name)
    return next(option["count"] for option in facet["options"] if option["value"] == value)


def test_counts_are_remembered_until_the_data_changes(client, db, settings, django_capture_on_commit_callbacks):
    settings.AGGREGATE_CACHE_SECONDS = 600
    cache.clear()
    first = client.get("/lessons/", {"province": "yen-bai"})
    before = facet_count(first, "kind", "lesson")
    total = first.context["page_obj"].paginator.count
    lesson = Lesson.objects.filter(province__slug="yen-bai", kind="lesson").first()
    # Without the signal (a raw UPDATE), the remembered counts stay: proof that they are remembered.
    Lesson.objects.filter(pk=lesson.pk).update(kind="challenge")
    assert facet_count(client.get("/lessons/", {"province": "yen-bai"}), "kind", "lesson") == before
    # A save bumps the data version: counts are taken afresh.
    with django_capture_on_commit_callbacks(execute=True):
        lesson.refresh_from_db()
        lesson.save()
    after = client.get("/lessons/", {"province": "yen-bai"})
    assert facet_count(after, "kind", "lesson") == before - 1
    assert after.context["page_obj"].paginator.count == total
    cache.clear()


def shown_groups(response):
    return [
        (group["key"], group["count"], [row.pk for row in group["results"]]) for group in response.context["groups"]
    ]


def search_group(response, key):
    return next(group for group in response.context["groups"] if group["key"] == key)


def test_the_search_page_remembers_its_groups_until_the_data_changes(
    client, db, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The same search again reads only the rows it shows: one query a group with results (five
    here), the lessons' and initiatives' themes and the themes for a best bet; an edit is found
    at once."""
    settings.AGGREGATE_CACHE_SECONDS = 600
    empty_cache()
    first = client.get("/search/", {"q": "chuyen doi so"})
    shown = shown_groups(first)
    with django_assert_num_queries(8):
        again = client.get("/search/", {"q": "chuyen doi so"})
    assert shown_groups(again) == shown
    lessons = search_group(first, "lessons")
    lesson = Lesson.objects.public().exclude(pk__in=[row.pk for row in lessons["results"]]).first()
    # Without the signal (a raw UPDATE), the remembered groups stay: proof that they are remembered.
    Lesson.objects.filter(pk=lesson.pk).update(title="Chuyển đổi số")
    assert search_group(client.get("/search/", {"q": "chuyen doi so"}), "lessons")["count"] == lessons["count"]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.refresh_from_db()
        lesson.save()
    after = search_group(client.get("/search/", {"q": "chuyen doi so"}), "lessons")
    assert lesson.pk in [row.pk for row in after["results"]]
    assert after["count"] == Lesson.objects.public().search("chuyen doi so").phrase_matches().count()
    empty_cache()


def test_remembered_counts_keep_languages_and_filters_apart(client, db, settings):
    settings.AGGREGATE_CACHE_SECONDS = 600
    cache.clear()
    vietnamese = client.get("/lessons/")
    english = client.get("/en/lessons/")
    label = next(facet for facet in english.context["facets"] if facet["name"] == "kind")["options"][0]["label"]
    assert (
        label != next(facet for facet in vietnamese.context["facets"] if facet["name"] == "kind")["options"][0]["label"]
    )
    filtered = client.get("/lessons/", {"province": "lai-chau"})
    assert filtered.context["page_obj"].paginator.count == Lesson.objects.filter(province__slug="lai-chau").count()
    assert vietnamese.context["page_obj"].paginator.count == Lesson.objects.count()
    cache.clear()


def test_other_servers_bumps_arrive_by_subscription(client, db, redis_page_cache):
    """With Redis, each process learns of bumps from a subscription instead of reading the
    version on every request; a bump published by another server retires its pages at once."""
    import redis

    from portal.core import versionwatch

    url = "/lessons/?kind=lesson"
    assert client.get(url)[STATUS] == "miss"
    assert client.get(url)[STATUS] == "hit"
    assert pagecache.WATCH.get() is not None  # subscribed
    other_server = redis.Redis.from_url(REDIS_URL)
    new_version = str(time.time_ns())
    cache.set(pagecache.VERSION_KEY, new_version, timeout=None)
    assert other_server.publish(versionwatch.channel_name(), new_version) >= 1
    assert client.get(url)[STATUS] == "miss"
    assert pagecache.WATCH.get() == new_version
    assert client.get(url)[STATUS] == "hit"


# --- who gets cached pages: readers with any cookie, never editors (finding: cookie bypass) -----


JUNK_SESSION_KEYS = ["x", "0" * 32, "expired-or-forged-session-cookie"]


@pytest.mark.parametrize("junk", JUNK_SESSION_KEYS)
def test_a_junk_session_cookie_is_served_from_the_cache(db, page_cache, junk, django_assert_num_queries):
    reader = Client()
    assert reader.get("/lessons/")[STATUS] == "miss"
    reader.cookies["sessionid"] = junk
    first = reader.get("/lessons/")
    assert first[STATUS] == "hit"
    with django_assert_num_queries(0):  # no editor mark: the session is not even read
        assert reader.get("/lessons/")[STATUS] == "hit"


def test_a_made_up_session_key_costs_no_session_read(db, page_cache, django_assert_num_queries):
    # A new well-formed key per request (no verdict to remember) and no editor mark: no query.
    reader = Client()
    reader.get("/lessons/")
    for _ in range(3):
        reader.cookies["sessionid"] = uuid.uuid4().hex
        with django_assert_num_queries(0):
            assert reader.get("/lessons/")[STATUS] == "hit"


def test_a_forged_editor_mark_is_refused_without_a_session_read(db, page_cache, django_assert_num_queries):
    reader = Client()
    reader.get("/lessons/")
    reader.cookies["sessionid"] = uuid.uuid4().hex
    reader.cookies[pagecache.EDITOR_MARK_COOKIE] = pagecache.editor_mark(uuid.uuid4().hex)  # another key's
    with django_assert_num_queries(0):
        assert reader.get("/lessons/")[STATUS] == "hit"


def test_signing_in_gives_the_editor_mark_and_signing_out_takes_it(client, db, page_cache, django_user_model):
    django_user_model.objects.create_user("bien-tap", password="Mật-khẩu-đúng-2026", is_staff=True)
    Client().get("/lessons/")
    signed_in = client.post(
        reverse("admin:login"), {"username": "bien-tap", "password": "Mật-khẩu-đúng-2026", "next": "/admin/"}
    )
    assert signed_in.status_code == 302
    mark = signed_in.cookies[pagecache.EDITOR_MARK_COOKIE]
    assert mark.value == pagecache.editor_mark(client.cookies["sessionid"].value)
    assert mark["httponly"]
    editor = client.get("/lessons/")
    assert STATUS not in editor  # fresh, not from the cache
    signed_out = client.post(reverse("admin:logout"))
    assert signed_out.cookies[pagecache.EDITOR_MARK_COOKIE].value == ""  # deleted
    assert client.get("/lessons/")[STATUS] == "hit"


def test_an_expired_session_is_a_readers(db, page_cache, django_assert_num_queries):
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session.set_expiry(-1)
    session.save()
    reader = Client()
    reader.get("/lessons/")
    reader.cookies["sessionid"] = session.session_key
    assert reader.get("/lessons/")[STATUS] == "hit"
    # An editor whose session has expired keeps the mark: the session is read, once.
    reader.cookies[pagecache.EDITOR_MARK_COOKIE] = pagecache.editor_mark(session.session_key)
    assert reader.get("/lessons/")[STATUS] == "hit"
    with django_assert_num_queries(0):  # the verdict on this key is remembered
        assert reader.get("/lessons/")[STATUS] == "hit"


def test_a_signed_in_editor_always_gets_a_fresh_page(admin_client, db, page_cache, django_assert_num_queries):
    Client().get("/lessons/")
    assert Client().get("/lessons/")[STATUS] == "hit"
    editor = admin_client.get("/lessons/")
    assert editor.status_code == 200
    assert STATUS not in editor
    assert "public" not in editor.get("Cache-Control", "")


def test_a_signed_in_user_who_is_not_staff_is_a_reader(client, db, page_cache, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="not-an-editor-1"))
    client.get("/lessons/")
    assert client.get("/lessons/")[STATUS] == "hit"


# --- hosts (finding: the Host header was not in the key) ------------------------------------------


def test_a_refused_host_is_answered_400_and_never_from_the_cache(client, db, page_cache):
    client.get("/lessons/")
    assert client.get("/lessons/")[STATUS] == "hit"
    refused = client.get("/lessons/", HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert STATUS not in refused


def test_each_allowed_host_gets_its_own_canonical_links(client, db, page_cache, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "mirror.example"]
    first = client.get("/lessons/", HTTP_HOST="portal.example")
    second = client.get("/lessons/", HTTP_HOST="mirror.example")
    assert first[STATUS] == second[STATUS] == "miss"
    assert 'rel="canonical" href="http://portal.example/lessons/"' in first.content.decode()
    again = client.get("/lessons/", HTTP_HOST="mirror.example")
    assert again[STATUS] == "hit"
    assert 'rel="canonical" href="http://mirror.example/lessons/"' in again.content.decode()
    assert "portal.example" not in again.content.decode()
    secure = client.get("/lessons/", HTTP_HOST="mirror.example", secure=True)
    assert secure[STATUS] == "miss"  # the scheme is part of the key too
    assert 'rel="canonical" href="https://mirror.example/lessons/"' in secure.content.decode()


# --- the query string (finding: every unknown parameter made a new entry) -------------------------


def page_keys():
    """The page entries in the test's own Redis prefix."""
    client = cache._cache.get_client()
    return set(client.scan_iter(match=cache.make_key(pagecache.PAGE_KEY_PREFIX + "*"), count=1000))


@pytest.mark.parametrize("tracking", ["fbclid=IwAR3x_9kq", "utm_source=newsletter&utm_medium=email", "zarsrc=31"])
def test_tracking_parameters_are_answered_from_the_clean_pages_entry(client, db, redis_page_cache, tracking):
    assert client.get("/lessons/?province=lao-cai")[STATUS] == "miss"
    before = page_keys()
    tracked = client.get(f"/lessons/?province=lao-cai&{tracking}")
    assert tracked.status_code == 200
    assert tracked[STATUS] == "hit"
    assert page_keys() == before


def test_a_page_first_rendered_for_a_tracked_link_does_not_carry_it(client, db, page_cache):
    first = client.get("/lessons/", {"kind": "lesson", "fbclid": "IwAR-tracking-id", "utm_campaign": "launch"})
    assert first[STATUS] == "miss"
    assert "IwAR-tracking-id" not in first.content.decode()
    assert "utm_campaign" not in first.content.decode()
    assert client.get("/lessons/", {"kind": "lesson"})[STATUS] == "hit"


@pytest.mark.parametrize(
    "url",
    ["/lessons/?kind=nope&fbclid=x", "/api/v1/lessons/?page=0&utm_source=x", "/search/?q=" + "x" * 201 + "&gclid=x"],
)
def test_validated_parameters_still_answer_400_beside_tracking_ones(client, db, page_cache, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url", ["/lessons/?utm_source=zalo", "/api/v1/lessons/?fbclid=x", "/themes/digital-economy/?zarsrc=1"]
)
def test_tracking_parameters_are_never_a_400(client, db, page_cache, url):
    assert client.get(url).status_code == 200


def test_unknown_parameters_are_rendered_but_never_stored(client, db, redis_page_cache):
    client.get("/lessons/")
    before = page_keys()
    for number in range(20):
        response = client.get(f"/lessons/?made_up_{number}=1")
        assert response.status_code == 200
        assert response[STATUS] == "pass"
    assert page_keys() == before
    # A detail page that refuses a bad `cite` still does so; an unknown name it ignores.
    lesson = Lesson.objects.order_by("slug").first().get_absolute_url()
    assert client.get(lesson, {"cite": "nope"}).status_code == 400
    assert client.get(lesson, {"nope": "1"}).status_code == 200


def test_parameters_are_keyed_in_a_canonical_order(client, db, page_cache):
    assert client.get("/lessons/?province=lao-cai&kind=lesson")[STATUS] == "miss"
    assert client.get("/lessons/?kind=lesson&province=lao-cai")[STATUS] == "hit"
    assert client.get("/lessons/?kind=lesson&province=lao%2Dcai&utm_source=x")[STATUS] == "hit"
    assert client.get("/lessons/?theme=digital-economy&theme=digital-government")[STATUS] == "miss"
    # The values of one name keep their order: a filter may depend on it.
    assert client.get("/lessons/?theme=digital-government&theme=digital-economy")[STATUS] == "miss"


# --- failing fast (finding: an outage made requests wait) ---------------------------------------


@pytest.fixture
def stalled_redis():
    """A port that accepts connections and never answers: a Redis that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture
def connection_attempts(monkeypatch):
    """How many times redis-py opens a connection (counted, not replaced)."""
    import redis.connection

    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counting_connect(self, *args, **kwargs):
        attempts.append(1)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counting_connect)
    return attempts


@pytest.mark.parametrize("redis_down", ["stalled", "closed port"])
def test_a_cache_outage_costs_a_render_not_a_wait(client, db, settings, stalled_redis, connection_attempts, redis_down):
    location = stalled_redis if redis_down == "stalled" else f"redis://127.0.0.1:{free_port()}/0"
    client.get("/lessons/")  # the first render of the test is slower, whatever the cache
    settings.CACHES = redis_caches(location, f"breaker-{uuid.uuid4().hex}")
    settings.PAGE_CACHE_SECONDS = 600
    started = time.monotonic()
    first = client.get("/lessons/")
    assert first.status_code == 200
    assert time.monotonic() - started < 2
    attempts = len(connection_attempts)
    assert attempts >= 1
    started = time.monotonic()
    second = client.get("/lessons/")
    assert second.status_code == 200
    assert "Lào Cai" in second.content.decode()
    assert len(connection_attempts) == attempts  # the breaker is open: Redis not even tried
    assert time.monotonic() - started < 1
    redis_cache.close_breakers()


# --- exports (finding: CSV exports were rendered on every request) --------------------------------


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("output", ["csv", "json"])
def test_exports_are_served_from_the_cache(client, db, page_cache, output, django_assert_num_queries):
    first = client.get("/initiatives/", {"province": "yen-bai", "format": output})
    assert first[STATUS] == "miss"
    content = body(first)
    with django_assert_num_queries(0):
        second = client.get("/initiatives/", {"format": output, "province": "yen-bai", "utm_source": "x"})
    assert second[STATUS] == "hit"
    assert body(second) == content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["ETag"] == first["ETag"]
    assert (
        client.get(
            "/initiatives/", {"province": "yen-bai", "format": output}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )


def test_an_export_longer_than_the_limit_streams_on_uncached(client, db, page_cache, monkeypatch):
    whole = body(client.get("/lessons/", {"format": "csv", "kind": "lesson"}))
    pagecache.cache.clear()
    pagecache.LOCAL_PAGES.clear()
    monkeypatch.setattr(pagecache, "STREAMED_CACHE_MAX_BYTES", 1000)
    for _ in range(2):
        response = client.get("/lessons/", {"format": "csv", "kind": "lesson"})
        assert response.streaming
        assert response[STATUS] == "miss"
        assert body(response) == whole


@pytest.mark.parametrize("accept", ["application/xml", "text/csv"])
def test_the_api_answers_an_unacceptable_accept_the_same_way_on_a_hit(client, db, page_cache, accept):
    """Cache miss and hit alike: 406 (a stored JSON copy must not answer a request for XML)."""
    url = "/api/v1/lessons/?province=nam-dinh"
    assert client.get(url).status_code == 200  # stored
    first = client.get(url, HTTP_ACCEPT=accept)
    second = client.get(url, HTTP_ACCEPT=accept)
    assert first.status_code == second.status_code == 406
    assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200
    assert client.get(url, HTTP_ACCEPT="*/*").status_code == 200
