"""The admin's edit history: who changed what and when, and reverting to an earlier version.

Built on django-simple-history's SimpleHistoryAdmin, with four additions:
- a revert is a normal, version-checked save (portal.core.locking): it is refused if the record
  changed after the revert page was loaded, and it writes the next version, never the old one;
- only users who may change the record may revert: the library hides the button from the
  others but would still accept their POST;
- the revert form shows the many-to-many values of the old version, not the current ones;
- the history pages speak Vietnamese (the library has no Vietnamese catalogue).
"""

from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from portal.core.locking import VERSION_FIELD, VersionedAdmin
from portal.core.numbers import parse_int


def revert_form(form_class, historic):
    """`form_class` showing the old version: its M2M values and the row's current version."""

    class RevertForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in historic._history_m2m_fields:
                if field.name in self.fields:
                    target = f"{get_m2m_reverse_field_name(field)}_id"
                    self.initial[field.name] = [getattr(row, target) for row in getattr(historic, field.name).all()]
            if VERSION_FIELD in self.fields:
                # A revert is saved on top of the row as it is now, so that is the version to check.
                model = type(self.instance)
                current = model._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
                self.fields[VERSION_FIELD].initial = current

    RevertForm.__name__ = form_class.__name__
    return RevertForm


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/content_history.html"
    object_history_list_template = "admin/content_history_list.html"
    object_history_form_template = "admin/content_history_form.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if parse_int(str(object_id)) is None or parse_int(str(version_id)) is None:
            raise Http404
        if request.method == "POST" and (self.revert_disabled(request) or not self.has_change_permission(request)):
            raise PermissionDenied
        record = (
            get_history_model_for_model(self.model)
            .objects.select_related("history_user")
            .filter(**{self.opts.pk.attname: object_id}, history_id=version_id)
            .first()
        )
        context = {"history_record": record, **(extra_context or {})}
        # As in ModelAdmin.changeform_view: the version check's row lock lasts until the save commits.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, context)

    def history_view(self, request, object_id, extra_context=None):
        # The library looks the record up with the raw URL part: "abc" or "²" would be a 500.
        if parse_int(str(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        historic = to_historic(obj) if obj is not None else None
        return revert_form(form, historic) if historic is not None else form

    def save_model(self, request, obj, form, change):
        historic = to_historic(obj)
        if historic is not None:
            obj._change_reason = gettext("Khôi phục phiên bản %(version)s (lưu lúc %(date)s)") % {
                "version": historic.version,
                "date": formats.date_format(timezone.localtime(historic.history_date), "SHORT_DATETIME_FORMAT"),
            }
        super().save_model(request, obj, form, change)

    def history_view_title(self, request, obj):
        return gettext("Lịch sử thay đổi: %s") % obj

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("Xem phiên bản cũ: %s") % obj
        return gettext("Khôi phục phiên bản cũ: %s") % obj


# The admin's date drill-down (?published_on__year=…): Django builds a date from these and fails
# with a 500 on a year past 9999 or a month past 12.
DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def valid_date_drilldown(query, field):
    for part, (low, high) in DATE_PARTS.items():
        raw = query.get(f"{field}__{part}")
        if raw is not None and not low <= (parse_int(raw) or 0) <= high:
            return False
    return True


class ContentAdmin(VersionedAdmin, HistoryAdmin):
    """The admin of every content model: version-checked saves, history and revert."""

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy and not valid_date_drilldown(request.GET, self.date_hierarchy):
            # Django's own answer to a wrong lookup in the list URL: the list, with "?e=1".
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)
