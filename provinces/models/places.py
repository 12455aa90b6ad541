"""Provinces and their localities, with the 2025 merger (63 provinces became 34)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.locking import VersionedModel
from portal.core.models import HISTORY_EXCLUDED, BilingualMixin, CleanText, related_counts
from portal.core.search import Searchable, SearchableQuerySet

from .. import units2025


class ProvinceQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see of provinces, with what every page needs (the 2025 successor)."""
        return self.select_related("successor")

    def with_counts(self):
        return self.annotate(**related_counts(Province))

    def with_data(self):
        """Provinces with at least one lesson, initiative or metric (worth comparing)."""

        def has(name):
            relation = Province._meta.get_field(name)
            return Exists(relation.related_model.objects.public().filter(**{relation.field.name: OuterRef("pk")}))

        return self.filter(Q(has("lessons")) | Q(has("initiatives")) | Q(has("metrics")))

    def current(self):
        """The provinces that exist today (since 1 July 2025): those not merged into another."""
        return self.filter(successor__isnull=True)

    def within(self, current):
        """The provinces of today in `current` (ids) and those merged into them: what they cover now."""
        return self.filter(Q(pk__in=current) | Q(successor__in=current))


class Province(CleanText, BilingualMixin, VersionedModel, Searchable):
    # What its pages count for it (lesson_count, ...): portal.core.models.related_counts().
    COUNTED_RELATIONS = ("lessons", "initiatives", "metrics", "reports")

    class Region(models.TextChoices):
        NORTHERN_MIDLANDS = "northern-midlands-mountains", _("Trung du và miền núi phía Bắc")
        RED_RIVER_DELTA = "red-river-delta", _("Đồng bằng sông Hồng")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=100, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    gso_code = models.CharField(
        _("mã GSO trước 2025"),
        max_length=2,
        unique=True,
        help_text=_("Mã đơn vị hành chính cấp tỉnh của Tổng cục Thống kê trước ngày 1/7/2025 (hai chữ số)."),
    )
    # Today's code, from the official 2025 list (provinces/units2025.py); empty for a merged province.
    code_2025 = models.CharField(
        _("mã 2025"),
        max_length=2,
        blank=True,
        help_text=_("Mã tỉnh theo danh mục đơn vị hành chính từ ngày 1/7/2025; để trống với tỉnh đã sáp nhập."),
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
            # A merged province has no 2025 code (its successor has it); clean() asks today's for theirs.
            models.CheckConstraint(
                condition=Q(code_2025="") | Q(successor__isnull=True, code_2025__regex=r"^[0-9]{2}$"),
                name="province_code_2025_only_current",
            ),
            models.UniqueConstraint(fields=["code_2025"], condition=~Q(code_2025=""), name="province_code_2025_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("provinces:detail", args=[self.slug])

    def search_names(self):
        return [self.name, self.name_en]

    def search_parts(self):
        return []

    @property
    def current_province(self):
        """The province this one is part of today: its successor, or itself."""
        return self.successor if self.successor_id else self

    @property
    def unit_2025(self):
        """This province in the official 2025 list (None for a merged province)."""
        return units2025.province(self.code_2025) if self.code_2025 else None

    def clean(self):
        if (self.successor_id is None) != (self.merged_on is None):
            raise ValidationError(_("Tỉnh kế thừa và ngày sáp nhập phải được nhập cùng nhau."), code="merger")
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Một tỉnh không thể kế thừa chính nó.")})
        if self.successor_id and self.successor.successor_id:
            raise ValidationError({"successor": _("Tỉnh kế thừa phải là một tỉnh hiện nay (chưa sáp nhập).")})
        if self.successor_id and not self.merger_source:
            raise ValidationError({"merger_source": _("Hãy ghi văn bản quy định việc sáp nhập.")})
        if self.successor_id and self.code_2025:
            raise ValidationError({"code_2025": _("Tỉnh đã sáp nhập không có mã 2025; mã thuộc về tỉnh kế thừa.")})
        # The loader requires the code of every province of today (the reference data must be
        # complete); here a code, when given, must be the official one of this province.
        if self.code_2025:
            unit = units2025.province(self.code_2025)
            if unit is None:
                raise ValidationError(
                    {
                        "code_2025": _("Mã %(code)s không có trong danh mục đơn vị hành chính 2025.")
                        % {"code": self.code_2025}
                    }
                )
            if unit.name.removeprefix("Thành phố ") != self.name:
                raise ValidationError(
                    {
                        "code_2025": _("Mã %(code)s trong danh mục 2025 là “%(name)s”, không phải “%(ours)s”.")
                        % {"code": self.code_2025, "name": unit.name, "ours": self.name}
                    }
                )


class LocalityQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see of localities, with their province and parent."""
        return self.select_related("province__successor", "parent")


class Locality(CleanText, BilingualMixin, VersionedModel, Searchable):
    class Level(models.TextChoices):
        CITY = "city", _("thành phố")
        TOWN = "town", _("thị xã")
        DISTRICT = "district", _("huyện")
        TOWNSHIP = "township", _("thị trấn")
        COMMUNE = "commune", _("xã")
        WARD = "ward", _("phường")

    # The district level (huyện, thị xã, thành phố thuộc tỉnh) was abolished on 1 July 2025.
    DISTRICT_LEVELS = (Level.CITY, Level.TOWN, Level.DISTRICT)

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
    abolished_on = models.DateField(
        _("ngày giải thể"),
        null=True,
        blank=True,
        help_text=_("Cấp huyện (huyện, thị xã, thành phố thuộc tỉnh) không còn từ ngày 1/7/2025."),
    )
    # The commune or ward of the 2025 list this commune-level unit now belongs to (by its code).
    unit_2025_code = models.CharField(
        _("mã xã/phường 2025"),
        max_length=5,
        blank=True,
        help_text=_("Mã xã, phường theo danh mục 2025 mà đơn vị này nay thuộc về (ví dụ 04630: xã Tú Lệ)."),
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

    def search_names(self):
        return [self.name, self.name_en]

    def search_parts(self):
        return [self.province.name]

    @property
    def is_district_level(self):
        return self.level in self.DISTRICT_LEVELS

    @property
    def unit_2025(self):
        """The 2025 commune or ward this unit now belongs to (from the official list), or None."""
        return units2025.ward(self.unit_2025_code) if self.unit_2025_code else None

    def clean(self):
        if self.parent_id and self.province_id and self.parent.province_id != self.province_id:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cùng tỉnh.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một địa phương không thể thuộc chính nó.")})
        if self.is_district_level:
            self.clean_district_level()
        elif self.level:
            self.clean_commune_level()

    def clean_district_level(self):
        if self.abolished_on is None:
            raise ValidationError({"abolished_on": _("Đơn vị cấp huyện đã giải thể: hãy ghi ngày (1/7/2025).")})
        if self.unit_2025_code:
            raise ValidationError(
                {"unit_2025_code": _("Đơn vị cấp huyện không thuộc về một xã, phường; hãy để trống.")}
            )

    def clean_commune_level(self):
        if self.abolished_on is not None:
            raise ValidationError({"abolished_on": _("Chỉ đơn vị cấp huyện có ngày giải thể.")})
        # Required by the loader for the reference data; a code given here must be the official
        # one of a commune or ward of the province as it is today.
        if not self.unit_2025_code:
            return
        unit = self.unit_2025
        if unit is None:
            raise ValidationError(
                {
                    "unit_2025_code": _("Mã %(code)s không có trong danh mục xã, phường 2025.")
                    % {"code": self.unit_2025_code}
                }
            )
        today = self.province.current_province if self.province_id else None
        if today is not None and today.code_2025 and unit.province_code.value != int(today.code_2025):
            raise ValidationError(
                {
                    "unit_2025_code": _("“%(unit)s” (mã %(code)s) không thuộc tỉnh %(province)s hiện nay.")
                    % {"unit": unit.name, "code": self.unit_2025_code, "province": today.name}
                }
            )
