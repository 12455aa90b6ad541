"""The data changes an editor makes in the admin, made through the ORM for the cold measurements.

Each change moves one record between two values of a field that the page counts or shows (a
lesson between two kinds changes the kind facet counts), so no cache can keep the page's figures
and still be right. It is saved inside `transaction.atomic()`, as the admin saves: the history row
is written and the on_commit hooks run before `transaction.atomic()` returns.
"""

from decimal import Decimal

from django.db import transaction


class Toggle:
    """Each call saves `record` with `field` switched between its first value and `other`."""

    def __init__(self, record, field, other):
        self.record, self.field = record, field
        self.values = (getattr(record, field), other)
        self.description = f"{type(record).__name__}.{field} {self.values[0]!s} ↔ {other!s}"

    def __call__(self):
        current = getattr(self.record, self.field)
        with transaction.atomic():
            setattr(self.record, self.field, self.values[1] if current == self.values[0] else self.values[0])
            self.record.save()

    def restore(self):
        if getattr(self.record, self.field) != self.values[0]:
            self()


def other_choice(record, field):
    """A value of the field's choices other than the record's own."""
    choices = [value for value, _ in type(record)._meta.get_field(field).choices]
    return next(value for value in choices if value != getattr(record, field))


def toggle_choice(record, field):
    return Toggle(record, field, other_choice(record, field))


def nudge_value(metric):
    """A metric's value and the value one more: the indicator's figures and ranking change."""
    return Toggle(metric, "value", metric.value + Decimal(1))
