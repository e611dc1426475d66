"""Published statistics (Frontex detections, UK small-boat arrivals) beside the agency's own figures.

The published series ship with ``corridor.geo`` (with their attribution, shown on every
dashboard that uses them); the own figures come from the caller's visible events only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from corridor.access import Node
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.model import Principal

router = APIRouter(tags=["statistics"])


class Published(BaseModel):
    """Monthly published series, their sources, and the caller's own figures next to them."""

    since: str
    frontex: dict[str, dict[str, int]]
    uk_small_boats: dict[str, dict[str, int]]
    attribution: dict[str, str]
    own_vs_published: list[dict[str, Any]]


def _published(node: Node, principal: Principal, since: str) -> Published:
    from corridor.geo import by_country_month, own_vs_published, published_statistics, read_observations

    view = node.view(principal, purpose="published-statistics", objects={"since": since})
    shipped = published_statistics(since=since)
    own = by_country_month(read_observations(view).observations)
    return Published(
        since=since,
        frontex=shipped["frontex"],
        uk_small_boats=shipped["uk_small_boats"],
        attribution=shipped["attribution"],
        own_vs_published=own_vs_published(own),
    )


@router.get("/api/statistics/published")
async def published(
    principal: CurrentPrincipal,
    node: NodeDep,
    since: Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = "2018-01",
) -> Published:
    """Frontex Western Balkan and other routes, UK small boats, monthly from ``since`` (YYYY-MM)."""
    return await run_in_threadpool(_published, node, principal, since)
