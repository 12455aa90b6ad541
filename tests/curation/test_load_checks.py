"""The loader's in-memory checks of check constraints agree with the database's (checks.py)."""

from decimal import Decimal

import pytest
from django.db.models import CheckConstraint, Q

from lessons.models import Initiative, Lesson
from portal.curation.loading.checks import CannotEvaluate, evaluate
from provinces.models import Metric, Province

CRAFTED = [
    Province(gso_code="7"),
    Province(gso_code="07"),
    Province(gso_code="7a"),
    Province(gso_code="07", code_2025="", successor_id=None, merged_on=None),
    Province(gso_code="07", code_2025="12", successor_id=3),
    Metric(value=Decimal("-1")),
    Metric(value=Decimal("1"), denominator=Decimal("0")),
    Metric(value=Decimal("1"), denominator=None, period_month=13, period_year=2020),
    Metric(value=Decimal("1"), period_month=5, period_year=None),
    Metric(value=None, period_month=None),
    Lesson(ordinal=0),
    Lesson(ordinal=None),
    Initiative(start_year=1066),
    Initiative(start_year=2100),
]


def database_verdict(constraint, instance):
    return Q(constraint.condition).check(instance._get_field_expression_map(meta=instance._meta))


def constraints(instance):
    return [c for c in instance._meta.constraints if isinstance(c, CheckConstraint)]


@pytest.mark.parametrize("instance", CRAFTED, ids=lambda instance: type(instance).__name__)
def test_crafted_values_get_the_databases_verdict(db, instance):
    for constraint in constraints(instance):
        assert (evaluate(constraint.condition, instance) is not False) == database_verdict(constraint, instance)


def test_the_loaded_records_get_the_databases_verdict(db):
    for model in (Province, Metric, Lesson, Initiative):
        for instance in model.objects.all():
            for constraint in constraints(instance):
                assert (evaluate(constraint.condition, instance) is not False) == database_verdict(constraint, instance)


def test_a_line_feed_before_the_end_is_left_to_the_database(db):
    """Python's "$" matches before a final line feed, PostgreSQL's does not: the database decides."""
    (two_digits,) = [c for c in Province._meta.constraints if c.name == "province_gso_code_two_digits"]
    with pytest.raises(CannotEvaluate):
        evaluate(two_digits.condition, Province(gso_code="12\n"))
