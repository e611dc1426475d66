"""Reports over HTTP: a target profile or a network report as HTML or PDF, audited as disclosures."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.core import FieldError, InvalidInput
from corridor.report import Report, network_report, target_report

router = APIRouter(tags=["reports"])
Justification = Annotated[str, Query(max_length=500, description="Why the report is produced (audited)")]
Format = Annotated[Literal["html", "pdf"], Query(description="html (default) or pdf")]
_DOCUMENT = {
    200: {
        "content": {"text/html": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string"}}},
        "description": "The report",
    }
}


def _response(report: Report, name: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "report"
    return Response(
        report.content,
        media_type=report.media_type,
        headers={
            "Content-Disposition": f'inline; filename="{safe}.{report.format}"',
            "Cache-Control": "no-store",
            "X-Corridor-Handling": report.banner.handling,
        },
    )


@router.get("/api/reports/target/{entity_id}", response_class=Response, responses=_DOCUMENT)  # type: ignore[arg-type]
def report_target(
    principal: CurrentPrincipal,
    node: NodeDep,
    entity_id: str,
    format: Format = "html",
    justification: Justification = "",
) -> Response:
    """The target profile of one entity, as the caller may see it (404 if invisible)."""
    report = target_report(node, principal, entity_id, fmt=format, justification=justification)
    return _response(report, f"target-{entity_id}")


@router.get("/api/reports/network", response_class=Response, responses=_DOCUMENT)  # type: ignore[arg-type]
def report_network(
    principal: CurrentPrincipal,
    node: NodeDep,
    organisation: Annotated[str | None, Query(max_length=200, description="An Organization's entity id")] = None,
    community: Annotated[int | None, Query(ge=0, description="A community number")] = None,
    format: Format = "html",
    justification: Justification = "",
) -> Response:
    """The report on one organisation or one community of the network the caller may see."""
    if (organisation is None) == (community is None):
        raise InvalidInput(
            "name exactly one of organisation or community",
            errors=[FieldError("give one", field="organisation/community")],
        )
    report = network_report(
        node, principal, organisation=organisation, community=community, fmt=format, justification=justification
    )
    return _response(report, f"network-{organisation or community}")
