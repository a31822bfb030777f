"""Property-based tests of the open API with schemathesis: generated from its own OpenAPI schema.

Valid and deliberately invalid parameters (out of range, wrong type, too long) for every
operation: never a 5xx, a 400 with a JSON `detail` for what the schema refuses, and every
200 valid against the declared response schema. Runs in-process (WSGI), offline.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from config.wsgi import application

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests go through the WSGI handler, whose request signals would close the test's
    # database connection mid-transaction (Django's test client disconnects them the same way).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.PLENARY_API_RATE = "100000/min"
    cache.clear()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_its_schema_says(db, case):
    response = case.call(base_url="http://testserver")
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )


@pytest.mark.parametrize("value", ["0", "1700000000", "2024-1-5", "yesterday", "2024-02-30"])
def test_a_date_parameter_takes_only_an_iso_date(db, client, value):
    # Found by the property test: "0" was read as a Unix time (1 January 1970) and answered 200.
    response = client.get("/api/v1/meetings", {"until": value})

    assert response.status_code == 400
    assert "detail" in response.json()


def client_json(url):
    from django.test import Client

    return Client().get(url).json()


def test_the_schema_declares_the_json_errors(db):
    served = client_json("/api/v1/openapi.json")
    operation = served["paths"]["/api/v1/meetings/{meeting_id}"]["get"]

    assert {"200", "400", "404", "429"} <= set(operation["responses"])
    assert operation["responses"]["400"]["content"]["application/json"]["schema"]["required"] == ["detail"]


def test_a_request_for_an_unknown_host_is_a_400_not_a_500(db, client):
    # Found by the property test: the 400 page failed before authentication had run.
    response = client.get("/api/v1/groups", HTTP_HOST="attacker.example")

    assert response.status_code == 400
