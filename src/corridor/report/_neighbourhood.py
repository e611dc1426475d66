"""A target's neighbourhood, read through the door: what its profile shows, not the whole view.

A target profile shows the target's direct links: associates, events, payments. Reading
the whole view for them (the whole graph, every event geocoded, every payment) cost
minutes on the large scenario for one page about one person. Instead:

1. the records whose graph properties name one of the target's records (one query on
   the door, ``View.statements(values=…)``), and the records the target itself names;
2. the records those link records name at their other end;
3. the resolution clusters of all of them (ids only, from the canonical table);
4. their graph facts, through the door, into the same ``GraphBuilder`` the whole-view
   graph uses, so nodes, shown ids, link kinds and evidence are the same as there.

The target's ego network is then exact; links *between* two neighbours appear only when
a record read here carries them (the whole graph is not read). Scores computed on this
graph (the key-player standing) are standings within the neighbourhood, and say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from sqlalchemy import or_, select

from corridor.graph import EntityGraph, GraphBuilder
from corridor.graph._kinds import ATTACH_PROPS, LINK_SCHEMATA, link_props
from corridor.model import Statement
from corridor.store import View, tables

ID_CHUNK = 2000
"""Ids per ``IN`` list on the canonical table (twice per query, under SQLite's bound)."""

_REF_PROPS = tuple(sorted({*ATTACH_PROPS, *(p for s, t, _ in LINK_SCHEMATA.values() for p in (*s, *t))}))
"""Properties whose values name another record (phone-number ends are values, not records)."""
_ENTITY_REF_PROPS = tuple(p for p in _REF_PROPS if not p.endswith("Number"))


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The target's records, the records around it, and the graph built from them."""

    members: frozenset[str]
    linking: frozenset[str]
    """Records that name one of the target's records (events, payments, links…)."""
    records: frozenset[str]
    """Every record whose facts were read."""
    graph: EntityGraph


def _clusters(view: View, ids: Iterable[str]) -> dict[str, str]:
    """Canonical id of each merged record among ``ids`` and of every other member of their clusters."""
    wanted = sorted(set(ids))
    heads: set[str] = set()
    out: dict[str, str] = {}
    c = tables.canonical
    with view.store.reading(stream=False) as conn:
        for start in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[start : start + ID_CHUNK]
            query = select(c.c.entity_id, c.c.canonical_id).where(
                or_(c.c.entity_id.in_(chunk), c.c.canonical_id.in_(chunk))
            )
            for entity_id, canonical_id in conn.execute(query):
                heads.add(str(canonical_id))
                out[str(entity_id)] = str(canonical_id)
        ordered = sorted(heads)
        for start in range(0, len(ordered), ID_CHUNK):
            chunk = ordered[start : start + ID_CHUNK]
            for entity_id, canonical_id in conn.execute(
                select(c.c.entity_id, c.c.canonical_id).where(c.c.canonical_id.in_(chunk))
            ):
                out[str(entity_id)] = str(canonical_id)
    for head in heads:
        out.setdefault(head, head)
    return out


def _named(statements: Iterable[Statement]) -> set[str]:
    """The record ids that ``statements`` name in their graph properties."""
    return {s.value for s in statements if s.prop in _ENTITY_REF_PROPS}


def neighbourhood(view: View, members: Iterable[str], target_statements: Iterable[Statement]) -> Neighbourhood:
    """Read the target's neighbourhood (see the module docstring) and build its graph."""
    own = set(members)
    linking = {
        s.entity_id for s in view.statements(values=sorted(own), props=_ENTITY_REF_PROPS) if s.entity_id not in own
    }
    link_statements = list(view.statements(entity_ids=sorted(linking), props=_ENTITY_REF_PROPS)) if linking else []
    ends = _named(target_statements) | _named(link_statements)
    canonical = _clusters(view, own | linking | ends)
    records = own | linking | ends | set(canonical)
    builder = GraphBuilder(canonical)
    facts = view.facts(entity_ids=sorted(records), props=link_props(), ordered=True)
    for record_id, group in groupby(facts, key=attrgetter("entity_id")):
        builder.add_record(record_id, list(group))
    return Neighbourhood(frozenset(own), frozenset(linking), frozenset(records), builder.finish())
