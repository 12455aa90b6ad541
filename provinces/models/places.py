"""Provinces and their localities, with the 2025 merger (63 provinces became 34)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.locking import VersionedModel
from portal.core.models import HISTORY_EXCLUDED, BilingualMixin, count_related
from portal.core.search import Searchable, SearchableQuerySet


class ProvinceQuerySet(SearchableQuerySet):
    def public(self):
        """What the public may see of provinces, with what every page needs (the 2025 successor)."""
        return self.select_related("successor")

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
            return Exists(relation.related_model.objects.public().filter(**{relation.field.name: OuterRef("pk")}))

        return self.filter(Q(has("lessons")) | Q(has("initiatives")) | Q(has("metrics")))


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
    def public(self):
        """What the public may see of localities, with their province and parent."""
        return self.select_related("province", "parent")


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

    def search_parts(self):
        return [self.name, self.name_en, self.province.name]

    def clean(self):
        if self.parent_id and self.province_id and self.parent.province_id != self.province_id:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cùng tỉnh.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một địa phương không thể thuộc chính nó.")})
