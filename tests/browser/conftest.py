"""Browser tests: Debian's Chromium driven by Playwright against a real server process.

The server is the portal as a user meets it: DEBUG off, static files collected and served by
whitenoise, the real data loaded into its own SQLite file (so the pytest database is untouched).
Locally the tests skip when Chromium is absent; in CI (CI=true) they fail instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-results"


def require(path, what):
    if Path(path).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing at {path}; CI must install it (see .ci/run)")
    pytest.skip(f"{what} not installed ({path})")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="session")
def server_env(server_workdir):
    """The environment of the portal the browser tests use (and of commands run against it)."""
    workdir = server_workdir
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
    }


def manage(env, *command):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env, check=True)


@pytest.fixture(scope="session")
def server_url(server_env, server_workdir):
    require(CHROMIUM, "Chromium")
    env, workdir = server_env, server_workdir
    port = free_port()
    manage_command = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_portal_data", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(env, *command)
    log = open(workdir / "server.log", "w")
    process = subprocess.Popen(
        manage_command + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the portal server did not start: " + (workdir / "server.log").read_text())
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: axe-core is injected as an inline script, which the portal's CSP rightly forbids.
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


EDITOR = ("bien-tap-trinh-duyet", "mật-khẩu-Trình-duyệt-123")


@pytest.fixture(scope="session")
def editor_page_login(server_url, server_env):
    """An editor account on the browser tests' portal; returns a function that logs a page in."""
    username, password = EDITOR
    script = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        f"u, _ = get_user_model().objects.get_or_create(username={username!r}, defaults={{'is_staff': True}}); "
        f"u.set_password({password!r}); u.save(); u.groups.add(Group.objects.get(name='editors'))"
    )
    manage(server_env, "shell", "-c", script)

    def login(page):
        page.goto(server_url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("input[type=submit]").click()
        page.wait_for_url(server_url + "/admin/")

    return login
