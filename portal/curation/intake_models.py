"""A new article on its way in: the text read from an upload (or pasted), checked by an editor.

An editor uploads the article or pastes it (portal/curation/intake.py reads it), corrects the
text and the proposed title, date, byline and publisher, adds the English title, and creates the
source report from it: a draft whose body is exactly the confirmed text. The intake keeps the
link to its report and creates no second one.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.models import CleanText
from provinces.models import Province, Report

from . import intake
from .slugs import slug_from, unique_slug

FALLBACK_SLUG = "bai-viet"  # a title without a single Latin letter or digit
# A report's field -> the intake's field the editor corrects for it.
INTAKE_FIELD = {"body": "text", "source_file": NON_FIELD_ERRORS}


class ArticleIntake(CleanText, models.Model):
    class Format(models.TextChoices):
        TEXT = intake.TEXT, _("văn bản thuần (.txt)")
        WEB_PAGE = intake.WEB_PAGE, _("trang web đã lưu")
        DOCX = intake.DOCX, _("tệp Word (.docx)")
        PDF = intake.PDF, _("tệp PDF")
        PASTED = intake.PASTED, _("dán trực tiếp")

    source_name = models.CharField(_("tệp gốc"), max_length=intake.SOURCE_NAME_LENGTH, editable=False)
    source_format = models.CharField(_("loại tệp"), max_length=10, choices=Format.choices, editable=False)
    source_sha256 = models.CharField(_("mã SHA-256 của tệp"), max_length=64, editable=False)
    text = models.TextField(
        _("văn bản bài viết"),
        help_text=_(
            "Toàn văn của báo cáo sẽ tạo, lưu đúng từng ký tự như ở đây. Hãy đọc lại và sửa nếu cần, "
            "ví dụ xoá dòng chú thích ảnh hay dòng quảng cáo còn sót."
        ),
    )
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    title_en = models.CharField(
        _("tiêu đề tiếng Anh"),
        max_length=300,
        blank=True,
        help_text=_("Bắt buộc trước khi tạo báo cáo. Biên tập viên dịch: hệ thống không tự dịch."),
    )
    title_from_source = models.BooleanField(
        _("tiêu đề lấy từ bài"),
        default=True,
        help_text=_("Bỏ chọn khi bài không ghi tiêu đề và tiêu đề do biên tập viên đặt."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_("Để trống: tạo từ tiêu đề, không dấu, thêm số nếu đã có báo cáo trùng."),
    )
    publisher = models.CharField(_("cơ quan đăng"), max_length=200, blank=True)
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    url = models.URLField(_("địa chỉ"), max_length=500, blank=True)
    provinces = models.ManyToManyField(Province, verbose_name=_("tỉnh"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    report = models.OneToOneField(
        Report,
        verbose_name=_("báo cáo đã tạo"),
        on_delete=models.SET_NULL,  # a deleted report may be made again from its intake
        null=True,
        editable=False,
        related_name="intake",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bài viết mới")
        verbose_name_plural = _("bài viết mới")

    def __str__(self):
        return self.title or self.source_name

    def save(self, *args, **kwargs):
        # Only create_report() writes the link to the report: a save of a copy loaded before the
        # report was created (the second click of a double click) must not set it back to empty.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields if not field.primary_key]
            kwargs["update_fields"].remove("report")
        super().save(*args, **kwargs)

    def take(self, extracted):
        """Fill the intake from what portal/curation/intake.py read: the text and its proposals."""
        self.text = extracted.text
        self.source_name = extracted.source_name
        self.source_format = extracted.format
        self.source_sha256 = extracted.sha256
        self.title = extracted.title
        self.byline = extracted.byline
        self.publisher = extracted.publisher
        self.published_on = extracted.published_on
        self.url = extracted.url

    def proposed_slug(self):
        """The title without marks ("Đ" -> "d"), as a slug no report has yet."""
        return unique_slug(Report, slug_from(self.title, FALLBACK_SLUG))

    def draft_report(self):
        """The report this intake would create, unsaved: a draft whose body is exactly `text`."""
        return Report(
            slug=self.slug or self.proposed_slug(),
            title=self.title,
            title_en=self.title_en,
            title_from_source=self.title_from_source,
            publisher=self.publisher,
            byline=self.byline,
            published_on=self.published_on,
            url=self.url,
            body=self.text,
            source_file=self.source_name,
        )

    def report_errors(self, provinces):
        """{intake field: [messages]} of what keeps the report from being created; {} if nothing."""
        if self.report_id:
            return {NON_FIELD_ERRORS: [gettext("Bài viết này đã có báo cáo; không tạo báo cáo thứ hai.")]}
        errors = {}
        if not self.text.strip():
            errors["text"] = [gettext("Văn bản bài viết không được để trống.")]
        if not self.title.strip():
            errors["title"] = [gettext("Hãy điền tiêu đề của bài viết.")]
        if not self.title_en.strip():
            errors["title_en"] = [
                gettext("Hãy điền tiêu đề tiếng Anh (biên tập viên dịch; hệ thống không tự dịch) rồi tạo báo cáo.")
            ]
        if not provinces:
            errors["provinces"] = [gettext("Hãy chọn ít nhất một tỉnh mà bài viết nói đến.")]
        try:
            self.draft_report().full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(INTAKE_FIELD.get(name, name), list(messages))
        return errors

    @transaction.atomic
    def create_report(self):
        """Create the report as a draft and keep the link to it; ValidationError (nothing created) if it cannot be."""
        # The row lock makes a second, simultaneous "create" wait, then see the first one's report.
        self.report_id = type(self)._base_manager.select_for_update().values_list("report", flat=True).get(pk=self.pk)
        provinces = list(self.provinces.all())
        errors = self.report_errors(provinces)
        if errors:
            raise ValidationError(errors)
        report = self.draft_report()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # another report took the slug since it was checked
            raise ValidationError(
                {"slug": [gettext("Slug này vừa được dùng cho báo cáo khác. Hãy thử lại.")]}
            ) from None
        report.provinces.set(provinces)
        self.report = report
        self.save(update_fields=["report"])
        return report
