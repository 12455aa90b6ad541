"""What reports measure: indicators, and the figures (metrics) reported for them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core import fidelity
from portal.core.locking import VersionedModel
from portal.core.models import HISTORY_EXCLUDED, BilingualMixin, CleanText, Publishable, count_related, is_english
from portal.core.search import Searchable, SearchableQuerySet
from portal.core.vntext import format_number, parse_number

from .places import Locality, Province
from .reports import SourcedRecord


class IndicatorQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see of indicators."""
        return self.all()

    def with_counts(self):
        return self.annotate(
            metric_count=count_related(Indicator, "metrics"),
            province_count=Coalesce(
                Subquery(
                    Metric.objects.public()
                    .filter(indicator=OuterRef("pk"))
                    .order_by()
                    .values("indicator")
                    .annotate(count=Count("province", distinct=True))
                    .values("count"),
                    output_field=models.IntegerField(),
                ),
                0,
            ),
        )


class Indicator(CleanText, BilingualMixin, VersionedModel, Searchable):
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

    def search_names(self):
        return [self.name, self.name_en]

    def search_parts(self):
        return [self.description, self.description_en]

    def clean(self):
        errors = fidelity.english_number_errors(self, ("name_en", "description_en"))
        if errors:
            raise ValidationError(errors)


class MetricQuerySet(models.QuerySet):
    def public(self):
        """What the public may see of metrics (published, from a published report), with their
        indicator, place and source report."""
        published = Publishable.Status.PUBLISHED
        return self.filter(status=published, report__status=published).select_related(
            "indicator", "province", "locality", "report"
        )

    def headline_first(self):
        """Reported results first, then the articles' claims, targets last; newest period first.

        A province's page leads with these, each shown with its kind: a target is never read as
        an achievement."""
        rank = models.Case(
            models.When(kind=Metric.Kind.RESULT, then=0),
            models.When(kind=Metric.Kind.CLAIM, then=1),
            default=2,
        )
        return self.order_by(rank, models.F("period_year").desc(nulls_last=True), "indicator__name", "slug")

    def compared(self, provinces):
        """The metrics of `provinces`, each annotated with `shared_by`: how many of those
        provinces have a metric for the same indicator (2 or more: a shared indicator)."""
        sharing = (
            Metric.objects.public()
            .filter(indicator=OuterRef("indicator"), province__in=provinces)
            .order_by()
            .values("indicator")
            .annotate(count=Count("province", distinct=True))
            .values("count")
        )
        return self.filter(province__in=provinces).annotate(
            shared_by=Coalesce(Subquery(sharing, output_field=models.IntegerField()), 0)
        )


class Metric(CleanText, VersionedModel, SourcedRecord):
    class Qualifier(models.TextChoices):
        EXACT = "exact", _("đúng bằng")
        OVER = "over", _("trên")
        ABOUT = "about", _("khoảng")
        AT_LEAST = "at_least", _("ít nhất")
        AT_MOST = "at_most", _("trong nhóm")

    class Kind(models.TextChoices):
        """What the figure is: a reported result, a target, or the article's own claim (a "top 10")."""

        RESULT = "result", _("kết quả")
        TARGET = "target", _("mục tiêu")
        CLAIM = "claim", _("nhận định của bài viết")

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
    kind = models.CharField(_("loại số liệu"), max_length=10, choices=Kind.choices, default=Kind.RESULT)
    qualifier = models.CharField(_("mức chính xác"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    raw = models.CharField(
        _("con số như bài viết"),
        max_length=60,
        blank=True,
        help_text=_("Con số đúng như trong trích đoạn, ví dụ “1.562”, “12,92%”, “14/63”."),
    )
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
    period_note = models.CharField(
        _("ghi chú về thời kỳ"),
        max_length=300,
        blank=True,
        help_text=_("Khi bài không cho biết số liệu thuộc năm nào: vì sao (ví dụ “bài không ghi thời điểm”)."),
    )
    period_note_en = models.CharField(_("ghi chú về thời kỳ (tiếng Anh)"), max_length=300, blank=True)

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

    @property
    def localized_period_note(self):
        return (is_english() and self.period_note_en) or self.period_note

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

    def raw_errors(self):
        """The figure as written must stand in the excerpt and say the same as value/denominator."""
        if self.excerpt and self.raw not in self.excerpt:
            return {"raw": _("Con số “%(raw)s” không có trong trích đoạn.") % {"raw": self.raw}}
        try:
            number = parse_number(self.raw)
        except ValueError:
            return {"raw": _("“%(raw)s” không phải là một con số viết theo kiểu Việt Nam.") % {"raw": self.raw}}
        if (number.value, number.denominator) != (self.value, self.denominator):
            return {"raw": _("Con số “%(raw)s” khác với giá trị và mẫu số đã nhập.") % {"raw": self.raw}}
        return {}

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
            # A reported "top 10" is the article's own ranking claim, not an official table: it says so.
            in_group = unit == Indicator.Unit.RANK and self.qualifier == self.Qualifier.AT_MOST
            if in_group and self.kind == self.Kind.RESULT:
                errors["kind"] = _(
                    "Một thứ hạng “trong nhóm” (ví dụ “top 10”) là nhận định của bài viết (hoặc một mục tiêu), "
                    "không phải kết quả chính thức."
                )
        if self.denominator is not None and self.value is not None and self.value > self.denominator:
            errors["value"] = _("Giá trị không thể lớn hơn mẫu số.")
        if self.period_year is None and not self.period_note:
            errors["period_note"] = _("Số liệu không có năm thì phải ghi vì sao (bài không nói thời điểm…).")
        errors.update(fidelity.english_number_errors(self, ("period_note_en",)))
        if self.raw:
            errors.update(self.raw_errors())
        if errors:
            raise ValidationError(errors)
