"""Search by name in any script: ``Петровић`` finds ``Petrovic``."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import IndexesDep, NodeDep
from corridor.api._graphdata import canonical_ids
from corridor.api._index import name_props, tokens
from corridor.core import FieldError, InvalidInput
from corridor.model import BASE_PROP, Statement, assemble

router = APIRouter(tags=["search"])
CANDIDATES_PER_RESULT = 3
MENTIONS = frozenset({"namesMentioned"})
"""Names a record only mentions (a report's ``namesMentioned``): read only when the records'
own names leave the page short. They were nine statements in ten that a search read."""


class SearchHit(BaseModel):
    """One entity whose visible names match every word of the query."""

    id: str
    records: list[str]
    schema_: str = Field(alias="schema")
    caption: str
    names: list[str]
    agencies: list[str]

    model_config = ConfigDict(populate_by_name=True)


class SearchResults(BaseModel):
    """A page of search hits."""

    query: str
    tokens: list[str]
    offset: int
    limit: int
    results: list[SearchHit]
    more: bool


@lru_cache(maxsize=65_536)
def _name_tokens(name: str) -> frozenset[str]:
    """The tokens of one name, remembered: the same names come back search after search."""
    return frozenset(tokens(name))


def _closeness(query: list[str], names: list[str]) -> float:
    """How much of the best-matching name the query covers (1.0: the name, exactly)."""
    wanted = set(query)
    best = 0.0
    for name in names:
        have = _name_tokens(name)
        if have:
            best = max(best, len(wanted & have) / len(have | wanted))
    return best


def _matches(query: list[str], names: list[str]) -> bool:
    have: set[str] = set().union(*(_name_tokens(n) for n in names))
    *whole, last = query
    return all(t in have for t in whole) and any(t.startswith(last) for t in have)


def _confirmed(
    words: list[str], schema: str | None, by_record: dict[str, list[Statement]], names_props: frozenset[str]
) -> set[str]:
    """The records whose visible names hold every word (and of ``schema``, if given)."""
    out = set()
    for record, stmts in by_record.items():
        names = [s.value for s in stmts if s.prop in names_props]
        if _matches(words, names) and (schema is None or any(s.schema == schema for s in stmts)):
            out.add(record)
    return out


@router.get("/api/search")
def search(
    principal: CurrentPrincipal,
    node: NodeDep,
    indexes: IndexesDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name words, in any script")],
    schema: Annotated[str | None, Query(max_length=64, description="Only this FtM schema")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchResults:
    """Entities whose visible names hold every word of ``q`` (the last as a prefix)."""
    words = tokens(q)
    if not words:
        raise InvalidInput("nothing to search for", errors=[FieldError("no letters or digits", field="q", value=q)])
    view = node.view(principal, purpose="search", objects={"q": q, "schema": schema})
    candidates = indexes.search_candidates(words, (offset + limit + 1) * CANDIDATES_PER_RESULT)
    names_props = name_props()
    by_record: dict[str, list[Statement]] = defaultdict(list)
    if candidates:
        # Own names and the base statement only: enough to confirm, rank and caption a hit.
        for stmt in view.statements(entity_ids=candidates, props=[BASE_PROP, *sorted(names_props - MENTIONS)]):
            by_record[stmt.entity_id].append(stmt)
    matched = _confirmed(words, schema, by_record, names_props)
    if len(matched) <= offset + limit and len(matched) < len(by_record):
        # Too few for the page: records that only mention the name may fill it.
        rest = sorted(set(by_record) - matched)
        for stmt in view.statements(entity_ids=rest, props=sorted(MENTIONS)):
            by_record[stmt.entity_id].append(stmt)
        matched |= _confirmed(words, schema, {r: by_record[r] for r in rest}, names_props)
    canon = canonical_ids(view, matched)
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for record in matched:
        grouped[canon[record]].extend(by_record[record])
    hits: list[SearchHit] = []
    ranked: list[tuple[float, bool, str]] = []
    for key, stmts in grouped.items():
        names = [st.value for st in stmts if st.prop in names_props]
        ranked.append((-_closeness(words, names), not any(st.schema == "Person" for st in stmts), key))
    for _, _, key in sorted(ranked):
        stmts = grouped[key]
        proxy = assemble(key, stmts)
        if proxy is None:
            continue
        hits.append(
            SearchHit(
                id=key,
                records=sorted({s.entity_id for s in stmts}),
                schema=proxy.schema.name,
                caption=proxy.caption,
                names=sorted({s.value for s in stmts if s.prop in names_props})[:12],
                agencies=sorted({s.origin for s in stmts}),
            )
        )
    page = hits[offset : offset + limit]
    return SearchResults(
        query=q, tokens=words, offset=offset, limit=limit, results=page, more=len(hits) > offset + limit
    )
