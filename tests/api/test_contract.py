"""Contract tests: schemathesis generates requests from the OpenAPI document; none may 5xx.

Runs against the app in-process (ASGI), authenticated with a bearer token of an admin (so
every endpoint, the audit log included, is exercised), with a bounded number of examples
per operation so that the whole run stays around a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from corridor.access import Node
from corridor.api import create_app

from ._helpers import TestClient, bearer, load_api_data


@pytest.fixture
def contract_app(node: Node) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The app over a node with test data, running (lifespan entered), and an admin token."""
    load_api_data(node)
    app = create_app(node.settings, node=node)
    with TestClient(app) as client:
        yield app, bearer(client, "GB-NCA/boss")


def test_no_server_errors(contract_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, headers = contract_app
    api_schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    statuses: list[int] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err here is a broken spec: let it raise
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def check(case: schemathesis.Case[Any]) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

        check()
    assert operations >= 15
    assert len(statuses) >= 100
    assert 200 in statuses
    assert failures == []


def test_no_server_errors_in_chained_calls(contract_app: tuple[FastAPI, dict[str, str]]) -> None:
    """Schemathesis' stateful phase: calls chained by the links it infers from the spec
    (list tokens → revoke one, create a watch → delete it, …) with real ids from earlier
    responses, so the calls reach past "404 not found"; none may 5xx."""
    app, headers = contract_app
    calls: list[tuple[str, str, int]] = []
    with TestClient(app) as client:
        machine = schemathesis.openapi.from_asgi("/openapi.json", app).as_state_machine()

        class Workflow(machine):  # type: ignore[misc,valid-type]  # a class built at run time
            def before_call(self, case: schemathesis.Case[Any]) -> None:
                case.headers = {**(case.headers or {}), **headers}

            def after_call(self, response: Any, case: schemathesis.Case[Any]) -> None:
                if case.path == "/api/tokens/{token_id}" and case.method == "DELETE" and response.status_code == 204:
                    headers.update(bearer(client, "GB-NCA/boss"))  # the chain may revoke our own token

            def validate_response(self, response: Any, case: schemathesis.Case[Any], **kwargs: Any) -> None:
                calls.append((case.method, case.path, response.status_code))
                assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:200]}"

        Workflow.run(
            settings=settings(
                max_examples=20,
                stateful_step_count=5,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
        )
    linked = {(method, path) for method, path, status in calls if method == "DELETE" and status == 204}
    assert linked, "a chain reached a resource created or listed by an earlier call"
    assert len(calls) >= 50
