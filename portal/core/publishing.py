"""Publishing in the admin: drafts become public, and public records can go back to draft.

`PublishingAdmin` adds the status to a Publishable model's admin (shown, filtered, never typed:
only its actions change it, so that who published and when is always recorded) and two actions,
allowed to users with the admin's `publish_permission`. Publishing a record also publishes the
draft records that quote it (a report's lessons, initiatives and metrics): one step for the
editor. Each record is saved on its own, so its version, its history and the page cache follow.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import quoting_managers

PUBLISHING_FIELDS = ("status", "reviewed_by", "published_at")


class PublishingAdmin:
    """ModelAdmin mixin for Publishable models; set `publish_permission` ("app.codename")."""

    publish_permission = None
    actions = ["publish", "return_to_draft"]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *PUBLISHING_FIELDS)

    def get_list_filter(self, request):
        return ("status", *super().get_list_filter(request))

    def get_list_display(self, request):
        return (*super().get_list_display(request), "status")

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission)

    @admin.action(
        description=gettext_lazy("Công bố các mục đã chọn (và các bản ghi trích từ chúng)"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        published = 0
        with transaction.atomic():
            for record in queryset:
                quoting = [item for manager in quoting_managers(record) for item in manager.all()]
                for item in (record, *quoting):
                    if not item.is_published:
                        item.mark_published(request.user)
                        item.save()
                        published += 1
        self.message_user(request, _("Đã công bố %(count)d bản ghi.") % {"count": published}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Chuyển các mục đã chọn về bản nháp"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        withdrawn = 0
        with transaction.atomic():
            for record in queryset:
                if record.is_published:
                    record.mark_draft()
                    record.save()
                    withdrawn += 1
        self.message_user(
            request,
            _("Đã chuyển %(count)d bản ghi về bản nháp; công chúng không còn thấy chúng.") % {"count": withdrawn},
            messages.SUCCESS,
        )
