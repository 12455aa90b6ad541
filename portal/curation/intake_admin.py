"""Intake of a new article in the admin: upload or paste, check, then create the draft report.

"Thêm bài viết mới" asks for a file (or pasted text) and the provinces; "Trích văn bản" reads it
(portal/curation/intake.py) and opens the intake's page, with the text in a textarea and the
proposed title, date, byline and publisher. "Tạo báo cáo (bản nháp)" saves the editor's
corrections and creates the report from them, then opens the report. A file that cannot be read
shows the add form again with the reason; the pasted text and chosen provinces stay.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import intake
from .intake_models import ArticleIntake

CREATE_REPORT = "_create_report"  # the name of the "Tạo báo cáo (bản nháp)" button


class ConfirmedTextField(forms.CharField):
    """The article's text as the editor confirmed it: not stripped, line breaks as "\\n" (intake.normalize_newlines)."""

    def __init__(self, rows=30, **kwargs):
        kwargs["strip"] = False  # leading and trailing spaces and blank lines are the editor's to keep
        super().__init__(**kwargs)
        self.widget.attrs.update({"rows": rows, "class": "vLargeTextField", "lang": "vi"})

    def to_python(self, value):
        return intake.normalize_newlines(super().to_python(value))


class IntakeAddForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("Tệp bài viết"),
        required=False,
        allow_empty_file=True,  # refused by the intake, with its own message
        help_text=gettext_lazy("Văn bản thuần (.txt), trang web đã lưu (.html, .mhtml), Word (.docx) hoặc PDF."),
    )
    pasted = ConfirmedTextField(
        label=gettext_lazy("Hoặc dán văn bản bài viết"), required=False, widget=forms.Textarea, rows=12
    )

    class Meta:
        model = ArticleIntake
        fields = ["provinces"]

    def clean(self):
        cleaned_data = super().clean()
        upload, pasted = cleaned_data.get("upload"), cleaned_data.get("pasted") or ""
        if upload and pasted.strip():
            self.add_error(None, _("Hãy chọn một trong hai: tải tệp lên hoặc dán văn bản, không cả hai."))
        elif not upload and not pasted:
            self.add_error(None, _("Hãy tải tệp bài viết lên hoặc dán văn bản bài viết."))
        else:
            try:
                extracted = intake.read_upload(upload) if upload else intake.from_pasted(pasted)
            except intake.IntakeError as error:
                self.add_error("upload" if upload else "pasted", error.message)
            else:
                self.instance.take(extracted)
        return cleaned_data


def https_by_default(field, **kwargs):
    """A source URL typed without a scheme is https, as in the report's admin (and Django 6)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class IntakeChangeForm(forms.ModelForm):
    wants_report = False  # set for the "Tạo báo cáo (bản nháp)" button (ArticleIntakeAdmin.get_form)

    class Meta:
        model = ArticleIntake
        fields = [
            "provinces",
            "title",
            "title_en",
            "title_from_source",
            "slug",
            "publisher",
            "byline",
            "published_on",
            "url",
            "text",
        ]
        field_classes = {"text": ConfirmedTextField}
        # Built when this module loads, before the admin's formfield_overrides can apply.
        formfield_callback = https_by_default

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the edited values
        if self.wants_report and not self.errors:
            for field, problems in self.instance.report_errors(self.cleaned_data.get("provinces")).items():
                for problem in problems:
                    self.add_error(field if field in self.fields else None, problem)


@admin.register(ArticleIntake)
class ArticleIntakeAdmin(admin.ModelAdmin):
    change_form_template = "admin/curation/articleintake/change_form.html"
    change_list_template = "admin/curation/articleintake/change_list.html"
    list_display = ["__str__", "source_name", "source_format", "created_by", "created_at", "report_link"]
    list_filter = ["source_format", ("report", admin.EmptyFieldListFilter)]
    search_fields = ["title", "source_name", "text"]
    list_select_related = ["created_by", "report"]
    formfield_overrides = {
        # A few dozen provinces: checkboxes read and tap better than a two-list widget, as for themes.
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        # A source URL typed without a scheme is https, as in the report's admin.
        models.URLField: {"assume_scheme": "https"},
    }
    add_fieldsets = [(None, {"fields": ["upload", "pasted", "provinces"]})]
    proposed_fields = ["title", "title_en", "title_from_source", "slug", "publisher", "byline", "published_on", "url"]
    fieldsets = [
        (None, {"fields": ["source_name", "source_format", "provinces", "report_link"]}),
        (
            gettext_lazy("Thông tin đề xuất từ tệp"),
            {
                "fields": proposed_fields,
                "description": gettext_lazy("Đề xuất từ siêu dữ liệu của tệp: hãy kiểm tra từng mục."),
            },
        ),
        (gettext_lazy("Văn bản bài viết"), {"fields": ["text"]}),
        (gettext_lazy("Tải lên"), {"fields": ["created_by", "created_at", "source_sha256"], "classes": ["collapse"]}),
    ]
    info_fields = ["source_name", "source_format", "report_link", "created_by", "created_at", "source_sha256"]

    @admin.display(description=gettext_lazy("báo cáo đã tạo"))
    def report_link(self, obj):
        if obj.report_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:provinces_report_change", args=[obj.report_id]), obj.report.title
        )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.report_id:  # done: later corrections are made on the report itself
            return [field for _, options in self.fieldsets for field in options["fields"]]
        return self.info_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = IntakeChangeForm if obj is not None else IntakeAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and CREATE_REPORT in request.POST:
            form = type(form.__name__, (form,), {"wants_report": True})
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _(
                "Đã đọc văn bản từ “%(source)s”. Hãy đọc lại văn bản và các thông tin đề xuất, điền tiêu đề "
                "tiếng Anh rồi bấm “Tạo báo cáo (bản nháp)”."
            )
            % {"source": obj.source_name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:curation_articleintake_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if CREATE_REPORT not in request.POST:
            return super().response_change(request, obj)
        try:
            report = obj.create_report()
        except ValidationError as error:  # checked by the form already; only a simultaneous change lands here
            for problems in error.message_dict.values():
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(request.path)  # the edits were saved; the report was not created
        self.message_user(
            request,
            _("Đã tạo báo cáo “%(report)s” ở dạng bản nháp: công chúng chưa thấy cho đến khi báo cáo được công bố.")
            % {"report": report.title},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:provinces_report_change", args=[report.pk]))
