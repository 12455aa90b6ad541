"""The admin: staff only, and login throttling after repeated failures (django-axes)."""

import pytest
from django.urls import reverse


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("bien-tap", password="Mật-khẩu-đúng-2026", is_staff=True)


def login(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "bien-tap", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_repeated_failures_lock_the_login(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "sai-mật-khẩu").status_code == 200  # the form again, with an error
    assert login(client, "sai-mật-khẩu").status_code == 429  # the limit-th failure locks
    locked = login(client, "Mật-khẩu-đúng-2026")  # even the right password is refused now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_in_before_the_limit(client, staff):
    login(client, "sai-mật-khẩu")
    response = login(client, "Mật-khẩu-đúng-2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_non_staff_cannot_enter(client, django_user_model):
    user = django_user_model.objects.create_user("nguoi-dung", password="x")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_staff_session_lasts_a_working_day(client, staff, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    login(client, "Mật-khẩu-đúng-2026")
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
