"""Curation's own records: what the last load wrote, the candidates extraction proposes, the
articles editors take in (intake_models.py) and readers' reports of an error."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lessons.models import Lesson
from portal.core.models import CleanText
from provinces.models import Indicator

# An article taken in by an editor (upload or paste) until it becomes a report: its own module.
from .intake_models import ArticleIntake  # noqa: F401


class LoadedVersion(models.Model):
    """The version of one record as `load_portal_data` last left it.

    A record whose version has moved on since was saved by someone else (an editor in the
    admin): the loader keeps that edit instead of putting the fixtures' values back, unless it
    is told to overwrite edits. A record without a row here has never been written by a load.
    """

    model = models.CharField(max_length=60)  # "lessons.Lesson"
    key = models.CharField(max_length=200)  # the slug (unique per model, localities included)
    version = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="loaded_version_one_per_record")]

    def __str__(self):
        return f"{self.model} {self.key}: v{self.version}"


class Candidate(CleanText, models.Model):
    """A record the extraction rules propose from a report, waiting for an editor's decision.

    The editor corrects what the rules guessed (kind, title, place, themes, English text, the
    indicator of a figure), then accepts it, which creates the record as a draft, or rejects it
    with a reason. `start`/`end` locate the proposed excerpt in the report's body.
    """

    # A candidate becomes a lesson of one of the lesson kinds, an initiative or a metric.
    INITIATIVE = "initiative"
    METRIC = "metric"
    KINDS = [*Lesson.Kind.choices, (INITIATIVE, _("sáng kiến")), (METRIC, _("số liệu"))]

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ duyệt")
        ACCEPTED = "accepted", _("đã nhận")
        REJECTED = "rejected", _("đã loại")

    report = models.ForeignKey(
        "provinces.Report", verbose_name=_("báo cáo nguồn"), on_delete=models.CASCADE, related_name="candidates"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=KINDS)
    rule = models.CharField(_("quy tắc đề xuất"), max_length=20, editable=False)
    start = models.PositiveIntegerField(_("vị trí đầu"))
    end = models.PositiveIntegerField(_("vị trí cuối"))
    excerpt = models.TextField(_("trích đoạn"))
    ordinal = models.PositiveSmallIntegerField(_("thứ tự trong danh sách"), null=True, blank=True)
    title = models.CharField(_("tiêu đề (hoặc tên)"), max_length=300, blank=True)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=300, blank=True)
    subject = models.CharField(_("chủ thể"), max_length=200, blank=True)
    subject_en = models.CharField(_("chủ thể (tiếng Anh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("tóm tắt tiếng Anh"), blank=True)
    province = models.ForeignKey(
        "provinces.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locality = models.ForeignKey(
        "provinces.Locality",
        verbose_name=_("địa phương"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    themes = models.ManyToManyField("lessons.Theme", verbose_name=_("chủ đề"), blank=True, related_name="+")
    raw = models.CharField(_("con số như bài viết"), max_length=60, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("đơn vị đoán được"), max_length=20, blank=True, choices=Indicator.Unit.choices)
    indicator = models.ForeignKey(
        "provinces.Indicator",
        verbose_name=_("chỉ tiêu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("lý do loại"), blank=True)
    record = models.CharField(_("bản ghi đã tạo"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["report", "start", "kind"]
        # "đề xuất" is also a kind of lesson (a proposal): a context keeps the two apart in English.
        verbose_name = pgettext_lazy("review queue", "đề xuất")
        verbose_name_plural = pgettext_lazy("review queue, plural", "đề xuất")

    def __str__(self):
        return self.title or self.excerpt[:80]


class CorrectionRequest(models.Model):
    """A reader's report that something on a public page is wrong, for editors to check.

    It points at the record whose page it was sent from (a lesson, initiative, indicator, report,
    theme or province). Nothing about the sender is kept but what they chose to give as a
    contact: no address, no cookie (the rate limit keeps a hashed address in the cache for an
    hour, never here). Nothing of it is ever shown on a public page.
    """

    class Status(models.TextChoices):
        NEW = "new", _("mới")
        FIXED = "fixed", _("đã sửa")
        DISMISSED = "dismissed", _("không cần sửa")

    content_type = models.ForeignKey(ContentType, verbose_name=_("loại bản ghi"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    record = GenericForeignKey("content_type", "object_id")
    # What the reader saw, kept should the record be renamed or removed.
    record_label = models.CharField(_("bản ghi (khi gửi)"), max_length=300)
    text = models.TextField(_("điều chưa đúng"))
    contact = models.CharField(_("liên hệ của bạn đọc"), max_length=200, blank=True)
    language = models.CharField(_("ngôn ngữ trang"), max_length=10)
    created = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.NEW)
    editor_note = models.TextField(_("ghi chú của biên tập viên"), blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="correction_record")]
        verbose_name = _("báo lỗi của bạn đọc")
        verbose_name_plural = _("báo lỗi của bạn đọc")

    def __str__(self):
        return f"{self.record_label}: {self.text[:60]}"
