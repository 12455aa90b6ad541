"""A record's unique fields and constraints, checked in memory instead of one query each.

`full_clean()` asks the database once per unique field and once per constraint of every record
(four thousand queries for the real data). The loader has every row of a model in memory
anyway (read once, up front), so it checks them here, with the messages Django would give:

- Table: the rows of one model as the load leaves them, and which row holds each unique value;
- check_constraint_errors(): each CheckConstraint's condition evaluated on the record's values
  with SQL's three-valued logic. A condition this module cannot evaluate (an expression, an
  unknown lookup) is left to Django's own validate(), which asks the database.

The database's constraints stay the final guard: the load's writes happen in its transaction.
"""

import re
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, Q, UniqueConstraint


class CannotEvaluate(Exception):
    """The condition needs the database (Django's validate() is asked instead)."""


def record_errors(instance, table, failed):
    """{field: [messages]} of the unique fields and constraints of `instance` (fields already in
    `failed`, which did not pass their own validation, are not checked, as in full_clean())."""
    errors = table.unique_errors(instance, failed)
    for name, messages in check_constraint_errors(instance, failed).items():
        errors.setdefault(name, []).extend(messages)
    return errors


# ---- unique values ---------------------------------------------------------------------------


class UniqueSet:
    """Fields whose values no two rows may share (a unique field, unique_together, a UniqueConstraint)."""

    def __init__(self, model, fields, constraint=None):
        self.fields = tuple(fields)
        self.attnames = tuple(model._meta.get_field(name).attname for name in self.fields)
        self.constraint = constraint
        self.nulls_distinct = constraint is None or constraint.nulls_distinct is not False

    def key(self, instance):
        """The values `instance` holds in this set, or None if it holds none (a NULL, or outside
        the constraint's condition)."""
        values = tuple(getattr(instance, name) for name in self.attnames)
        if self.nulls_distinct and None in values:
            return None
        if self.constraint is not None and self.constraint.condition is not None:
            if evaluate(self.constraint.condition, instance) is not True:
                return None
        return (self.fields, values)

    def error(self, instance):
        """(field or NON_FIELD_ERRORS, [messages]), as full_clean() reports them."""
        constraint = self.constraint
        default_message = constraint is not None and (
            constraint.violation_error_message == constraint.default_violation_error_message
        )
        if constraint is None or (constraint.condition is None and default_message):
            messages = instance.unique_error_message(type(instance), self.fields).messages
            return (self.fields[0] if len(self.fields) == 1 else NON_FIELD_ERRORS), messages
        return NON_FIELD_ERRORS, [constraint.get_violation_error_message()]


def unique_sets(model):
    meta = model._meta
    sets = [UniqueSet(model, [f.name]) for f in meta.local_concrete_fields if f.unique and not f.primary_key]
    sets += [UniqueSet(model, fields) for fields in meta.unique_together]
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            if constraint.expressions or not constraint.fields:
                raise NotImplementedError(f"{constraint.name}: a unique constraint on expressions")
            sets.append(UniqueSet(model, constraint.fields, constraint))
    if any(field.unique_for_date or field.unique_for_month or field.unique_for_year for field in meta.fields):
        raise NotImplementedError(f"{meta.label}: unique_for_date fields")
    return sets


class Table:
    """Every row of one model as the load leaves it: the rows read up front, then each record
    the load accepts (created or changed in place), with the unique values each row holds."""

    def __init__(self, model, rows):
        self.sets = unique_sets(model)
        self.rows = []
        self.held = {}  # id(row) -> the keys it holds
        self.holders = defaultdict(set)  # key -> ids of the rows holding it
        for row in rows:
            self.hold(row)

    def hold(self, row):
        """Record the values `row` holds now (after the load accepted them)."""
        if id(row) not in self.held:
            self.rows.append(row)
        for key in self.held.get(id(row), ()):
            self.holders[key].discard(id(row))
        keys = [key for key in (unique.key(row) for unique in self.sets) if key is not None]
        self.held[id(row)] = keys
        for key in keys:
            self.holders[key].add(id(row))

    def unique_errors(self, instance, failed):
        errors = {}
        for unique in self.sets:
            if failed.intersection(unique.fields):
                continue
            key = unique.key(instance)
            if key is not None and self.holders.get(key, set()) - {id(instance)}:
                name, messages = unique.error(instance)
                errors.setdefault(name, []).extend(messages)
        return errors


# ---- check constraints -----------------------------------------------------------------------


def check_constraint_errors(instance, failed):
    model = type(instance)
    errors = {}
    for constraint in model._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        if failed.intersection(referenced_fields(constraint.condition)):
            continue
        try:
            if evaluate(constraint.condition, instance) is False:  # NULL passes, as in SQL
                errors.setdefault(NON_FIELD_ERRORS, []).append(constraint.get_violation_error_message())
        except CannotEvaluate:
            try:
                constraint.validate(model, instance)
            except ValidationError as error:
                errors.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)
    return errors


def referenced_fields(condition):
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced_fields(child)
        else:
            names.add(child[0].split("__", 1)[0])
    return names


def compare(operator):
    def test(value, argument):
        return None if value is None or argument is None else operator(value, argument)

    return test


def regex(value, pattern):
    if value is None:
        return None
    if "\n" in str(value):  # Python's "$" matches before a final line feed, PostgreSQL's does not
        raise CannotEvaluate
    return re.search(pattern, str(value)) is not None


LOOKUPS = {
    "exact": compare(lambda value, argument: value == argument),
    "gt": compare(lambda value, argument: value > argument),
    "gte": compare(lambda value, argument: value >= argument),
    "lt": compare(lambda value, argument: value < argument),
    "lte": compare(lambda value, argument: value <= argument),
    "isnull": lambda value, argument: (value is None) == argument,
    "regex": regex,
}


def evaluate(condition, instance):
    """True, False or None (SQL's NULL) for a Q of field lookups on the instance's values."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, instance))
        else:
            results.append(evaluate_lookup(*child, instance))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise CannotEvaluate
    if condition.negated:
        return None if result is None else not result
    return result


def evaluate_lookup(path, argument, instance):
    name, _, lookup = path.partition("__")
    test = LOOKUPS.get(lookup or "exact")
    if test is None or hasattr(argument, "resolve_expression"):
        raise CannotEvaluate
    try:
        field = type(instance)._meta.get_field(name)
    except Exception:
        raise CannotEvaluate from None
    if not field.concrete or field.many_to_many:
        raise CannotEvaluate
    if lookup in ("", "exact") and argument is None:
        test = LOOKUPS["isnull"]
        argument = True
    return test(getattr(instance, field.attname), argument)
