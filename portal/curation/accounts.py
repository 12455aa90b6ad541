"""Editor accounts: the page a locked-out login gets (django-axes), and the second factor.

The second factor is a TOTP app on the editor's phone (django_otp.plugins.otp_totp), one device
per account. It is required for superusers, who may change anything: until their session is
verified they are sent to the two-step page, to enrol or to enter the code. Editors and viewers
may enrol there too; from then on their login asks for the code.
"""

import base64
import math

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page in the admin's style, with a 429, saying how long to wait."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {**admin.site.each_context(request), "title": _("Tạm khoá đăng nhập"), "minutes": minutes}
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    return TemplateResponse(request, "admin/locked_out.html", context, status=status).render()


def confirmed_device(user):
    """The user's TOTP device once enrolment is confirmed, else None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user):
    """The device being enrolled: the same secret on every visit until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)


def count_failed_code(request, user):
    """A wrong code counts as a failed login for django-axes, like a wrong password."""
    credentials = {"username": user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)


def code_field(required):
    return forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        required=required,
        max_length=6,
        help_text=gettext_lazy("Chỉ khi tài khoản đã bật xác thực hai bước: mã trong ứng dụng trên điện thoại."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


WRONG_CODE = gettext_lazy("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới trong ứng dụng.")


class AdminLoginForm(AdminAuthenticationForm):
    """The admin login: username and password, and the 6-digit code if the account has a device."""

    otp_token = code_field(required=False)
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": gettext_lazy("Tài khoản này đã bật xác thực hai bước: hãy nhập mã trong ứng dụng."),
        "wrong_code": WRONG_CODE,
    }

    def clean(self):
        cleaned = super().clean()  # the password, and a staff account
        user = self.user_cache
        device = confirmed_device(user)
        if device is None:
            return cleaned
        token = (cleaned.get("otp_token") or "").strip()
        if not token:
            raise ValidationError(self.error_messages["code_required"], code="code_required")
        if not device.verify_token(token):
            count_failed_code(self.request, user)
            raise ValidationError(self.error_messages["wrong_code"], code="wrong_code")
        user.otp_device = device  # django_otp marks the session verified when login() runs
        return cleaned


class CodeForm(forms.Form):
    """One code from the device: to confirm an enrolment, or to verify a session."""

    otp_token = code_field(required=True)

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        if not self.device.verify_token(token):
            raise ValidationError(WRONG_CODE, code="wrong_code")
        return token


def qr_code_data_uri(text):
    """The QR code of text as a data: URI of an SVG image (the CSP allows images from data:), on
    white, so that it scans under the admin's dark theme too.

    qrcode (with lxml, about 12 MB) is imported here: only an editor setting up a device needs
    it, and every public worker would carry it otherwise."""
    import qrcode.image.svg

    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def secret_for_typing(device):
    """The device's secret in base32, in groups of four, for an app without a camera."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def two_factor_view(request):
    """ "Xác thực hai bước": enrol a TOTP app (QR code, secret, a code to confirm), or enter the
    code when the account has a device but this session is not verified yet."""
    user = request.user
    device = confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = pending_device(user)
    form = CodeForm(request.POST or None, device=device)
    if user.is_verified():
        form = None  # nothing to do: the status only
    elif request.method == "POST":
        if form.is_valid():
            return finish_two_factor(request, device, enrolling)
        if form.has_error("otp_token", "wrong_code"):
            count_failed_code(request, user)
    context = {
        **admin.site.each_context(request),
        "title": _("Xác thực hai bước"),
        "form": form,
        "enrolling": enrolling and form is not None,
        "required": user.is_superuser,
        "next": safe_next(request),
    }
    if context["enrolling"]:
        context["qr_code"] = qr_code_data_uri(device.config_url)
        context["secret"] = secret_for_typing(device)
    return TemplateResponse(request, "admin/two_factor.html", context)


def finish_two_factor(request, device, enrolling):
    if enrolling:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        messages.success(request, _("Đã bật xác thực hai bước: từ nay đăng nhập cần mã trong ứng dụng."))
    otp_login(request, device)
    return redirect(safe_next(request))


class SuperuserTwoFactorMiddleware:
    """A superuser uses the admin only from a session verified by their device: until then every
    admin page sends them to the two-step page (to enrol, or to enter the code).

    Must come after django_otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if self.needs_second_factor(request):
            url = reverse("two-factor")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else url)
        return self.get_response(request)

    def needs_second_factor(self, request):
        if not request.path.startswith(self.admin_prefix):
            return False
        # The two-step page itself, and the ways out: log out, or log in as someone else.
        if request.path in {reverse("two-factor"), reverse("admin:logout"), reverse("admin:login")}:
            return False
        user = request.user
        return user.is_authenticated and user.is_superuser and not user.is_verified()
