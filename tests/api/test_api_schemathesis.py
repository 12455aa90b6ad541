"""Schemathesis against the live OpenAPI schema, in-process (WSGI), on the test database.

Every generated request (valid and invalid parameters alike) must get no 5xx, a documented
status code and content type, and a body that matches the schema; requests that break the
schema must be refused. (Not checked: that every schema-valid request succeeds, because a
slug may be well-formed yet name no province: that is a documented 400.)
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from portal.wsgi import application

pytestmark = pytest.mark.fuzz

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose handler closes the
    database connection (and with it the test transaction on PostgreSQL). Django's own test
    client detaches that handler for the same reason; do the same here."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
            checks.negative_data_rejection,
        ]
    )
