"""Integer ids in paths are bounded: a number past the database's integer is a 400, not a 500
(schemathesis found `POST /api/operations/conflicts/2147483648/acknowledge` failing on PostgreSQL)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ._helpers import bearer


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/operations/conflicts/{}/acknowledge"), ("delete", "/api/watches/{}")],
)
@pytest.mark.parametrize("row", [2**31, 0, -1])
def test_out_of_range_row_ids_are_refused_before_the_database(
    client: TestClient, method: str, path: str, row: int
) -> None:
    headers = bearer(client, "GB-NCA/analyst")
    response = client.request(method.upper(), path.format(row), headers=headers)
    assert response.status_code == 400
