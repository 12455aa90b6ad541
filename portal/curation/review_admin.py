"""The review queue in the admin: propose candidates for a report, then accept or reject each.

The change list has a form to propose candidates for any report (drafts included), which
opens the report's review page: the article with every candidate highlighted, their list beside
it, and a form to add a passage the rules missed (select it in the article, or type it). A
candidate's page has "Nhận" (accept: the record is created as a draft) and "Loại" (reject, with
the reason typed above) beside the usual save, and moves on to the report's next pending
candidate, so an editor goes through a report without returning to the list.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.numbers import parse_int
from provinces.models import Report
from provinces.models.reports import excerpt_error
from provinces.passages import Passage, split_into_paragraphs

from . import review
from .models import Candidate, CorrectionRequest


def field_label(name):
    """The candidate's label for a field the record refused; the record's own fields keep their name."""
    if name == "__all__":
        return ""
    try:
        return Candidate._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


class PassageForm(forms.Form):
    """A passage the rules missed: its kind and its text, verbatim from the report."""

    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Candidate.KINDS)
    excerpt = forms.CharField(
        label=gettext_lazy("Đoạn trích"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bôi đen một đoạn trong bài ở trên để chép vào đây, hoặc chép nguyên văn."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_excerpt(self):
        # Browsers send CRLF line ends from a textarea; the body has LF.
        excerpt = self.cleaned_data["excerpt"].replace("\r\n", "\n").strip()
        if excerpt not in self.report.body:
            raise ValidationError(excerpt_error(self.report, excerpt))
        return excerpt

    def save(self):
        excerpt = self.cleaned_data["excerpt"]
        start = self.report.body.find(excerpt)
        candidate = Candidate(
            report=self.report, kind=self.cleaned_data["kind"], rule="editor", start=start,
            end=start + len(excerpt), excerpt=excerpt,
        )  # fmt: skip
        candidate.province, candidate.locality = review.place_in(self.report, excerpt)
        candidate.save()
        return candidate


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    change_list_template = "admin/curation/candidate/change_list.html"
    change_form_template = "admin/curation/candidate/change_form.html"
    list_display = ["__str__", "kind", "ordinal", "province", "status", "report_review"]
    list_filter = ["status", "kind", "report"]
    search_fields = ["excerpt", "title", "title_en"]
    list_select_related = ["report", "province"]
    autocomplete_fields = ["province", "locality", "indicator"]
    # Eight themes: checkboxes read and tap better than a two-list widget, on a phone too.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["report", "rule", "start", "end", "status", "record"]
    fieldsets = [
        (None, {"fields": ["report", "kind", "excerpt", "ordinal", "status", "record"]}),
        (gettext_lazy("Bản ghi sẽ tạo"), {"fields": ["title", "title_en", "subject", "subject_en", "summary_en"]}),
        (gettext_lazy("Nơi chốn và chủ đề"), {"fields": ["province", "locality", "themes"]}),
        (gettext_lazy("Con số (số liệu)"), {"fields": ["indicator", "raw", "value", "denominator", "unit"]}),
        (gettext_lazy("Loại đề xuất"), {"fields": ["reason"]}),
        (gettext_lazy("Vị trí trong bài"), {"fields": ["rule", "start", "end"], "classes": ["collapse"]}),
    ]

    @admin.display(description=gettext_lazy("báo cáo (trang duyệt)"), ordering="report__title")
    def report_review(self, candidate):
        url = reverse("admin:curation_candidate_review", args=[candidate.report_id])
        return format_html('<a href="{}#candidate-{}">{}</a>', url, candidate.pk, candidate.report)

    def has_add_permission(self, request):
        return False  # candidates come from the rules; a passage they missed is added as a record

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("propose/", view(self.propose_view), name="curation_candidate_propose"),
            path("review/<int:report_id>/", view(self.review_view), name="curation_candidate_review"),
            *super().get_urls(),
        ]

    def review_view(self, request, report_id):
        """The article with every candidate highlighted beside their list, and a form to add a
        candidate from a passage the editor selects (or types) that the rules missed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=report_id)
        candidates = list(report.candidates.order_by("start", "kind"))
        form = PassageForm(request.POST or None, report=report)
        if request.method == "POST" and self.has_change_permission(request) and form.is_valid():
            candidate = form.save()
            self.message_user(request, _("Đã thêm đề xuất từ đoạn đã chọn; hãy hoàn thiện rồi nhận."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:curation_candidate_change", args=[candidate.pk]))
        passages = [Passage(c.start, c.end, f"candidate-{c.pk}", c) for c in candidates if c.status != "rejected"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Duyệt đề xuất: %(report)s") % {"report": report.title},
            "report": report,
            "candidates": candidates,
            "paragraphs": split_into_paragraphs(report.body, passages),
            "form": form,
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/curation/candidate/review.html", context)

    def changelist_view(self, request, extra_context=None):
        extra = {
            "reports": Report.objects.order_by("title"),
            # Readers' error reports waiting for an editor belong to the same queue of work.
            "new_corrections": CorrectionRequest.objects.filter(status=CorrectionRequest.Status.NEW).count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    def propose_view(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:curation_candidate_changelist"))
        report_id = parse_int(request.POST.get("report", ""))
        if report_id is None:
            self.message_user(request, _("Hãy chọn một báo cáo."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:curation_candidate_changelist"))
        report = get_object_or_404(Report, pk=report_id)
        created = review.propose(report)
        self.message_user(
            request,
            _("Đã đề xuất %(count)d bản ghi từ “%(report)s”.") % {"count": len(created), "report": report.title},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:curation_candidate_review", args=[report.pk]))

    def response_change(self, request, obj):
        decision = "_accept" if "_accept" in request.POST else "_reject" if "_reject" in request.POST else None
        if decision is None:
            return super().response_change(request, obj)
        try:
            if decision == "_accept":
                record = review.accept(obj, request.user)
                self.message_user(
                    request,
                    _("Đã tạo bản nháp “%(record)s”; công bố báo cáo để công chúng thấy.") % {"record": record},
                    messages.SUCCESS,
                )
            else:
                review.reject(obj, obj.reason)
                self.message_user(request, _("Đã loại đề xuất."), messages.SUCCESS)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                label = field_label(field)
                for problem in problems:
                    self.message_user(request, f"{label}: {problem}" if label else problem, messages.ERROR)
            return HttpResponseRedirect(request.path)  # the edits were saved; the decision was not
        following = (
            Candidate.objects.filter(report=obj.report, status=Candidate.Status.PENDING, start__gte=obj.start)
            .exclude(pk=obj.pk)
            .order_by("start", "kind")
            .first()
        )
        if following is not None:
            return HttpResponseRedirect(reverse("admin:curation_candidate_change", args=[following.pk]))
        return HttpResponseRedirect(reverse("admin:curation_candidate_review", args=[obj.report_id]))
