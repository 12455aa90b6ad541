"""The public site only reads: other methods get a 405 naming the allowed ones (issue 14)."""

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/", "/lessons/", "/en/provinces/lao-cai/", "/feeds/latest.atom", "/data/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_a_public_page_is_a_405(db, path, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "chỉ để đọc" in response.content.decode()


def test_the_api_answers_a_post_in_json(db, client):
    response = client.post("/api/v1/lessons/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_the_language_switch_and_the_admin_still_take_posts(db, client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 200
