"""Streaming export of every visible statement, for scripts (NDJSON, constant memory)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from followthemoney import model

from corridor.access import ensure
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.api._profile import marking_info
from corridor.core import FieldError, InvalidInput

router = APIRouter(tags=["export"])
NDJSON = "application/x-ndjson"


@router.get(
    "/api/statements",
    response_class=StreamingResponse,
    responses={200: {"content": {NDJSON: {"schema": {"type": "string"}}}, "description": "One statement per line"}},
)
def export_statements(
    principal: CurrentPrincipal,
    node: NodeDep,
    schema: Annotated[list[str] | None, Query(max_length=20, description="Only these FtM schemata")] = None,
) -> StreamingResponse:
    """Every statement the caller may see, one JSON object per line, streamed."""
    ensure(principal, "export")
    unknown = [s for s in schema or [] if model.get(s) is None]
    if unknown:
        raise InvalidInput(
            "unknown schema", errors=[FieldError("not a FollowTheMoney schema", field="schema", value=unknown[0][:64])]
        )
    view = node.view(principal, purpose="export-statements", objects={"schema": schema})

    def lines() -> Iterator[bytes]:
        for stmt in view.statements(schemata=schema or None):
            row = {"entity_id": stmt.entity_id, "schema": stmt.schema, "prop": stmt.prop, "value": stmt.value}
            row.update(marking_info(stmt))
            yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")

    return StreamingResponse(lines(), media_type=NDJSON)
