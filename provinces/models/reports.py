"""Source reports (the articles every fact comes from) and the base of every record that quotes one.

`SourcedRecord` ties a record to the exact passage of its report that states it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core import dates, fidelity
from portal.core.excerpts import anchor, mismatch
from portal.core.locking import VersionedModel
from portal.core.models import HISTORY_EXCLUDED, BilingualMixin, CleanText, Publishable, count_related, quoting_managers
from portal.core.search import Searchable, SearchableQuerySet

from .places import Province


class ReportQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see of reports (the published ones), with the provinces each covers."""
        return self.filter(status=Publishable.Status.PUBLISHED).prefetch_related("provinces")

    def with_counts(self):
        return self.annotate(
            lesson_count=count_related(Report, "lessons"),
            initiative_count=count_related(Report, "initiatives"),
            metric_count=count_related(Report, "metrics"),
        )


class Report(CleanText, BilingualMixin, VersionedModel, Publishable, Searchable):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("ngày")
        MONTH = "month", _("tháng")
        YEAR = "year", _("năm")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=300)
    title_from_source = models.BooleanField(
        _("tiêu đề lấy từ bài"),
        default=True,
        help_text=_("Bỏ chọn khi bài không ghi tiêu đề và tiêu đề do biên tập viên đặt."),
    )
    series_part = models.CharField(
        _("phần của loạt bài"), max_length=60, blank=True, help_text=_("Ví dụ “Bài 2”, đúng như bài ghi.")
    )
    publisher = models.CharField(
        _("cơ quan đăng"), max_length=200, blank=True, help_text=_("Để trống khi không rõ nơi đăng bài này.")
    )
    byline = models.CharField(_("tác giả (như bài ghi)"), max_length=200, blank=True)
    byline_normalised = models.CharField(
        _("tác giả (chuẩn hoá)"),
        max_length=200,
        blank=True,
        help_text=_("Tên tác giả viết chuẩn để trích dẫn, cách nhau bằng dấu chấm phẩy, ví dụ “Quý Trọng; Thừa Xuân”."),
    )
    # A republication ("Theo Nguyễn Hương (Báo Nam Định)"): the original, as the text names it.
    original_author = models.CharField(_("tác giả bài gốc"), max_length=200, blank=True)
    original_outlet = models.CharField(_("báo đăng bài gốc"), max_length=200, blank=True)
    published_on = models.DateField(
        _("ngày đăng"),
        null=True,
        blank=True,
        help_text=_("Với độ chính xác tháng hoặc năm, ghi ngày đầu tháng hoặc đầu năm."),
    )
    date_precision = models.CharField(
        _("độ chính xác của ngày"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_inferred = models.BooleanField(
        _("ngày suy ra"), default=False, help_text=_("Bài không ghi ngày; ngày được suy ra từ câu dưới đây.")
    )
    date_evidence = models.TextField(
        _("câu cho biết ngày"),
        blank=True,
        help_text=_("Nguyên văn câu trong bài ghi hoặc cho thấy ngày đăng, ví dụ “Tính đến tháng 8/2023, …”."),
    )
    url = models.URLField(_("địa chỉ"), max_length=500, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    body = models.TextField(_("toàn văn"))
    provinces = models.ManyToManyField(Province, verbose_name=_("tỉnh"), related_name="reports")
    source_file = models.CharField(_("tệp gốc"), max_length=200)

    objects = models.Manager.from_queryset(ReportQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, m2m_fields=["provinces"])

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("báo cáo nguồn")
        verbose_name_plural = _("báo cáo nguồn")
        permissions = [("publish_report", _("Có thể công bố báo cáo và các bản ghi của nó"))]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="report_body_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("provinces:report-detail", args=[self.slug])

    @property
    def source_report(self):
        """A report is its own source (citations ask every record for its source report)."""
        return self

    def search_names(self):
        return [self.title, self.title_en]

    def search_parts(self):
        return [self.publisher, self.byline, self.body]

    @property
    def is_republication(self):
        return bool(self.original_outlet or self.original_author)

    @property
    def authors(self):
        """The authors to cite: the normalised byline, else the original author of a republication."""
        names = self.byline_normalised or self.original_author
        return [name.strip() for name in names.split(";") if name.strip()]

    @property
    def date_display(self):
        """The date as precisely as it is known, marked when inferred: "30/09/2023", "2022 (suy ra)"."""
        return dates.display(self.published_on, self.date_precision, self.date_inferred)

    @property
    def date_iso(self):
        """The date for <time datetime>, no more precise than known: "2022", "2023-08", "2023-09-30"."""
        return dates.iso(self.published_on, self.date_precision)

    def quoting_records(self):
        """Every record (published or draft) that quotes this report: lessons, initiatives, metrics."""
        for quoting in quoting_managers(self):
            yield from quoting.order_by("slug")

    def clean(self):
        super().clean()
        self.validate_date()
        self.validate_quoted_passages()

    def validate_date(self):
        """A date is as precise as its source: inferred ones carry the sentence that implies them."""
        errors = {}
        if self.published_on is not None:
            if self.date_precision != self.DatePrecision.DAY and self.published_on.day != 1:
                errors["published_on"] = _("Với độ chính xác tháng hoặc năm, hãy ghi ngày 1.")
            elif self.date_precision == self.DatePrecision.YEAR and self.published_on.month != 1:
                errors["published_on"] = _("Với độ chính xác năm, hãy ghi ngày 1/1.")
        if self.date_inferred and (self.published_on is None or not self.date_evidence):
            errors["date_evidence"] = _("Ngày suy ra cần có ngày và nguyên văn câu cho thấy ngày đó.")
        if self.date_evidence and self.body and anchor(self.body, self.date_evidence) is None:
            errors["date_evidence"] = _("Câu cho biết ngày phải có nguyên văn trong toàn văn bài.")
        if errors:
            raise ValidationError(errors)

    def validate_quoted_passages(self):
        """A new body must still hold every excerpt quoted from this report, word for word.

        The admin, the intake and any other form validate through here, so an edit that would
        leave a record quoting words the report no longer has is refused, naming each record.
        """
        if self.pk is None or not self.body:
            return
        broken = [record for record in self.quoting_records() if anchor(self.body, record.excerpt) is None]
        if broken:
            names = "; ".join(f"{record._meta.verbose_name} “{record}” ({record.slug})" for record in broken)
            raise ValidationError(
                {
                    "body": _(
                        "Văn bản mới không còn nguyên văn trích đoạn của %(count)d bản ghi: %(records)s. "
                        "Hãy giữ nguyên các câu được trích, hoặc sửa trích đoạn của các bản ghi đó trước."
                    )
                    % {"count": len(broken), "records": names}
                },
                code="breaks_excerpts",
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.reanchor_excerpts()

    def reanchor_excerpts(self):
        """Point each quoting record's offset at its excerpt in the current body.

        The offset is derived from the body, like `search_text`: it is updated in place,
        without a new version or history row of the record.
        """
        for quoting in quoting_managers(self):
            for record in quoting.all():
                start = anchor(self.body, record.excerpt, record.excerpt_start)
                if start != record.excerpt_start:
                    quoting.filter(pk=record.pk).update(excerpt_start=start)


class SourcedRecord(Publishable):
    """A record that states a fact from a report, with the passage that states it.

    The excerpt must be a verbatim substring of the report body: the same rule is checked in
    `clean()` (so the admin refuses a wrong edit with a clear message) and by the loader.
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("báo cáo nguồn"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",  # report.lessons, report.initiatives, report.metrics
    )
    excerpt = models.TextField(
        _("trích đoạn"),
        help_text=_("Chép nguyên văn từ báo cáo nguồn, giữ nguyên dấu và dấu câu."),
    )
    # Where the excerpt starts in the report's body; kept right by save() here and by the
    # report's own save when its body changes (Report.reanchor_excerpts).
    excerpt_start = models.PositiveIntegerField(_("vị trí trích đoạn"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def source_report(self):
        return self.report

    @property
    def source_anchor(self):
        """The id of this record's highlighted passage on the report page."""
        return f"{self._meta.model_name}-{self.slug}"

    def get_source_url(self):
        return f"{self.report.get_absolute_url()}#{self.source_anchor}"

    @property
    def excerpt_end(self):
        return None if self.excerpt_start is None else self.excerpt_start + len(self.excerpt)

    def save(self, *args, **kwargs):
        if self.report_id:
            self.excerpt_start = anchor(self.report.body, self.excerpt, self.excerpt_start)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "excerpt_start"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.validate_excerpt()
        self.validate_place()

    def validate_excerpt(self):
        if not self.report_id or not self.excerpt:
            return
        if not self.excerpt.strip():
            raise ValidationError({"excerpt": _("Trích đoạn không được để trống.")})
        if self.excerpt not in self.report.body:
            raise ValidationError({"excerpt": excerpt_error(self.report, self.excerpt)}, code="excerpt_not_in_report")
        if fidelity.unbalanced_quotes(self.excerpt):
            raise ValidationError(
                {"excerpt": _("Trích đoạn mở ngoặc kép mà không đóng (hoặc ngược lại): hãy lấy trọn câu trích dẫn.")}
            )
        start = anchor(self.report.body, self.excerpt, self.excerpt_start)
        if fidelity.cut_words(self.report.body, start, self.excerpt):
            raise ValidationError(
                {"excerpt": _("Trích đoạn cắt ngang một từ: hãy bắt đầu và kết thúc ở ranh giới từ.")}
            )

    def validate_place(self):
        """The locality must lie in the province, and the report must cover the province."""
        errors = {}
        province_id = getattr(self, "province_id", None)
        locality_id = getattr(self, "locality_id", None)
        if locality_id and province_id and self.locality.province_id != province_id:
            errors["locality"] = _("Địa phương “%(locality)s” không thuộc tỉnh đã chọn.") % {
                "locality": self.locality.name
            }
        if province_id and self.report_id and self.report.pk:
            if province_id not in {province.pk for province in self.report.provinces.all()}:
                errors["province"] = _("Báo cáo “%(report)s” không nói về tỉnh này.") % {"report": self.report.title}
        if errors:
            raise ValidationError(errors)


def excerpt_error(report, excerpt):
    """What an editor reads when an excerpt is not verbatim in its report: where they part."""
    found = mismatch(report.body, excerpt)
    message = _(
        "Trích đoạn không có nguyên văn trong báo cáo “%(report)s”. Hãy chép đúng từng chữ, kể cả dấu và dấu câu."
    ) % {"report": report.title}
    if not found.matched:
        return message
    if found.excerpt_char and found.text_char:
        detail = _(
            "Đoạn khớp dài nhất: “%(passage)s”; khác ở ký tự thứ %(position)d: "
            "trích đoạn có “%(mine)s”, báo cáo có “%(theirs)s”."
        )
    elif found.excerpt_char:
        detail = _("Đoạn khớp dài nhất: “%(passage)s”; từ ký tự thứ %(position)d (“%(mine)s”) báo cáo không còn tiếp.")
    else:
        detail = _("Đoạn khớp dài nhất: “%(passage)s”; trích đoạn dừng ở ký tự thứ %(position)d.")
    return f"{message} " + detail % {
        "passage": found.matched,
        "position": found.position,
        "mine": found.excerpt_char,
        "theirs": found.text_char,
    }


class NotCapturedQuerySet(models.QuerySet):
    def public(self):
        """Nothing: curators' notes are for the review, not for the public."""
        return self.none()


class NotCaptured(CleanText, models.Model):
    """A passage of a report that curators read and chose not to record, with their reason.

    Part of the curated file of the report (fixtures/curated/<report>.json, "not_captured"),
    kept so that the review of an article stays complete; never shown on the public site.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo nguồn"), on_delete=models.CASCADE, related_name="not_captured"
    )
    position = models.PositiveIntegerField(_("thứ tự"))
    text = models.TextField(_("đoạn văn"))
    reason = models.TextField(_("lý do không trích"))

    objects = NotCapturedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("đoạn không trích")
        verbose_name_plural = _("đoạn không trích")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="not_captured_position_per_report"),
        ]

    def __str__(self):
        return self.text[:80]
