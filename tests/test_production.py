"""Production mode for real: two gunicorn instances on two ports share one PostgreSQL database
and one Redis cache, DEBUG off, whitenoise serving compressed, hashed static files.

An editor's save on one instance retires the cached page on the other at once. These tests need
the machine's PostgreSQL and Redis; locally they skip without them, in CI they fail instead.
"""

import os
import re

import pytest
import requests

from tests.perf.servers import EDITOR, POSTGRES_URL, REDIS_URL, AdminSession, Site, reachable

pytestmark = pytest.mark.production


def require_services():
    missing = [
        name
        for name, url, port in (("PostgreSQL", POSTGRES_URL, 5432), ("Redis", REDIS_URL, 6379))
        if not reachable(url, port)
    ]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{' and '.join(missing)} not reachable; CI needs them")
    pytest.skip(f"{' and '.join(missing)} not reachable")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_services()
    site = Site(tmp_path_factory.mktemp("prod")).prepare()
    first, second = site.start(workers=2, threads=2), site.start(workers=2, threads=2)
    yield site, first, second
    site.close()


def get(server, path, headers=None, **kwargs):
    # One public host for both instances, as a proxy in front of them sends: pages are cached per
    # host, and 127.0.0.1:<port> differs from one instance to the other.
    headers = {"Host": "localhost", **(headers or {})}
    return requests.get(server.url + path, timeout=10, headers=headers, **kwargs)


def lesson_slug(server):
    listing = get(server, "/lessons/", params={"province": "yen-bai"}).text
    return re.search(r'href="/lessons/([a-z0-9-]+)/"', listing).group(1)


def test_both_instances_serve_with_debug_off(site):
    _, first, second = site
    assert first.url != second.url
    for server in (first, second):
        home = get(server, "/")
        assert home.status_code == 200
        assert "Lào Cai" in home.text and "Yên Bái" in home.text
        missing = get(server, "/khong-co-trang-nay/")
        assert missing.status_code == 404
        assert "Traceback" not in missing.text and "DEBUG" not in missing.text
        assert home.headers["X-Frame-Options"] == "DENY"


def test_static_files_are_hashed_compressed_and_long_lived(site):
    _, first, _ = site
    home = get(first, "/").text
    stylesheet = re.search(r'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', home).group(1)
    response = get(first, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_pages_are_shared_through_redis_and_answer_304(site):
    _, first, second = site
    path = "/lessons/?theme=awareness"
    assert get(first, path).headers["X-Page-Cache"] in ("miss", "hit")
    shared = get(second, path)
    assert shared.headers["X-Page-Cache"] == "hit"
    assert shared.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    revalidated = get(second, path, headers={"If-None-Match": shared.headers["ETag"]})
    assert revalidated.status_code == 304
    by_date = get(first, path, headers={"If-Modified-Since": shared.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_an_edit_on_one_instance_retires_the_page_on_the_other(site):
    _, first, second = site
    slug = lesson_slug(second)
    page = f"/lessons/{slug}/"
    get(second, page)
    assert get(second, page).headers["X-Page-Cache"] == "hit"

    editor = AdminSession(first.url).login(*EDITOR)
    change_list = editor.http.get(f"{first.url}/admin/lessons/lesson/", params={"q": slug}, timeout=10).text
    pk = re.search(r'href="/admin/lessons/lesson/(\d+)/change/', change_list).group(1)
    new_title = "Đổi mới cách làm chuyển đổi số: tiêu đề đã sửa trên máy chủ thứ nhất"
    saved = editor.change("lessons/lesson", pk, title=new_title)
    assert saved.status_code == 302, re.findall(r"errorlist.{0,300}", saved.text)

    fresh = get(second, page)
    # A hit when the saving instance warmed the page under the new version (portal/core/warming.py:
    # the second instance's reader made it popular, through the shared Redis); else rendered now.
    assert fresh.headers["X-Page-Cache"] in ("hit", "miss")
    assert new_title in fresh.text
    assert get(first, page).headers["X-Page-Cache"] == "hit"  # rendered once, shared by both


def test_editors_bypass_the_cache(site):
    _, first, _ = site
    editor = AdminSession(first.url).login(*EDITOR)
    response = editor.http.get(first.url + "/lessons/", timeout=10)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers
