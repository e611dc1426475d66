"""Canonical ids of many records at once, so that one person seen by two agencies is one person.

``View.canonical_id`` answers for one id per query; a route analysis asks for tens of
thousands, so this reads the resolution table in chunks. It reads no statement: the ids
asked about come from statements the principal may already see.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from corridor.model import Statement
from corridor.store import View, tables

CHUNK = 500


def canonical_ids(view: View, ids: Iterable[str]) -> dict[str, str]:
    """Map every id to its canonical id (itself when no judgement merged it)."""
    wanted = sorted(set(ids))
    out = {i: i for i in wanted}
    table = tables.canonical
    with view.store.engine.connect() as conn:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            query = select(table.c.entity_id, table.c.canonical_id).where(table.c.entity_id.in_(chunk))
            for entity_id, canonical_id in conn.execute(query):
                out[entity_id] = canonical_id
    return out


def statements_of(view: View, ids: Iterable[str], props: Iterable[str]) -> Iterator[Statement]:
    """The visible statements of many entities, asked for in chunks.

    One ``IN`` list of a hundred thousand ids exceeds what SQLite binds in one query;
    chunks keep every query small and still go through the door.
    """
    wanted = sorted(set(ids))
    names = list(props)
    for start in range(0, len(wanted), CHUNK * 10):
        yield from view.statements(entity_ids=wanted[start : start + CHUNK * 10], props=names)
