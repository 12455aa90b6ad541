"""Security headers on every response, and a clean deployment checklist."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

URLS = ["/", "/en/lessons/?province=lao-cai", "/api/v1/themes/", "/lessons/?province=nowhere", "/no-such-page/"]


@pytest.mark.parametrize("url", URLS)
def test_security_headers_on_every_response(client, db, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_over_https(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_cookies_are_secure_and_httponly():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_no_inline_script_or_style_in_templates():
    """The strict CSP would block them: keep templates free of inline code (a script file is fine,
    and so is a JSON-LD data block, which a browser never runs)."""
    offenders = []
    inline_script = re.compile(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))')
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or "<style" in text or " style=" in text or " onclick=" in text:
            offenders.append(str(path))
    assert offenders == []


def test_check_deploy_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="cds.example.org", DJANGO_SETTINGS_MODULE="portal.settings"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client_address"),
    [
        ([], "203.0.113.7", "", "203.0.113.7"),
        ([], "203.0.113.7", "192.0.2.1", "203.0.113.7"),  # no trusted proxy: the header is ignored
        (["10.0.0.2"], "203.0.113.7", "192.0.2.1", "203.0.113.7"),  # not from the proxy: ignored
        (["10.0.0.2"], "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (["10.0.0.2"], "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # the left entry is the client's word
        (["10.0.0.2", "10.0.0.3"], "10.0.0.2", "192.0.2.1, 10.0.0.3", "192.0.2.1"),  # two proxies
        (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_ip_address_believes_forwarded_for_only_from_a_trusted_proxy(
    rf, settings, trusted, remote, forwarded, client_address
):
    from portal.core.security import client_ip_address

    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == client_address
