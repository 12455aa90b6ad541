"""Start the portal in production mode (gunicorn + PostgreSQL + Redis) in child processes.

Used by tests/test_production.py, the benchmark and the load run. Each site gets a database of
its own (created here, dropped afterwards) and a cache key prefix of its own, so it can never
touch the public data or another run's pages.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg2
import requests
from psycopg2 import sql

from tests.admin_forms import FormFields

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
EDITOR = ("bien-tap-vien", "mật-khẩu-Đủ-dài-2026")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid):
    """The peak resident memory of a process so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def reachable(url, default_port):
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def postgres_url(name):
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))


def drop_database(name):
    connection = psycopg2.connect(POSTGRES_URL)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        connection.close()


class Site:
    """One deployment: a database, collected static files, an environment; any number of
    gunicorn instances can serve it side by side."""

    def __init__(self, workdir, database_name=None, redis_url=REDIS_URL, extra_env=None):
        self.workdir = Path(workdir)
        self.database_name = database_name or f"cds_site_{uuid.uuid4().hex[:10]}"
        self.own_database = database_name is None
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": "production-mode-tests-only-" + uuid.uuid4().hex,
            "DATABASE_URL": postgres_url(self.database_name),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"site-{uuid.uuid4().hex[:10]}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.workdir / "static"),
            # Loopback without TLS: no redirect, and cookies a plain-HTTP client may send back.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            **(extra_env or {}),
        }
        self.servers = []

    def manage(self, *args, env=None):
        subprocess.run(
            MANAGE + list(args), cwd=ROOT, env={**self.env, **(env or {})}, check=True, stdout=subprocess.DEVNULL
        )

    def prepare(self, load=True):
        self.manage("ensure_database")
        self.manage("migrate", "--noinput", "-v0")
        if load:
            self.manage("load_portal_data", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        # An editor, not a superuser: a superuser's login needs the second factor's code.
        self.manage(
            "create_editor",
            EDITOR[0],
            "--noinput",
            "--email",
            "editor@example.org",
            env={"DJANGO_EDITOR_PASSWORD": EDITOR[1]},
        )
        return self

    def start(self, workers=2, threads=4, port=None, extra_env=None):
        server = Server(self, port or free_port(), workers, threads, extra_env)
        self.servers.append(server)
        return server

    def close(self):
        for server in self.servers:
            server.stop()
        if self.own_database:
            drop_database(self.database_name)


class Server:
    """One gunicorn instance of a Site, with the project's gunicorn.conf.py."""

    def __init__(self, site, port, workers, threads, extra_env):
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = site.workdir / f"gunicorn-{port}.log"
        env = {
            **site.env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            **(extra_env or {}),
        }
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [GUNICORN, "portal.wsgi", "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        self.wait_ready()

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while True:
            try:
                if requests.get(self.url + "/robots.txt", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn did not start: {self.log_path.read_text()}")
            time.sleep(0.2)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class PrivateRedis:
    """A redis-server of the caller's own on a free port, started and stopped by its process
    id (never the machine's shared one)."""

    def __init__(self, workdir):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self):
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        # As README.md asks of a deployment: a memory cap, least recently used keys out first.
        args += ["--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
        self.process = subprocess.Popen(
            [self.binary, *args, "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not reachable(self.url, 6379):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError("private redis-server did not start")
            time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AdminSession:
    """An editor working in the admin over HTTP, as a browser would (cookies, CSRF token)."""

    def __init__(self, base_url, admin_path="/admin/"):
        self.base = base_url
        self.admin = admin_path
        self.http = requests.Session()

    def login(self, username, password):
        url = f"{self.base}{self.admin}login/"
        page = self.http.get(url, timeout=10)
        page.raise_for_status()
        form = FormFields()
        form.feed(page.text)
        data = dict(form.fields) | {"username": username, "password": password, "next": self.admin}
        response = self.http.post(url, data=data, headers={"Referer": url}, timeout=10)
        if "sessionid" not in self.http.cookies:
            raise RuntimeError(f"admin login failed ({response.status_code})")
        return self

    def change(self, model_path, pk, **changes):
        """Open the change form of one record, change some fields, save; the response."""
        url = f"{self.base}{self.admin}{model_path}/{pk}/change/"
        page = self.http.get(url, timeout=10)
        page.raise_for_status()
        parser = FormFields()
        parser.feed(page.text)
        data = [(name, value) for name, value in parser.fields if name not in changes]
        data += list(changes.items()) + [("_save", "Save")]
        return self.http.post(url, data=data, headers={"Referer": url}, timeout=30, allow_redirects=False)
