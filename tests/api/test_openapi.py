"""schemathesis over every operation of the OpenAPI schema: no server errors, responses
conform to the schema.

Bounded: a fixed number of derandomised examples per operation; the app is called in process
(no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.settings import Settings
from cica_graph.executor import Limits


@pytest.fixture(scope="module")
def api_schema(dist: Path) -> schemathesis.BaseSchema:
    app = create_app(settings=Settings(dist_dir=dist, limits=Limits(workers=2, timeout=5.0)))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @settings(
            max_examples=20,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
            case.validate_response(response, checks=[not_a_server_error])

        check()
