"""“Báo lỗi / Report an error”: the one public form, which stores a reader's correction request.

Every detail page links to this form at its own URL (`/report-error/<kind>/<slug>/`) instead of
holding it: a form carries a CSRF token, which is the reader's own, while the detail pages are
served to everyone from the shared page cache (portal/core/pagecache.py). The form's page is
never cached (`never_cache`: Cache-Control private, no-store, which the page cache refuses to
store), and it is the only public URL that ReadOnlySiteMiddleware lets a POST through to.

Against abuse, without tracking anyone:
- CSRF (Django's token and cookie, on this page only);
- a size limit on each field (and Django's own limit on the request body);
- a honeypot: a field hidden from people that a form-filling bot fills in;
- a limit per address: RATE_LIMIT requests per RATE_WINDOW seconds, counted in the cache under a
  keyed hash of the address (the address itself is stored nowhere). When the cache cannot be
  reached, nothing is stored and the reader is asked to try again in a few minutes: the limit
  fails closed, never open and never with an error page;
- the text is never shown on a public page: the thank-you page says only that it arrived (the
  form shown again after an error holds the reader's own input, to that reader alone).
"""

import hashlib
import hmac
import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from lessons.models import Initiative, Lesson, Theme
from portal.core.security import accepts_reader_posts, client_ip_address
from provinces.models import Indicator, Province, Report

from .models import CorrectionRequest

logger = logging.getLogger(__name__)

# The pages a reader may report an error on: <kind> of the URL -> the model (read through .public()).
REPORTABLE = {
    "lesson": Lesson,
    "initiative": Initiative,
    "indicator": Indicator,
    "report": Report,
    "theme": Theme,
    "province": Province,
}
TEXT_MAX = 2000
CONTACT_MAX = 200
RATE_LIMIT = 5
RATE_WINDOW = 3600  # seconds
HONEYPOT = "website"


def reportable_kind(record):
    """The <kind> of the form's URL for `record`, or None when its pages take no report."""
    kind = record._meta.model_name
    return kind if REPORTABLE.get(kind) is type(record) else None


def report_error_url(record):
    kind = reportable_kind(record)
    return reverse("report-error", args=[kind, record.slug]) if kind else ""


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Điều gì chưa đúng?"),
        help_text=gettext_lazy("Ví dụ: con số, tên, tỉnh hay chủ đề sai, hoặc đoạn trích không đúng với bài gốc."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("Hãy viết điều gì chưa đúng."),
            "max_length": gettext_lazy("Nội dung báo lỗi tối đa %(limit_value)d ký tự (bạn đã viết %(show_value)d)."),
        },
    )
    contact = forms.CharField(
        label=gettext_lazy("Email hoặc số điện thoại (không bắt buộc)"),
        help_text=gettext_lazy("Chỉ để biên tập viên hỏi lại bạn nếu cần; không hiện ở đâu trên cổng."),
        max_length=CONTACT_MAX,
        required=False,
        error_messages={"max_length": gettext_lazy("Thông tin liên hệ tối đa %(limit_value)d ký tự.")},
    )
    # The honeypot: hidden from people (CSS and aria-hidden), left out of the tab order; bots fill it.
    website = forms.CharField(
        label=gettext_lazy("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data[HONEYPOT]:
            raise forms.ValidationError(
                _("Không gửi được: ô “Để trống ô này” phải để trống (ô này dùng để chặn thư rác tự động).")
            )
        return ""

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()


class RateLimited(Exception):
    pass


class LimitUnknown(Exception):
    """The cache could not be reached, so the limit cannot be checked."""


def address_key(request):
    """The cache key of the client's address: a keyed hash, so the cache never holds the address."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip_address(request).encode(), hashlib.blake2b)
    return "report-error:" + digest.hexdigest()[:32]


def count_request(request):
    """Count one request from this address; RateLimited past the limit, LimitUnknown without a cache."""
    key = address_key(request)
    try:
        cache.add(key, 0, timeout=RATE_WINDOW)  # the window starts with the first request
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        count = 1
        try:
            cache.set(key, count, timeout=RATE_WINDOW)
        except Exception as error:
            raise LimitUnknown from error
    except Exception as error:
        logger.warning("rate limit of error reports unavailable (%s); refusing for now", error)
        raise LimitUnknown from error
    if count > RATE_LIMIT:
        raise RateLimited


def public_record(kind, slug):
    model = REPORTABLE.get(kind)
    if model is None:
        raise Http404
    try:
        return model.objects.public().get(slug=slug)
    except model.DoesNotExist:
        raise Http404 from None


def form_page(request, record, form, status=200, errors=None):
    """The form, with a GOV.UK-style error summary listing `errors` [(field id or "", message)]."""
    if errors is None:
        errors = [
            (f"id_{name}" if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
    context = {"record": record, "form": form, "errors": errors, "text_max": TEXT_MAX, "honeypot": HONEYPOT}
    return not_indexed(render(request, "curation/report_error.html", context, status=status))


def not_indexed(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@accepts_reader_posts
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@csrf_protect
def report_error(request, kind, slug):
    record = public_record(kind, slug)
    if request.method != "POST":
        return form_page(request, record, CorrectionForm())
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return form_page(request, record, form, status=400)
    try:
        count_request(request)
    except RateLimited:
        message = _("Bạn đã gửi %(limit)d báo lỗi trong một giờ qua; hãy thử lại sau.") % {"limit": RATE_LIMIT}
        return form_page(request, record, form, status=429, errors=[("", message)])
    except LimitUnknown:
        message = _("Lúc này chưa nhận được báo lỗi; hãy thử lại sau vài phút. Nội dung của bạn vẫn còn dưới đây.")
        return form_page(request, record, form, status=503, errors=[("", message)])
    CorrectionRequest.objects.create(
        record=record,
        record_label=str(record)[:300],
        text=form.cleaned_data["text"],
        contact=form.cleaned_data["contact"],
        language=get_language() or settings.LANGUAGE_CODE,
    )
    return HttpResponseRedirect(reverse("report-error-sent", args=[kind, slug]))


@never_cache
def report_error_sent(request, kind, slug):
    """The thank-you page: it names the record, never what was sent."""
    return not_indexed(render(request, "curation/report_error_sent.html", {"record": public_record(kind, slug)}))
