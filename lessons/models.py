"""What provinces learned and did: themes, lessons and initiatives.

This app builds on `provinces` (places, reports) and `portal.core`; neither imports from here
(import-linter's layer contract in pyproject.toml checks it).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core import fidelity
from portal.core.locking import VersionedModel
from portal.core.models import HISTORY_EXCLUDED, BilingualMixin, CleanText, Publishable, related_counts
from portal.core.search import Searchable, SearchableQuerySet
from provinces.models import Locality, Province, Report, SourcedRecord


class ThemeQuerySet(models.QuerySet):
    def public(self):
        """What the public may see of themes (all eight, in their order)."""
        return self.all()

    def with_counts(self):
        return self.annotate(**related_counts(Theme))


class Theme(CleanText, BilingualMixin, VersionedModel):
    """One of the 8 scored main indicators of the provincial DTI index (Decision 922/QĐ-BTTTT)."""

    # What its pages count for it (lesson_count, ...): portal.core.models.related_counts().
    COUNTED_RELATIONS = ("lessons", "initiatives")

    class Group(models.TextChoices):
        PILLAR = "pillar", _("trụ cột")
        FOUNDATION = "foundation", _("nền tảng")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    group = models.CharField(_("nhóm"), max_length=20, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả tiếng Anh"), blank=True)

    objects = models.Manager.from_queryset(ThemeQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lessons:theme-detail", args=[self.slug])


class PlacedRecord(CleanText, BilingualMixin, VersionedModel, SourcedRecord, Searchable):
    """A sourced record that belongs to a province and, optionally, one of its localities."""

    # Related names become province.lessons, province.initiatives, theme.lessons, ...
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="%(class)ss")
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("địa phương"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("chủ đề"), related_name="%(class)ss")

    class Meta:
        abstract = True

    def place_names(self):
        names = [self.province.name, self.province.name_en]
        if self.locality_id:
            names += [self.locality.name, self.locality.name_en]
        return names


class PlacedQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see (published, from a published report), with its place, source
        report and themes: one query per relation."""
        published = Publishable.Status.PUBLISHED
        return (
            self.filter(status=published, report__status=published)
            .select_related("province", "locality", "report")
            .prefetch_related("themes")
        )

    def newest_first(self):
        """Newest report first, undated reports last; ties by report, then in load order.

        Feeds merge lessons and initiatives in Python with the same key (portal.public.feeds).
        """
        return self.order_by(models.F("report__published_on").desc(nulls_last=True), "report__slug", "pk")

    def latest(self, count):
        """The `count` most recently reported records, in `newest_first()` order.

        They lie in the `count` newest reports that have any of these records: those are found
        on the small reports table first, so only their records are sorted, not every record.
        """
        newest_reports = (
            Report.objects.public()
            .filter(Exists(self.filter(report=OuterRef("pk"))))
            .order_by(models.F("published_on").desc(nulls_last=True), "slug")
            .values("pk")[:count]
        )
        return self.filter(report__in=newest_reports).newest_first()[:count]

    def count_by_theme_and_province(self):
        """{(theme id, province id): number of records}, from one aggregate query.

        A record with two themes counts once under each; a record without a theme is not counted.
        """
        rows = (
            self.filter(themes__isnull=False)
            .order_by()
            .values("themes", "province")
            .annotate(count=Count("pk", distinct=True))
        )
        return {(row["themes"], row["province"]): row["count"] for row in rows}


class LessonQuerySet(PlacedQuerySet):
    def count_by_kind(self):
        """[(kind, its label, number of lessons)] in the order of Lesson.Kind, from one aggregate query."""
        counts = dict(self.order_by().values_list("kind").annotate(count=Count("pk")))
        return [(kind, label, counts[kind]) for kind, label in Lesson.Kind.choices if counts.get(kind)]


