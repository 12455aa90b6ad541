"""Login throttling (django-axes): by username across addresses, by address across usernames,
and the client's address read from X-Forwarded-For only behind a trusted proxy."""

import pytest
from django.urls import reverse

PASSWORD = "Mật-khẩu-đúng-2026"
PROXY = "10.0.0.2"


@pytest.fixture
def editors(django_user_model):
    return [
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("bien-tap-a", "bien-tap-b", "bien-tap-c")
    ]


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def attempt(client, username, password, remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **headers,
    )


def fail_until_locked(client, settings, username, addresses):
    """AXES_FAILURE_LIMIT wrong passwords, one from each address in turn."""
    responses = [attempt(client, username(n), "sai", **addresses(n)) for n in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def test_one_username_is_locked_across_many_addresses(client, editors, settings):
    last = fail_until_locked(client, settings, lambda n: "bien-tap-a", lambda n: {"remote_addr": f"198.51.100.{n}"})
    assert last.status_code == 429
    # Locked from a fresh address too, even with the right password; other editors are not.
    assert attempt(client, "bien-tap-a", PASSWORD, "198.51.100.99").status_code == 429
    assert attempt(client, "bien-tap-b", PASSWORD, "198.51.100.99").status_code == 302


def test_one_address_is_locked_across_many_usernames(client, editors, settings):
    last = fail_until_locked(client, settings, lambda n: f"khong-co-{n}", lambda n: {"remote_addr": "203.0.113.7"})
    assert last.status_code == 429
    assert attempt(client, "bien-tap-a", PASSWORD, "203.0.113.7").status_code == 429
    assert attempt(client, "bien-tap-a", PASSWORD, "203.0.113.8").status_code == 302


def test_spoofed_forwarded_for_from_an_untrusted_client_is_ignored(client, editors, settings):
    # Without TRUSTED_PROXIES, a new X-Forwarded-For on every try does not make a new client.
    last = fail_until_locked(
        client,
        settings,
        lambda n: f"khong-co-{n}",
        lambda n: {"remote_addr": "203.0.113.7", "forwarded_for": f"192.0.2.{n}"},
    )
    assert last.status_code == 429


def test_behind_a_trusted_proxy_editors_are_throttled_separately(client, editors, settings, behind_proxy):
    last = fail_until_locked(
        client,
        settings,
        lambda n: f"khong-co-{n}",
        lambda n: {"remote_addr": PROXY, "forwarded_for": "192.0.2.1"},
    )
    assert last.status_code == 429
    # Another editor behind the same proxy, from another address, still logs in.
    assert attempt(client, "bien-tap-b", PASSWORD, PROXY, forwarded_for="192.0.2.2").status_code == 302


def test_behind_a_trusted_proxy_a_forged_left_entry_does_not_help(client, editors, settings, behind_proxy):
    # The client writes "192.0.2.x" itself; the proxy appends the address it really saw.
    last = fail_until_locked(
        client,
        settings,
        lambda n: f"khong-co-{n}",
        lambda n: {"remote_addr": PROXY, "forwarded_for": f"192.0.2.{n}, 198.51.100.5"},
    )
    assert last.status_code == 429


def test_the_lockout_answer_is_a_clear_page(client, editors, settings):
    last = fail_until_locked(client, settings, lambda n: "bien-tap-a", lambda n: {"remote_addr": "203.0.113.7"})
    assert last.status_code == 429
    assert last["Content-Type"].startswith("text/html")
    page = last.content.decode()
    assert "Tạm khoá vì đăng nhập sai quá nhiều lần" in page
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60} phút" in page
