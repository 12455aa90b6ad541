"""Text cleaned at the door: NFC, and no control characters but tab and line ends (issue 14)."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from lessons.models import Lesson
from tests.curation.test_loader import dump, edit_json, first_curated, load


def test_text_is_stored_in_nfc(db):
    lesson = Lesson.objects.order_by("pk").first()
    lesson.title = unicodedata.normalize("NFD", "Đổi mới cách làm ở Tú Lệ")
    lesson.full_clean()
    assert lesson.title == "Đổi mới cách làm ở Tú Lệ"
    assert unicodedata.is_normalized("NFC", lesson.title)


@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x1f", "\x7f"])
def test_a_control_character_is_refused_naming_it(db, character):
    lesson = Lesson.objects.order_by("pk").first()
    lesson.title_en = f"Line one{character}line two"
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    message = " ".join(error.value.message_dict["title_en"])
    assert f"U+{ord(character):04X}" in message


def test_tabs_and_line_ends_are_kept(db):
    lesson = Lesson.objects.order_by("pk").first()
    lesson.summary_en = "First line.\r\nSecond\tline."
    lesson.full_clean()
    assert lesson.summary_en == "First line.\r\nSecond\tline."


def test_the_admin_refuses_a_vertical_tab_and_keeps_the_editors_input(admin_client, db):
    lesson = Lesson.objects.order_by("pk").first()
    url = f"/admin/lessons/lesson/{lesson.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: (v if not isinstance(v, list) else [str(i) for i in v]) for k, v in data.items()}
    data["title"] = "Dòng một\x0bdòng hai"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "U+000B" in response.content.decode()
    assert "Dòng một" in response.content.decode()
    lesson.refresh_from_db()
    assert "\x0b" not in lesson.title


def test_the_loader_refuses_a_control_character_and_changes_nothing(db, fixtures_copy):
    def edit(data):
        data["lessons"][0]["title"] = "Dòng một\x0bdòng hai"

    edit_json(first_curated(fixtures_copy), edit)
    before = dump()
    with pytest.raises(Exception, match="U\\+000B"):
        load(fixtures_copy)
    assert dump() == before
