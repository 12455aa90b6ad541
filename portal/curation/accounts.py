"""Editor accounts: the page a locked-out login gets (django-axes)."""

import math

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page in the admin's style, with a 429, saying how long to wait."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {**admin.site.each_context(request), "title": _("Tạm khoá đăng nhập"), "minutes": minutes}
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    return TemplateResponse(request, "admin/locked_out.html", context, status=status).render()
