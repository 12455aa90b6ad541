"""Readers' error reports in the admin: their own list, and a panel on each record's page.

The record admins live in the content apps (provinces, lessons), which must not import this
layer; so the panel (an inline) is added to their ModelAdmins from here, once the admin site
has them registered.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from .corrections import REPORTABLE
from .models import CorrectionRequest


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ["created", "record_link", "short_text", "status"]
    list_filter = ["status", "content_type", "language"]
    search_fields = ["text", "record_label", "contact"]
    readonly_fields = ["record_link", "text", "contact", "language", "created"]
    fields = ["record_link", "text", "contact", "language", "created", "status", "editor_note"]
    list_select_related = ["content_type"]

    @admin.display(description=gettext_lazy("bản ghi"), ordering="record_label")
    def record_link(self, correction):
        """The record's change page in the admin (where this report also shows), or its label
        alone when the record is gone."""
        record = correction.record
        if record is None:
            return correction.record_label
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, correction.record_label)

    @admin.display(description=gettext_lazy("điều chưa đúng"))
    def short_text(self, correction):
        return correction.text if len(correction.text) <= 120 else correction.text[:119] + "…"

    def has_add_permission(self, request):
        return False  # only readers send them, through the public form


class CorrectionRequestInline(GenericTabularInline):
    """The reports about this record, newest first, on its change page; editors set the status."""

    model = CorrectionRequest
    fields = ["created", "text", "contact", "status", "editor_note"]
    readonly_fields = ["created", "text", "contact"]
    extra = 0
    can_delete = False
    verbose_name = gettext_lazy("báo lỗi của bạn đọc")
    verbose_name_plural = gettext_lazy("báo lỗi của bạn đọc về bản ghi này")

    def has_add_permission(self, request, obj=None):
        return False


def add_inline_to_record_admins():
    for model in REPORTABLE.values():
        model_admin = admin.site.get_model_admin(model)
        if CorrectionRequestInline not in model_admin.inlines:
            model_admin.inlines = [*model_admin.inlines, CorrectionRequestInline]


add_inline_to_record_admins()
