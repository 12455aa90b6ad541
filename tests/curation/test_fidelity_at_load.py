"""The loader refuses records that break the fidelity rules, and changes nothing."""

import pytest
from django.core.management.base import CommandError

from .test_loader import dump, edit_json, first_curated, load


def break_first(fixtures_copy, section, change):
    def edit(data):
        change(data[section][0])

    edit_json(first_curated(fixtures_copy), edit)


@pytest.mark.parametrize(
    ("section", "change", "field"),
    [
        ("lessons", lambda item: item.update(summary_en=item["summary_en"] + " It has 1.562 teams."), "summary_en"),
        ("lessons", lambda item: item.update(ordinal=7), "ordinal"),
        ("metrics", lambda item: item.update(period_year=None, period_note=""), "period_note"),
    ],
)
def test_a_broken_rule_aborts_the_load(db, fixtures_copy, section, change, field):
    break_first(fixtures_copy, section, change)
    before = dump()
    with pytest.raises(CommandError, match=rf"curated/lao-cai-phong-van-2023.json: {section}\[0\].*{field}"):
        load(fixtures_copy)
    assert dump() == before


def test_a_lesson_repeating_an_initiatives_passage_is_refused(db, fixtures_copy):
    def edit(data):
        data["lessons"][0]["excerpt"] = data["initiatives"][0]["excerpt"]

    edit_json(first_curated(fixtures_copy), edit)
    before = dump()
    with pytest.raises(CommandError, match=r"repeats"):
        load(fixtures_copy)
    assert dump() == before
