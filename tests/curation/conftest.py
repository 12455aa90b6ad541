import pytest
from django.contrib.auth.models import Group

from portal.curation.roles import EDITORS
from tests.signing_in import with_editor_mark


@pytest.fixture
def signed_in_editor(client, django_user_model, db):
    """A client signed in as an editor of the provincial office (staff, in the editors group)."""
    user = django_user_model.objects.create_user("bien-tap-vien", password="mật-khẩu-Đủ-dài-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return with_editor_mark(client)
