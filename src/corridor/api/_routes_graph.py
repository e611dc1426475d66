"""The link chart's data: a visible subgraph of the whole node."""

from __future__ import annotations

import json
import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from corridor.access import Node
from corridor.api._auth import CurrentPrincipal
from corridor.api._chartcache import ChartCache
from corridor.api._deps import IndexesDep, NodeDep
from corridor.api._graphdata import (
    build_graph,
    canonical_ids,
    chart_props,
    is_edge,
    numbers_of,
    phone_records,
    read_records,
    references,
)
from corridor.api._index import INDEX_META_KEY
from corridor.api._routes_entities import Graph
from corridor.store import View, tables

router = APIRouter(tags=["graph"])
_lock = threading.Lock()


def _chart_cache(request: Request) -> ChartCache:
    with _lock:
        cache = getattr(request.app.state, "chart_cache", None)
        if cache is None:
            cache = request.app.state.chart_cache = ChartCache()
    assert isinstance(cache, ChartCache)
    return cache


def _build(view: View, node: Node, limit: int) -> bytes:
    e = tables.entity_links
    # Read links in rounds, growing only while too few nodes are visible: reading four
    # times the records a chart shows costs four times the door's time.
    for factor in (1, 3, 8):
        with node.store.engine.connect() as conn:
            rows = conn.execute(select(e.c.source_id, e.c.target_id).limit(limit * factor)).all()
        ids = {r.source_id for r in rows} | {r.target_id for r in rows}
        records = read_records(view, ids, chart_props())
        # Calls link records the entity-link index does not know about (by their numbers);
        # holders of a shared phone are linked when both are in the chart already.
        calls = phone_records(view, numbers_of(records.values()), limit=limit // 2, holders=False)
        records.update({k: v for k, v in calls.items() if k not in records})
        missing = {v for p in records.values() if is_edge(p) for _, v in references(p)} - set(records)
        records.update(read_records(view, missing, chart_props()))
        data = build_graph(records, canonical_ids(view, records))
        linked = {str(x) for edge in data.edges.values() for x in (edge["source"], edge["target"])}
        if len(linked) >= limit or len(rows) < limit * factor:
            break
    keep = [k for k in data.nodes if k in linked][:limit]
    kept = set(keep)
    payload = {
        "nodes": [data.nodes[k] for k in keep],
        "edges": [v for v in data.edges.values() if v["source"] in kept and v["target"] in kept],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/api/graph", response_model=Graph)
def graph(
    request: Request,
    principal: CurrentPrincipal,
    node: NodeDep,
    indexes: IndexesDep,
    limit: Annotated[int, Query(ge=1, le=20_000, description="At most this many nodes")] = 1000,
) -> Response:
    """Up to ``limit`` linked nodes the caller can see, with the links between them.

    The answer is kept per principal while what they may see is unchanged (``ChartCache``);
    it is built from dicts of known shape, so it is not validated again on the way out.
    """
    view = node.view(principal, purpose="graph", objects={"limit": limit})
    indexes.ensure_fresh()
    version = (node.store.get_meta(INDEX_META_KEY), indexes.data_head())
    body = _chart_cache(request).get(view, limit, lambda: _build(view, node, limit), version)
    return Response(content=body, media_type="application/json")
