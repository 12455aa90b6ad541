"""Places, source reports and what they measure.

Every fact on the portal comes from a Report; `SourcedRecord` ties a record to the exact
passage of the report that states it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.locking import VersionedModel
from portal.vntext import fold, format_number


class BilingualMixin:
    """Pick the Vietnamese or English form of a field for the active language."""

    def localized(self, field):
        if is_english():
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    # Templates cannot pass arguments, so each bilingual field gets a property.
    localized_name = property(lambda self: self.localized("name"))
    localized_title = property(lambda self: self.localized("title"))
    localized_subject = property(lambda self: self.localized("subject"))
    localized_description = property(lambda self: self.localized("description"))

    @property
    def localized_label(self):
        """The record's title or, for records without one, its name: what a feed or a citation calls it."""
        return self.localized("title" if hasattr(self, "title") else "name")


def is_english():
    return (get_language() or "vi").startswith("en")


def count_related(model, name):
    """A correlated COUNT subquery for the reverse relation `name` of `model`.

    Several Count() annotations over different joins multiply rows; one subquery per relation
    keeps each count exact and the query cost linear.
    """
    relation = model._meta.get_field(name)
    if relation.many_to_many:
        # Count rows of the link table itself (theme -> lesson links), without joining lessons.
        rows, lookup = relation.through.objects, relation.field.m2m_reverse_field_name()
    else:
        rows, lookup = relation.related_model.objects, relation.field.name
    counts = (
        rows.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        # COUNT(*) lets PostgreSQL answer from the foreign key's index alone (an index-only scan).
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


SlugManager = models.Manager.from_queryset(SlugQuerySet)


# `search_text` is derived from the other fields and recomputed on save: no need to keep old copies.
HISTORY_EXCLUDED = ["search_text"]


class SearchableQuerySet(SlugQuerySet):
    def search(self, query):
        """Rows with a word starting with each word of the query, accents and case ignored.

        "tu le" finds "Tú Lệ"; rows that hold the query as a whole phrase come first. Matching
        runs in the database on the stored `search_text` column (" tu le van chan "): a plain
        substring test on " <word>", which PostgreSQL can serve from a trigram index.
        """
        words = fold(query).split()
        if not words:
            return self
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=f" {word}")
        phrase_first = Case(
            When(search_text__contains=f" {' '.join(words)} ", then=0), default=1, output_field=models.IntegerField()
        )
        return queryset.annotate(search_rank=phrase_first).order_by("search_rank", *self.model._meta.ordering)


class Searchable(models.Model):
    """A model with a stored, folded copy of its searchable text ("Tú Lệ" -> "tu le")."""

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.folded_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def folded_search_text(self):
        """The value save() stores in `search_text`; bulk writers (bulk_create) set it from here."""
        # Spaces at both ends: every word, first and last included, is preceded and followed by one.
        return f" {fold(' '.join(part for part in self.search_parts() if part))} "

    def search_parts(self):
        raise NotImplementedError


