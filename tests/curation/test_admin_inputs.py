"""The staff-only inputs that used to answer 500 (issue 14), each with the exact request."""

import pytest

from lessons.models import Lesson


@pytest.mark.parametrize("object_id", ["abc", "%C2%B2", "%D9%A3", "1_0"])
def test_history_of_a_record_with_an_id_that_is_no_number_is_a_404(signed_in_editor, object_id):
    assert signed_in_editor.get(f"/admin/lessons/lesson/{object_id}/history/").status_code == 404


def test_a_version_that_is_no_number_is_a_404(signed_in_editor, db):
    lesson = Lesson.objects.order_by("pk").first()
    for version in ("%C2%B2", "abc"):
        assert signed_in_editor.get(f"/admin/lessons/lesson/{lesson.pk}/history/{version}/").status_code == 404
    assert signed_in_editor.get(f"/admin/lessons/lesson/{lesson.pk}/history/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "term=a%00b&app_label=lessons&model_name=lesson&field_name=themes",
        "term=%0B&app_label=lessons&model_name=initiative&field_name=province",
    ],
)
def test_a_control_character_in_the_autocomplete_term_is_a_400(signed_in_editor, query):
    response = signed_in_editor.get(f"/admin/autocomplete/?{query}")
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.content.decode()


def test_a_control_character_in_an_admin_search_is_a_400(signed_in_editor):
    assert signed_in_editor.get("/admin/lessons/lesson/?q=%00").status_code == 400
    assert signed_in_editor.get("/admin/lessons/lesson/?q=Đ").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "published_on__year=99999999999",
        "published_on__year=2023&published_on__month=99999999999",
        "published_on__year=2023&published_on__month=13",
        "published_on__year=%C2%B2",
    ],
)
def test_a_date_drilldown_out_of_range_returns_to_the_list(signed_in_editor, query):
    response = signed_in_editor.get(f"/admin/provinces/report/?{query}")
    assert response.status_code == 302
    assert response["Location"] == "/admin/provinces/report/?e=1"


def test_a_date_drilldown_in_range_still_works(signed_in_editor):
    assert (
        signed_in_editor.get("/admin/provinces/report/?published_on__year=2023&published_on__month=9").status_code
        == 200
    )
