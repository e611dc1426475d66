"""Dashboard figures, computed on the caller's visible statements only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.model import BASE_PROP

router = APIRouter(tags=["statistics"])


class Stats(BaseModel):
    """Counts for the dashboard."""

    records_by_schema: dict[str, int]
    records_by_agency: dict[str, int]
    events_by_month: list[dict[str, Any]]
    top_organisations: list[dict[str, Any]]


@router.get("/api/stats")
def stats(principal: CurrentPrincipal, node: NodeDep) -> Stats:
    """Records by schema and agency, events per month (own vs partners'), top organisations."""
    view = node.view(principal, purpose="statistics")
    by_schema: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    months: dict[str, Counter[str]] = {}
    members: Counter[str] = Counter()
    org_names: dict[str, str] = {}
    for stmt in view.statements(props=[BASE_PROP, "date", "organization", "name"]):
        if stmt.prop == BASE_PROP:
            by_schema[stmt.schema] += 1
            by_agency[stmt.origin] += 1
        elif stmt.prop == "date" and stmt.schema == "Event" and len(stmt.value) >= 7:
            side = "own" if stmt.origin == principal.agency else "partners"
            months.setdefault(stmt.value[:7], Counter())[side] += 1
        elif stmt.prop == "organization" and stmt.schema == "Membership":
            members[stmt.value] += 1
        elif stmt.prop == "name" and stmt.schema == "Organization":
            org_names.setdefault(stmt.entity_id, stmt.value)
    return Stats(
        records_by_schema=dict(by_schema.most_common()),
        records_by_agency=dict(by_agency.most_common()),
        events_by_month=[{"month": m, **months[m]} for m in sorted(months)],
        top_organisations=[
            {"id": org, "name": org_names.get(org, org), "members": n} for org, n in members.most_common(10)
        ],
    )
