"""Security headers Django 5.2 does not set by itself: Content-Security-Policy and
Permissions-Policy. Everything the portal serves is its own (no CDN, no inline script or
style), so the policy can be strict."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ReadOnlySiteMiddleware:
    """The public site only reads: a POST (or PUT, PATCH, DELETE) to one of its pages is a 405
    naming the methods it allows, not Django's CSRF 403, which the site's own CSP leaves unstyled.

    The admin, the language switch (a POST form) and the API (which answers in JSON itself) keep
    their own handling, and so does a view marked with `accepts_reader_posts` (the one form the
    public may send: an error report). Must come before CsrfViewMiddleware, which then checks
    the POSTs let through.
    """

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response
        self.writable = ("/" + settings.ADMIN_URL, "/i18n/", "/api/v1/")

    def __call__(self, request):
        if (
            request.method not in self.SAFE_METHODS
            and not request.path.startswith(self.writable)
            and not takes_reader_posts(request.path_info)
        ):
            response = HttpResponseNotAllowed(self.SAFE_METHODS)
            response["Content-Type"] = "text/plain; charset=utf-8"
            response.content = gettext("Trang này chỉ để đọc: hãy dùng GET.").encode()
            return response
        return self.get_response(request)


def accepts_reader_posts(view):
    """Mark a public view as taking readers' POSTs (ReadOnlySiteMiddleware lets them through)."""
    view.accepts_reader_posts = True
    return view


def takes_reader_posts(path):
    """Whether `path` is served by a view marked with `accepts_reader_posts`. The language of the
    path is activated first: an /en/ URL resolves only under English (i18n_patterns)."""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return False
    return getattr(match.func, "accepts_reader_posts", False)


def client_ip_address(request):
    """The address of the client, as django-axes counts login failures by it.

    X-Forwarded-For is believed only when the request comes from one of settings.TRUSTED_PROXIES:
    then the client is the right-most entry that is not itself a trusted proxy (entries further
    left were written by the client and may be forged). From any other peer the header is
    ignored and REMOTE_ADDR is the client.
    """
    trusted = set(settings.TRUSTED_PROXIES)
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in trusted:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address
    return remote  # only proxies in the chain: the last one is the best we know
