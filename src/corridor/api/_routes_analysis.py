"""Thin endpoints over the analyses: network (key players, communities, brokers, paths,
disruption), routes and published statistics, and money.

The analysis packages (igraph, numpy, H3 …) are imported inside the endpoints, so that
starting the server and building an app for a test stays quick. Each opens the door once with its purpose (an audited consultation) and runs the
analysis on that view only, exactly as the ``corridor analyse`` commands do; the network
snapshot cache is shared by the app and keyed by principal, so two users never share one.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.core import FieldError, InvalidInput
from corridor.store import View

if TYPE_CHECKING:
    from corridor.graph import GraphCache, Network

router = APIRouter(prefix="/api/analyse", tags=["analysis"])
_lock = threading.Lock()


def get_graph_cache(request: Request) -> GraphCache:
    """The app's network snapshot cache (made on first use: igraph loads only when needed)."""
    from corridor.graph import GraphCache

    with _lock:
        cache = getattr(request.app.state, "graph_cache", None)
        if cache is None:
            cache = GraphCache()
            request.app.state.graph_cache = cache
    assert isinstance(cache, GraphCache)
    return cache


CacheDep = Annotated[Any, Depends(get_graph_cache)]
"""Typed ``Any`` for FastAPI: the real type is imported only when an endpoint runs."""


def _day(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput("bad date", errors=[FieldError("expected YYYY-MM-DD", field=field, value=value)]) from None


def _network(cache: GraphCache, view: View, since: str | None, until: str | None) -> Network:
    return cache.network(view, since=_day(since, "from"), until=_day(until, "to"))


@router.get("/key-players")
def api_key_players(
    principal: CurrentPrincipal,
    node: NodeDep,
    cache: CacheDep,
    top: Annotated[int, Query(ge=1, le=500)] = 20,
    since: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    until: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> list[dict[str, Any]]:
    """The people who hold the network together, each with the reasons for their place."""
    view = node.view(principal, purpose="key-players", objects={"top": top, "from": since, "to": until})
    from corridor.graph import key_players

    return key_players(_network(cache, view, since, until), top=top)


@router.get("/communities")
def api_communities(
    principal: CurrentPrincipal,
    node: NodeDep,
    cache: CacheDep,
    since: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    until: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> list[dict[str, Any]]:
    """Cells (Leiden communities) with their countries and brokers."""
    view = node.view(principal, purpose="communities", objects={"from": since, "to": until})
    from corridor.graph import communities

    return communities(_network(cache, view, since, until))


@router.get("/brokers")
def api_brokers(
    principal: CurrentPrincipal,
    node: NodeDep,
    cache: CacheDep,
    top: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """People between cells, across borders, and money people serving several groups."""
    view = node.view(principal, purpose="brokers", objects={"top": top})
    from corridor.graph import brokers

    return brokers(_network(cache, view, None, None), top=top)


@router.get("/path", responses={404: {}})
def api_path(
    principal: CurrentPrincipal,
    node: NodeDep,
    cache: CacheDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=255, pattern=r"^[^\x00-\x1f]+$")],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=255, pattern=r"^[^\x00-\x1f]+$")],
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> dict[str, Any]:
    """Shortest paths between two entities, with the statements behind each link."""
    view = node.view(principal, purpose="path", objects={"from": source, "to": target, "k": k})
    from corridor.graph import connection

    return connection(_network(cache, view, None, None), view, source, target, k=k)


class DisruptRequest(BaseModel):
    """Whom to remove: named people, or the best ``greedy`` people corridor finds."""

    remove: Annotated[
        list[Annotated[str, Field(max_length=255, pattern=r"^[^\x00-\x1f]+$")]], Field(max_length=200)
    ] = []
    greedy: Annotated[int | None, Field(ge=1, le=50)] = None


@router.post("/disrupt", responses={404: {}})
def api_disrupt(body: DisruptRequest, principal: CurrentPrincipal, node: NodeDep, cache: CacheDep) -> dict[str, Any]:
    """What removing people does: components, efficiency, fragmentation, who takes over."""
    if bool(body.remove) == (body.greedy is not None):
        raise InvalidInput("choose who to remove", errors=[FieldError("give remove or greedy", field="remove")])
    view = node.view(principal, purpose="disrupt", objects={"remove": body.remove, "greedy": body.greedy})
    from corridor.graph import disrupt, read_canonical, resolve_people

    network = _network(cache, view, None, None)
    people = resolve_people(network, body.remove, read_canonical(view)) if body.remove else None
    return disrupt(network, remove=people, greedy=body.greedy)


@router.get("/routes")
def api_routes(
    principal: CurrentPrincipal,
    node: NodeDep,
    resolution: Annotated[int, Query(ge=0, le=15)] = 6,
    published: bool = True,
    shift: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    shift_days: Annotated[int, Query(ge=7, le=366)] = 90,
) -> dict[str, Any]:
    """Flows between countries and crossing points, hotspots by month, published statistics.

    With ``shift`` (a date), also how the routes changed: ``shift_days`` before against after it.
    """
    from corridor.geo import analyse_routes

    on = _day(shift, "shift")
    view = node.view(principal, purpose="routes", objects={"resolution": resolution, "shift": on})
    result: dict[str, Any] = analyse_routes(
        view,
        resolution=resolution,
        published=published,
        shift_on=date.fromisoformat(on) if on else None,
        shift_days=shift_days,
    )
    return result


@router.get("/money")
def api_money(
    principal: CurrentPrincipal, node: NodeDep, top: Annotated[int, Query(ge=1, le=500)] = 20
) -> dict[str, Any]:
    """Flows of money between people, accounts and countries; revenue estimate."""
    from corridor.finance import analyse_money

    view = node.view(principal, purpose="money", objects={"top": top})
    result: dict[str, Any] = analyse_money(view, top=top)
    return result