class ProvinceQuerySet(SearchableQuerySet):
    def with_counts(self):
        return self.annotate(
            lesson_count=count_related(Province, "lessons"),
            initiative_count=count_related(Province, "initiatives"),
            metric_count=count_related(Province, "metrics"),
            report_count=count_related(Province, "reports"),
        )

    def with_data(self):
        """Provinces with at least one lesson, initiative or metric (worth comparing)."""

        def has(name):
            relation = Province._meta.get_field(name)
            return Exists(relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")}))

        return self.filter(Q(has("lessons")) | Q(has("initiatives")) | Q(has("metrics")))


class ReportQuerySet(SearchableQuerySet):
    def with_counts(self):
        return self.annotate(
            lesson_count=count_related(Report, "lessons"),
            initiative_count=count_related(Report, "initiatives"),
            metric_count=count_related(Report, "metrics"),
        )


class Province(BilingualMixin, VersionedModel, Searchable):
    class Region(models.TextChoices):
        NORTHERN_MIDLANDS = "northern-midlands-mountains", _("Trung du và miền núi phía Bắc")
        RED_RIVER_DELTA = "red-river-delta", _("Đồng bằng sông Hồng")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=100, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    gso_code = models.CharField(
        _("mã GSO"),
        max_length=2,
        unique=True,
        help_text=_("Mã đơn vị hành chính cấp tỉnh của Tổng cục Thống kê (hai chữ số)."),
    )
    region = models.CharField(_("vùng"), max_length=40, choices=Region.choices)
    # The 2025 provincial merger: kept as successor data, so 2022–2023 reports keep their names.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh kế thừa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_provinces",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)
    merger_source = models.CharField(_("căn cứ sáp nhập"), max_length=300, blank=True)

    objects = models.Manager.from_queryset(ProvinceQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")
        constraints = [
            models.CheckConstraint(condition=Q(gso_code__regex=r"^[0-9]{2}$"), name="province_gso_code_two_digits"),
            models.CheckConstraint(
                condition=(
                    Q(successor__isnull=True, merged_on__isnull=True)
                    | Q(successor__isnull=False, merged_on__isnull=False)
                ),
                name="province_successor_and_date_together",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("provinces:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def search_parts(self):
        return [self.name, self.name_en]

    def clean(self):
        if (self.successor_id is None) != (self.merged_on is None):
            raise ValidationError(_("Tỉnh kế thừa và ngày sáp nhập phải được nhập cùng nhau."), code="merger")
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Một tỉnh không thể kế thừa chính nó.")})
        if self.successor_id and not self.merger_source:
            raise ValidationError({"merger_source": _("Hãy ghi văn bản quy định việc sáp nhập.")})


class LocalityQuerySet(SearchableQuerySet):
    def get_by_natural_key(self, province_slug, slug):
        return self.get(province__slug=province_slug, slug=slug)


class Locality(BilingualMixin, VersionedModel, Searchable):
    class Level(models.TextChoices):
        CITY = "city", _("thành phố")
        TOWN = "town", _("thị xã")
        DISTRICT = "district", _("huyện")
        TOWNSHIP = "township", _("thị trấn")
        COMMUNE = "commune", _("xã")
        WARD = "ward", _("phường")

    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="localities")
    # Unique across provinces so that `?locality=tu-le` needs no province to be read.
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = models.Manager.from_queryset(LocalityQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("địa phương")
        verbose_name_plural = _("địa phương")

    def __str__(self):
        return f"{self.name} ({self.province.name})"

    def get_absolute_url(self):
        return f"{self.province.get_absolute_url()}#{self.slug}"

    def natural_key(self):
        return (self.province.slug, self.slug)

    natural_key.dependencies = ["provinces.province"]

    def search_parts(self):
        return [self.name, self.name_en, self.province.name]

    def clean(self):
        if self.parent_id and self.province_id and self.parent.province_id != self.province_id:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cùng tỉnh.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một địa phương không thể thuộc chính nó.")})


class Report(BilingualMixin, VersionedModel, Searchable):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=300)
    title_from_source = models.BooleanField(
        _("tiêu đề lấy từ bài"),
        default=True,
        help_text=_("Bỏ chọn khi bài không ghi tiêu đề và tiêu đề do biên tập viên đặt."),
    )
    publisher = models.CharField(_("cơ quan đăng"), max_length=200, blank=True)
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
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
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="report_body_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("provinces:report-detail", args=[self.slug])

    def search_parts(self):
        return [self.title, self.title_en, self.publisher, self.byline, self.body]

    def natural_key(self):
        return (self.slug,)


class IndicatorQuerySet(SearchableQuerySet):
    def with_counts(self):
        return self.annotate(
            metric_count=count_related(Indicator, "metrics"),
            province_count=Coalesce(
                Subquery(
                    Metric.objects.filter(indicator=OuterRef("pk"))
                    .order_by()
                    .values("indicator")
                    .annotate(count=Count("province", distinct=True))
                    .values("count"),
                    output_field=models.IntegerField(),
                ),
                0,
            ),
        )


class Indicator(BilingualMixin, VersionedModel, Searchable):
    class Unit(models.TextChoices):
        COUNT = "count", _("số lượng")
        PERCENT = "percent", _("tỷ lệ %")
        RANK = "rank", _("thứ hạng")
        RATIO = "ratio", _("tỷ số")
        YEAR = "year", _("năm")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300)
    unit = models.CharField(_("đơn vị"), max_length=20, choices=Unit.choices)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả tiếng Anh"), blank=True)

    objects = models.Manager.from_queryset(IndicatorQuerySet)()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("provinces:indicator-detail", args=[self.slug])

    def search_parts(self):
        return [self.name, self.name_en, self.description, self.description_en]

    def natural_key(self):
        return (self.slug,)


class SourcedRecord(models.Model):
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

    class Meta:
        abstract = True

    @property
    def source_anchor(self):
        """The id of this record's highlighted passage on the report page."""
        return f"{self._meta.model_name}-{self.slug}"

    def get_source_url(self):
        return f"{self.report.get_absolute_url()}#{self.source_anchor}"

    @property
    def excerpt_start(self):
        """Offset of the excerpt in the report body (-1 if it no longer matches)."""
        return self.report.body.find(self.excerpt)

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
            raise ValidationError(
                {
                    "excerpt": _(
                        "Trích đoạn không có nguyên văn trong báo cáo “%(report)s”. "
                        "Hãy chép đúng từng chữ, kể cả dấu và dấu câu."
                    )
                    % {"report": self.report.title}
                },
                code="excerpt_not_in_report",
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
            if not self.report.provinces.filter(pk=province_id).exists():
                errors["province"] = _("Báo cáo “%(report)s” không nói về tỉnh này.") % {"report": self.report.title}
        if errors:
            raise ValidationError(errors)


class MetricQuerySet(SlugQuerySet):
    def for_list(self):
        return self.select_related("indicator", "province", "locality", "report")

    def compared(self, provinces):
        """The metrics of `provinces`, each annotated with `shared_by`: how many of those
        provinces have a metric for the same indicator (2 or more: a shared indicator)."""
        sharing = (
            Metric.objects.filter(indicator=OuterRef("indicator"), province__in=provinces)
            .order_by()
            .values("indicator")
            .annotate(count=Count("province", distinct=True))
            .values("count")
        )
        return self.filter(province__in=provinces).annotate(
            shared_by=Coalesce(Subquery(sharing, output_field=models.IntegerField()), 0)
        )


class Metric(VersionedModel, SourcedRecord):
    class Qualifier(models.TextChoices):
        EXACT = "exact", _("đúng bằng")
        OVER = "over", _("trên")
        ABOUT = "about", _("khoảng")
        AT_LEAST = "at_least", _("ít nhất")
        AT_MOST = "at_most", _("trong nhóm")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="metrics"
    )
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="metrics")
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("địa phương"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="metrics",
    )
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    denominator = models.DecimalField(
        _("mẫu số"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Ví dụ 2.910 trong “1.292/2.910 chi bộ”, hoặc 63 trong thứ hạng “14/63”."),
    )
    qualifier = models.CharField(_("mức chính xác"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    period_year = models.PositiveSmallIntegerField(
        _("năm"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    period_month = models.PositiveSmallIntegerField(
        _("tháng"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    objects = models.Manager.from_queryset(MetricQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__name", "province__name", "-period_year"]
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="metric_value_not_negative"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="metric_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(period_month__isnull=True)
                | Q(period_month__gte=1, period_month__lte=12, period_year__isnull=False),
                name="metric_month_in_range_with_year",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} – {self.province.name}: {self.display_value()}"

    def get_absolute_url(self):
        return f"{self.indicator.get_absolute_url()}#{self.slug}"

    def natural_key(self):
        return (self.slug,)

    @property
    def localized_value(self):
        return self.display_value("en" if is_english() else "vi")

    @property
    def localized_display(self):
        """The figure as a reader should see it: ranks as ranks, qualifiers spelled out."""
        value = self.localized_value
        if self.indicator.unit == Indicator.Unit.RANK:
            if self.denominator is None:
                return gettext("trong nhóm %(top)s dẫn đầu") % {"top": value}
            return gettext("hạng %(rank)s") % {"rank": value}
        if self.qualifier != self.Qualifier.EXACT:
            return f"{self.get_qualifier_display()} {value}"
        return value

    def display_value(self, language="vi"):
        value = format_number(self.value, language)
        if self.indicator.unit == Indicator.Unit.PERCENT:
            value = f"{value}%"
        if self.denominator is not None:
            value = f"{value}/{format_number(self.denominator, language)}"
        return value

    def clean(self):
        super().clean()
        errors = {}
        if self.period_month and not self.period_year:
            errors["period_month"] = _("Có tháng thì phải có năm.")
        if self.indicator_id:
            unit = self.indicator.unit
            if unit == Indicator.Unit.PERCENT and self.value is not None and self.value > 100:
                errors["value"] = _("Tỷ lệ phần trăm không thể lớn hơn 100.")
            if unit == Indicator.Unit.RANK and self.denominator is None and (self.qualifier != self.Qualifier.AT_MOST):
                errors["denominator"] = _("Thứ hạng cần có tổng số (ví dụ 63 trong “14/63”).")
        if self.denominator is not None and self.value is not None and self.value > self.denominator:
            errors["value"] = _("Giá trị không thể lớn hơn mẫu số.")
        if errors:
            raise ValidationError(errors)
