"""The second factor: required for superusers, offered to editors (portal/curation/accounts.py)."""

import base64
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.curation.roles import EDITORS

PASSWORD = "mật-khẩu-Đủ-dài-123"


def code_for(device, offset=0):
    """The code the phone shows now (offset steps later: a fresh one, as TOTP refuses reuse)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


def log_in(client, username, otp_token=""):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": PASSWORD, "otp_token": otp_token, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quan-tri-2fa", "qt@example.org", PASSWORD)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bien-tap-2fa", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_a_superuser_without_a_device_is_sent_to_enrol(client, superuser):
    response = log_in(client, superuser.username)
    assert response.status_code == 302  # the password is right
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302 and index["Location"].startswith(reverse("two-factor"))
    page = client.get(index["Location"])
    content = page.content.decode()
    assert "phải bật xác thực hai bước" in content
    assert 'src="data:image/svg+xml;base64,' in content  # the QR code, as the CSP allows
    assert "<script" not in content.split('id="content"')[-1]
    # Every other admin page too, not only the index.
    assert client.get(reverse("admin:lessons_lesson_changelist"))["Location"].startswith(reverse("two-factor"))


def test_a_superuser_with_a_device_and_the_right_code_is_in(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="điện thoại", confirmed=True)
    response = log_in(client, superuser.username, code_for(device))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused_and_counted_by_axes(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="điện thoại", confirmed=True)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = log_in(client, superuser.username, wrong)
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=superuser.username).failures_since_start == 1


def test_the_code_is_asked_when_the_account_has_a_device(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="điện thoại", confirmed=True)
    response = log_in(client, superuser.username)
    assert response.status_code == 200
    assert "hãy nhập mã trong ứng dụng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_has_the_code_field_in_vietnamese(client, db):
    content = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in content and "Mã xác thực (6 chữ số)" in content


def test_an_editor_without_a_device_can_work(client, editor):
    assert log_in(client, editor.username).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:lessons_lesson_changelist")).status_code == 200


def test_an_editor_enrols_and_the_next_login_asks_for_the_code(client, editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no second's wait after the wrong code below
    log_in(client, editor.username)
    page = client.get(reverse("two-factor"))
    assert "Không bắt buộc với biên tập viên" in page.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(reverse("two-factor"), {"otp_token": "000000" if code_for(device) != "000000" else "111111"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert AccessAttempt.objects.get(username=editor.username).failures_since_start == 1  # counted by axes
    confirmed = client.post(reverse("two-factor"), {"otp_token": code_for(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.post(reverse("admin:logout"))
    assert log_in(client, editor.username).status_code == 200  # the code is asked now
    assert "_auth_user_id" not in client.session
    assert log_in(client, editor.username, code_for(device, offset=1)).status_code == 302


def test_a_superuser_session_without_the_code_is_asked_for_it(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="điện thoại", confirmed=True)
    client.force_login(superuser)  # a session from before the device, say
    index = client.get(reverse("admin:index"))
    assert index["Location"].startswith(reverse("two-factor"))
    page = client.get(index["Location"]).content.decode()
    assert "Nhập mã 6 chữ số" in page and "data:image" not in page  # no new secret shown
    response = client.post(reverse("two-factor"), {"otp_token": code_for(device), "next": reverse("admin:index")})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_verified_helper_lets_a_superuser_in(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_reset_two_factor_removes_a_lost_device(superuser, capsys):
    TOTPDevice.objects.create(user=superuser, name="điện thoại", confirmed=True)
    call_command("reset_two_factor", superuser.username)
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert "Removed 1 two-step device" in capsys.readouterr().out


def test_the_secret_is_shown_for_typing(client, editor):
    log_in(client, editor.username)
    content = client.get(reverse("two-factor")).content.decode()
    device = TOTPDevice.objects.get(user=editor)
    secret = base64.b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in content


def test_an_unverified_superuser_may_still_log_out(client, superuser):
    client.force_login(superuser)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session
