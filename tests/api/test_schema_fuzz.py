"""schemathesis over the whole API: generated requests (boundary values, wrong types, huge ids) never
get a server error, and every status and body the server answers is the one the schema documents."""

import json
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 40  # per operation, positive and negative together


def load_schema():
    """The schema /api/openapi.json serves, read without a request (collection runs before the test
    database exists), and the real WSGI application to send the generated requests to."""
    from django.core.wsgi import get_wsgi_application

    from cms.api import api

    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api"))))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection around each request, as a server should; inside
    the test's transaction that would close it for good (PostgreSQL). Django's test client disconnects
    the same handlers for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def demo(db):
    """The demo content: events with open registration, posts, topics and a live wizard."""
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def staff_token(db):
    from wagtail.models import APIToken

    from tests import factories

    user = factories.UserFactory(username="fuzz-staff", staff=True)
    return APIToken.create_token(user=user, name="fuzz")[1]


def fuzz(operation, headers: dict | None) -> None:
    """Valid requests (positive) and requests that break the schema (negative: wrong types,
    out-of-range ids, missing fields) for one operation; raises on the first failed check."""
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_answers_as_documented(demo, staff_token, keep_test_connection):
    """One test over every operation, so the demo is loaded once."""
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14  # every router is mounted
    for operation in operations:
        # Public operations are fuzzed as an anonymous visitor; token-only ones with a staff token, so the
        # fuzzing reaches past the 401 into the operation itself.
        public = {} in (operation.definition.raw.get("security") or [{}])
        try:
            fuzz(operation, None if public else {"Authorization": f"Bearer {staff_token}"})
        except Exception as exc:  # noqa: BLE001 - every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
