"""Model validation: the rules the admin and the loader both rely on."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from provinces.models import Indicator, Locality, Metric, Province


def test_excerpt_must_be_verbatim(a_lesson):
    a_lesson.excerpt = a_lesson.excerpt.replace("ư", "u", 1) if "ư" in a_lesson.excerpt else a_lesson.excerpt + "x"
    with pytest.raises(ValidationError) as error:
        a_lesson.full_clean()
    assert "excerpt" in error.value.message_dict
    assert "nguyên văn" in error.value.message_dict["excerpt"][0]


def test_excerpt_from_another_report_is_refused(a_lesson, db):
    other = Metric.objects.exclude(report=a_lesson.report).first()
    a_lesson.excerpt = other.report.body[:200]
    if a_lesson.excerpt in a_lesson.report.body:  # pragma: no cover - articles share no opening
        pytest.skip("articles share their opening")
    with pytest.raises(ValidationError, match="nguyên văn"):
        a_lesson.full_clean()


def test_verbatim_excerpt_passes_and_knows_its_offset(a_lesson):
    a_lesson.full_clean()
    start = a_lesson.excerpt_start
    assert a_lesson.report.body[start : start + len(a_lesson.excerpt)] == a_lesson.excerpt
    assert a_lesson.get_source_url().endswith(f"#lesson-{a_lesson.slug}")


def test_locality_must_be_in_the_province(a_lesson, db):
    a_lesson.locality = Locality.objects.exclude(province=a_lesson.province).first()
    with pytest.raises(ValidationError) as error:
        a_lesson.full_clean()
    assert "locality" in error.value.message_dict


def test_report_must_cover_the_province(a_lesson, db):
    a_lesson.province = Province.objects.exclude(reports=a_lesson.report).first()
    with pytest.raises(ValidationError) as error:
        a_lesson.full_clean()
    assert "province" in error.value.message_dict


def test_rank_needs_denominator(db):
    metric = Metric.objects.filter(indicator__unit=Indicator.Unit.RANK, denominator__isnull=False).first()
    metric.denominator = None
    with pytest.raises(ValidationError) as error:
        metric.full_clean()
    assert "denominator" in error.value.message_dict


def test_percent_over_100_is_refused(db):
    metric = Metric.objects.filter(indicator__unit=Indicator.Unit.PERCENT).first()
    metric.value = Decimal("120")
    with pytest.raises(ValidationError, match="100"):
        metric.full_clean()


def test_value_above_denominator_is_refused(db):
    metric = Metric.objects.filter(denominator__isnull=False).first()
    metric.value = metric.denominator + 1
    with pytest.raises(ValidationError) as error:
        metric.full_clean()
    assert "value" in error.value.message_dict


def test_database_refuses_negative_value_even_without_clean(a_metric):
    a_metric.value = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        a_metric.save()


def test_successor_needs_a_merger_date(lai_chau, yen_bai):
    lai_chau.successor = yen_bai
    with pytest.raises(ValidationError, match="cùng nhau"):
        lai_chau.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        lai_chau.save()


def test_merger_is_recorded_without_renaming(yen_bai):
    assert yen_bai.name == "Yên Bái"
    assert yen_bai.successor.slug == "lao-cai"
    assert yen_bai.merged_on.isoformat() == "2025-07-01"
    assert "202/2025/QH15" in yen_bai.merger_source
    nam_dinh = Province.objects.get(slug="nam-dinh")
    assert nam_dinh.successor.slug == "ninh-binh"
    assert Province.objects.get(slug="lai-chau").successor is None


def test_str_and_urls(db, a_lesson, an_initiative, a_metric, yen_bai):
    assert str(yen_bai) == "Yên Bái"
    assert yen_bai.get_absolute_url() == "/provinces/yen-bai/"
    assert a_lesson.get_absolute_url() == f"/lessons/{a_lesson.slug}/"
    assert an_initiative.get_absolute_url() == f"/initiatives/{an_initiative.slug}/"
    assert a_metric.get_absolute_url().startswith("/indicators/")
    assert str(Locality.objects.get(slug="tu-le")) == "Tú Lệ (Yên Bái)"
