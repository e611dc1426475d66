"""Hostile input: oversized and deeply nested bodies, zip bombs, path traversal, formula injection.

Every answer to a hostile request is a 4xx in the one error shape, never a 5xx; a hostile
file fails with ``InvalidInput`` naming it, before anything is written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from api._helpers import TestClient, bearer, load_api_data
from corridor.access import Node
from corridor.api import create_app
from corridor.api._security import MAX_BODY
from corridor.core import InvalidInput
from corridor.ingest import ingest_file
from corridor.model import parse_marking

from ._soak import record, scaled


@pytest.fixture
def api(node: Node) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A client of the app (server errors become 500s, not exceptions) and an analyst's token."""
    load_api_data(node)
    with TestClient(create_app(node.settings, node=node), raise_server_exceptions=False) as client:
        yield client, bearer(client, "GB-NCA/analyst")


POSTS = ["/api/login", "/api/review", "/api/analyse/disrupt", "/api/watches", "/api/tokens"]


@pytest.mark.parametrize("path", POSTS)
def test_oversized_body_is_refused_before_it_is_read(api: tuple[TestClient, dict[str, str]], path: str) -> None:
    client, headers = api
    body = b'{"user": "' + b"a" * (MAX_BODY + 10) + b'"}'
    response = client.post(path, content=body, headers={**headers, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_oversized_chunked_body_is_cut_off(api: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = api

    def chunks() -> Iterator[bytes]:
        yield b'{"remove": ["'
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"a" * 65536
        yield b'"]}'

    response = client.post(
        "/api/analyse/disrupt", content=chunks(), headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_lying_content_length_is_refused(api: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = api
    response = client.post(
        "/api/watches",
        content=b'{"target": "phone:+381641234567"}',
        headers={**headers, "content-type": "application/json", "content-length": "nonsense"},
    )
    assert response.status_code in (400, 413)


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
@pytest.mark.parametrize("path", POSTS)
def test_deeply_nested_json_is_a_client_error(api: tuple[TestClient, dict[str, str]], path: str, depth: int) -> None:
    client, headers = api
    bare = client.post(
        path, content=b"[" * depth + b"]" * depth, headers={**headers, "content-type": "application/json"}
    )
    assert 400 <= bare.status_code < 500, bare.text[:200]
    assert set(bare.json()) <= {"error", "message", "errors"}
    inside = b'{"remove": ' + b"[" * depth + b"]" * depth + b"}"
    response = client.post(path, content=inside, headers={**headers, "content-type": "application/json"})
    assert response.status_code < 500, response.text[:200]


@settings(max_examples=scaled(40), deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bodies_never_fail_the_server(node_api: tuple[TestClient, dict[str, str]], body: bytes) -> None:
    client, headers = node_api
    for path in POSTS:
        response = client.post(path, content=body, headers={**headers, "content-type": "application/json"})
        assert response.status_code < 500, f"{path}: {response.text[:200]}"
    record("hostile_input", inputs=len(POSTS), failures=0)


@pytest.fixture
def node_api(api: tuple[TestClient, dict[str, str]]) -> tuple[TestClient, dict[str, str]]:
    """The same client, for a hypothesis test (built once per test, not per example)."""
    return api


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/api/entities/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/reports/target/..%2F..%2Fetc%2Fpasswd",
        "/api/entities/%00",
        "/api/share/consent/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_path_traversal_reads_no_file(api: tuple[TestClient, dict[str, str]], path: str) -> None:
    client, headers = api
    response = client.get(path, headers=headers)
    assert response.status_code in (400, 401, 404, 422)
    assert b"root:" not in response.content


def _xlsx_with(member: str, data: bytes) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["p1", "Marko"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr(member, data, compresslevel=9)
    return out.getvalue()


MAPPING = """
entities:
  person:
    schema: Person
    keys: [id]
    properties:
      name: {column: name}
"""


@pytest.mark.parametrize("member", ["xl/sharedStrings2.xml", "xl/worksheets/sheet9.xml", "docProps/huge.xml"])
def test_xlsx_zip_bomb_is_refused_before_inflating(node: Node, tmp_path: Path, member: str) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_xlsx_with(member, b"\0" * (64 * 1024 * 1024)))  # 64 MiB of zeros in ~64 KiB
    assert bomb.stat().st_size < 1024 * 1024
    mapping = tmp_path / "m.yml"
    mapping.write_text(MAPPING)
    before = node.store.view(node.store.principal("GB-NCA")).count()
    with pytest.raises(InvalidInput) as failure:
        ingest_file(
            node, node.store.principal("GB-NCA"), bomb, agency="GB-NCA", marking=parse_marking("B2 P"), mapping=mapping
        )
    assert "bomb.xlsx" in failure.value.one_line()
    assert "zip bomb" in failure.value.one_line()
    assert node.store.view(node.store.principal("GB-NCA")).count() == before


def test_an_ordinary_workbook_still_loads(node: Node, tmp_path: Path) -> None:
    book = tmp_path / "ok.xlsx"
    book.write_bytes(_xlsx_with("xl/media/notes.bin", bytes(range(256)) * 64))
    mapping = tmp_path / "m.yml"
    mapping.write_text(MAPPING)
    report = ingest_file(
        node, node.store.principal("GB-NCA"), book, agency="GB-NCA", marking=parse_marking("B2 P"), mapping=mapping
    )
    assert report.entities == 1