class Lesson(PlacedRecord):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("bài học kinh nghiệm")
        CHALLENGE = "challenge", _("hạn chế, khó khăn")
        TASK = "task", _("nhiệm vụ")
        SOLUTION = "solution", _("giải pháp")
        PROPOSAL = "proposal", _("đề xuất")
        RESULT = "result", _("kết quả")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    subject = models.CharField(
        _("chủ thể"), max_length=200, help_text=_("Ai rút ra bài học: Sở TT&TT, một xã, Đài PT-TH…")
    )
    subject_en = models.CharField(_("chủ thể (tiếng Anh)"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    ordinal = models.PositiveSmallIntegerField(
        _("thứ tự trong danh sách"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=200)
    summary_en = models.TextField(_("tóm tắt tiếng Anh"))

    objects = models.Manager.from_queryset(LessonQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, m2m_fields=["themes"])

    class Meta:
        ordering = ["province__name", "report__slug", "kind", "ordinal", "slug"]
        verbose_name = _("bài học")
        verbose_name_plural = _("bài học")
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1), name="lesson_ordinal_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:lesson-detail", args=[self.slug])

    def search_names(self):
        return [self.title, self.title_en]

    def search_parts(self):
        return [
            self.subject,
            self.subject_en,
            self.summary_en,
            self.excerpt,
            *self.place_names(),
        ]

    def clean(self):
        super().clean()
        errors = fidelity.english_number_errors(self, ("title_en", "summary_en", "subject_en"))
        # A list must not look longer than the article's: a position needs the article's own marker.
        wrong = fidelity.ordinal_errors(self.excerpt, self.ordinal)
        if wrong:
            errors["ordinal"] = _(
                "Chỉ ghi thứ tự khi trích đoạn bắt đầu bằng dấu hiệu đánh số của bài (“Thứ nhất”, “Một là”, "
                "“Đầu tiên”, “Tiếp đó”…), và đúng số đó; “Cùng với đó”, “Bên cạnh đó”, “Ngoài ra” không phải là thứ tự."
            )
        if errors:
            raise ValidationError(errors)


class InitiativeQuerySet(PlacedQuerySet):
    pass


class Initiative(PlacedRecord):
    class Level(models.TextChoices):
        PROVINCE = "province", _("cấp tỉnh")
        DISTRICT = "district", _("cấp huyện")
        COMMUNE = "commune", _("cấp xã")

    class Role(models.TextChoices):
        """What the province (or locality) did with it: the article may name others' programmes."""

        OWN = "own", _("do địa phương xây dựng")
        HOSTED = "hosted", _("địa phương đăng cai")
        PROMOTED = "promoted", _("địa phương triển khai, hưởng ứng")
        PRE_EXISTING = "pre_existing", _("đã có từ trước")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    role = models.CharField(
        _("vai trò của địa phương"),
        max_length=20,
        choices=Role.choices,
        default=Role.OWN,
        help_text=_(
            "Do địa phương xây dựng; đăng cai (diễn đàn, sự kiện của nơi khác); triển khai, hưởng ứng "
            "(chương trình quốc gia, nền tảng của bộ); hay một cơ quan đã có từ trước bài viết."
        ),
    )
    start_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    summary_en = models.TextField(_("tóm tắt tiếng Anh"))

    objects = models.Manager.from_queryset(InitiativeQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, m2m_fields=["themes"])

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=1990, start_year__lte=2100),
                name="initiative_start_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lessons:initiative-detail", args=[self.slug])

    def search_names(self):
        return [self.name, self.name_en]

    def search_parts(self):
        return [self.summary_en, self.excerpt, *self.place_names()]

    def clean(self):
        super().clean()
        if self.level == self.Level.PROVINCE and self.locality_id:
            raise ValidationError({"level": _("Sáng kiến gắn với một địa phương không thể là cấp tỉnh.")})
        errors = fidelity.english_number_errors(self, ("name_en", "summary_en"))
        if errors:
            raise ValidationError(errors)
