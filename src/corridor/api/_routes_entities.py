"""Entity profile, statements with markings, and neighbours for the link chart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import IndexesDep, NodeDep
from corridor.api._graphdata import expand
from corridor.api._profile import build_profile, marking_info
from corridor.graph import PHONE_PREFIX

router = APIRouter(tags=["entities"])
EntityId = Annotated[
    str, Path(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f]+$", description="A record or canonical id")
]


class Profile(BaseModel):
    """Everything the caller may see about one entity (merged over its cluster)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    schema_: str = Field(alias="schema")
    caption: str
    records: list[str]
    agencies: list[str]
    properties: list[dict[str, Any]]
    selectors: list[dict[str, str]]
    aliases: list[str]
    linked: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    why_linked: list[dict[str, Any]]


class StatementOut(BaseModel):
    """One visible statement with its provenance and marking."""

    model_config = ConfigDict(populate_by_name=True)

    prop: str
    value: str
    schema_: str = Field(alias="schema")
    record: str
    source: str
    agency: str
    grade: str
    handling: str
    conditions: str
    first_seen: str
    last_seen: str


class StatementPage(BaseModel):
    """A page of an entity's statements."""

    id: str
    offset: int
    limit: int
    total: int
    statements: list[StatementOut]


class Graph(BaseModel):
    """Nodes and edges for the link chart."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


@router.get("/api/entities/{entity_id}", responses={404: {}})
def entity(entity_id: EntityId, principal: CurrentPrincipal, node: NodeDep, indexes: IndexesDep) -> Profile:
    """The entity profile: properties with source agency, grading and handling, selectors,
    aliases, linked entities, timeline and why records were linked."""
    view = node.view(principal, purpose="entity-profile", objects={"entity": entity_id})
    return Profile.model_validate(build_profile(view, indexes, entity_id))


@router.get("/api/entities/{entity_id}/statements", responses={404: {}})
def entity_statements(
    entity_id: EntityId,
    principal: CurrentPrincipal,
    node: NodeDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StatementPage:
    """The visible statements behind an entity, with markings, a page at a time."""
    view = node.view(principal, purpose="entity-statements", objects={"entity": entity_id})
    canonical, stmts = view.entity_statements(entity_id)
    stmts.sort(key=lambda s: (s.prop, s.value, s.entity_id, s.source))
    page = []
    for stmt in stmts[offset : offset + limit]:
        info = marking_info(stmt)
        page.append(
            StatementOut(
                prop=stmt.prop,
                value=stmt.value,
                schema=stmt.schema,
                record=stmt.entity_id,
                source=stmt.source,
                agency=stmt.origin,
                grade=info["grade"],
                handling=stmt.marking.handling,
                conditions=stmt.marking.conditions,
                first_seen=stmt.first_seen,
                last_seen=stmt.last_seen,
            )
        )
    return StatementPage(id=canonical, offset=offset, limit=limit, total=len(stmts), statements=page)


@router.get("/api/entities/{entity_id}/neighbours", responses={404: {}})
def neighbours(
    entity_id: EntityId,
    principal: CurrentPrincipal,
    node: NodeDep,
    indexes: IndexesDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000)] = 300,
) -> Graph:
    """The visible neighbourhood of an entity as chart nodes and edges."""
    view = node.view(principal, purpose="neighbours", objects={"entity": entity_id, "depth": depth})
    if entity_id.startswith(PHONE_PREFIX):
        visible = [entity_id]  # a phone node of the chart: its holders and calls are the neighbours
    else:
        _, stmts = view.entity_statements(entity_id)
        visible = sorted({s.entity_id for s in stmts})
    graph = expand(view, indexes, visible, depth=depth, limit=limit)
    return Graph(**graph.payload())
