"""A property-based run against the OpenAPI document, in process through Django's WSGI app.

Schemathesis reads the document the API serves, makes requests that fit it
and checks every answer: no server error, a documented status and content
type, and a JSON body that fits its schema. Half the requests carry a real
key and office, so the run reaches the registrations and the reads, not only
the refusals.
"""

import zlib

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from cases.services.open311 import case_report_by_api

from .conftest import make_client

schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", get_wsgi_application())
schema.config.generation.update(modes=["positive"], max_examples=25)

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Django's WSGI handler closes the database connection after each request;
    the test's transaction lives on it, so (as Django's own test client does)
    the closing is switched off for the run."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(city, duty_leader, pension):
    """A key for DD and a case to read, so the reads find something."""
    client, key = make_client("丹东市人社局网站", city, per_minute=100_000)
    case = case_report_by_api(client=client, office=city, business_area=pension, description="办理养老保险关系转移",
                              reporter_name="张三", reporter_phone="13812345678")
    return {"key": key, "office": city.code, "service_code": str(pension.pk), "number": case.number}


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_document(case, world):
    # Chosen from the example itself, so Hypothesis sees the same run when it replays one.
    if zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode()) % 2 == 0:
        _use_the_real_world(case, world)
    # A request that fits the document may still be refused (a phone that is no
    # phone, a date before any case): refusals are checked for their shape, not counted as failures.
    case.call_and_validate(checks=CHECKS)


def _use_the_real_world(case, world):
    """Put the real key, office and codes where the document names them."""
    for params in (case.query, case.body if isinstance(case.body, dict) else None):
        if params is None:
            continue
        if "api_key" in params:
            params["api_key"] = world["key"]
        if "jurisdiction_id" in params:
            params["jurisdiction_id"] = world["office"]
        if params is case.body:
            params.update(service_code=world["service_code"], phone="13812345678")
    if case.path_parameters:
        if "service_code" in case.path_parameters:
            case.path_parameters["service_code"] = world["service_code"]
        if "service_request_id" in case.path_parameters:
            case.path_parameters["service_request_id"] = world["number"]
