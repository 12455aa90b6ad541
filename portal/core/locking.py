"""Optimistic locking: two editors saving the same record cannot overwrite each other unnoticed.

Every content model carries a `version` that each save increments. The admin change form
carries, in a hidden field, the version the editor loaded; saving locks the row
(SELECT ... FOR UPDATE, inside the admin's transaction) and compares. A form loaded before
someone else's save is refused with a form error: nothing is written, the editor's input stays.

Under PostgreSQL READ COMMITTED, the lock is what makes this safe: the second of two concurrent
saves waits at the SELECT until the first commits, then reads the version the first one wrote.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from .numbers import parse_int

# The form field's name differs from the model field's: a non-editable model field may not be
# named in an admin form's fields.
VERSION_FIELD = "loaded_version"


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        gettext_lazy("phiên bản"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Tăng lên 1 mỗi lần bản ghi được lưu."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk is None:  # a new row; a fetched one with its pk cleared (a copy) starts again too
            self.version = 1
        if self._state.adding or self.pk is None or (update_fields is not None and not update_fields):
            return super().save(*args, **kwargs)
        previous = self.version
        self.version = (previous or 0) + 1
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = previous  # the row was not written
            raise


class StaleVersion(Exception):
    """The row is no longer at the version the editor loaded; `current` is None if it is gone."""

    def __init__(self, loaded, current):
        self.loaded = loaded
        self.current = current
        super().__init__(f"loaded version {loaded}, current version {current}")


def lock_version(instance, loaded):
    """Lock the row of `instance` until the transaction ends and check it is still at `loaded`.

    Must run inside transaction.atomic() (PostgreSQL refuses FOR UPDATE outside one). On success
    the instance takes the locked row's version, so its save() writes exactly that + 1.
    """
    model = type(instance)
    current = model._base_manager.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
    if current != loaded:
        raise StaleVersion(loaded, current)
    if current is not None:  # None == None: restoring a deleted record from its history
        instance.version = current
    return current


def stale_message(error):
    if error.loaded is None:
        return gettext("Biểu mẫu không mang số phiên bản của bản ghi. Hãy tải lại trang rồi sửa lại.")
    if error.current is None:
        return gettext("Bản ghi này vừa bị người khác xoá. Hãy tải lại trang.")
    return gettext(
        "Bản ghi này vừa được người khác sửa (phiên bản %(version)s). "
        "Hãy tải lại trang, xem thay đổi của họ rồi sửa lại."
    ) % {"version": error.current}


def parse_version(value):
    return parse_int((value or "").strip())


class VersionField(forms.CharField):
    """The hidden version the form was loaded with: it says which row was edited, it is not an edit."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        # Otherwise an untouched inline row whose record moved on would count as changed, and be saved.
        return False


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a version other than the one it was loaded with."""

    loaded_version = VersionField(label=gettext_lazy("phiên bản đã tải"), required=False)
    # An inline form that did not change is not saved, so it is not checked either.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and (self.check_unchanged or self.has_changed()):
            try:
                lock_version(self.instance, parse_version(cleaned_data.get(VERSION_FIELD)))
            except StaleVersion as error:
                self.add_error(None, stale_message(error))
        return cleaned_data


class VersionedInlineForm(VersionedForm):
    check_unchanged = False


def with_version_field(fieldsets, include):
    """The fieldsets without the version field, then with it once at the end of the first one."""
    result = [
        (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
        for name, options in fieldsets
    ]
    if include and result:
        name, options = result[0]
        result[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return result


class VersionedAdmin:
    """ModelAdmin mixin: the change form carries and checks the version (see VersionedForm).

    The admin wraps each change in transaction.atomic(), so the row lock taken while the form
    validates is held until the save commits.
    """

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Only a form that edits an existing row needs it; a viewer's read-only page does not.
        include = obj is not None and obj.pk is not None and self.has_change_permission(request, obj)
        return with_version_field(fieldsets, include)


class VersionedInline:
    """InlineModelAdmin mixin: each changed inline row is checked like the main form."""

    form = VersionedInlineForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_version_field(fieldsets, self.has_change_permission(request, obj))
