"""The person-to-person projection: who is linked to whom, how, and how strongly.

Two people are linked directly by a call, a payment, an association or family tie
between them (or between numbers and accounts they hold), and indirectly by something
they share — a phone, a vehicle, an address, a trip, an organisation. A shared thing
adds ``1 / (k - 1)`` to each pair of the ``k`` people sharing it, so a safe house used
by two people binds them more than a bus used by thirty; things shared by more than
``MAX_HUB_PEOPLE`` people link no one (see ``_kinds.py``).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from corridor.graph._entity_graph import EntityGraph, FloatArray, IntArray
from corridor.graph._kinds import COPRESENCE_SCHEMATA, DIRECT_KINDS, HUB_KINDS, MAX_HUB_PEOPLE, PERSON_SCHEMATA


@dataclass(slots=True)
class Projection:
    """People and their aggregated links, as arrays over person indices ``0..n-1``."""

    entity: EntityGraph
    nodes: IntArray
    """Person index -> entity-graph node index."""
    u: IntArray
    v: IntArray
    weight: FloatArray
    count: IntArray
    """Per link: how many statement-backed relations add up to it."""
    kinds: list[str]
    rows_pair: IntArray
    """Per relation row: the link it adds to (index into ``u``/``v``)."""
    rows_kind: npt.NDArray[np.int16]
    rows_weight: FloatArray
    rows_amount: FloatArray
    rows_evidence: IntArray
    rows_evidence2: IntArray
    """The second attachment behind a shared thing (``-1`` for a direct relation)."""
    rows_hub: IntArray
    """The shared entity-graph node behind a relation (``-1`` for a direct one)."""

    @property
    def n(self) -> int:
        """How many people."""
        return int(self.nodes.shape[0])

    @property
    def m(self) -> int:
        """How many distinct person-to-person links."""
        return int(self.u.shape[0])

    def person(self, entity_node: int | None) -> int | None:
        """The person index of an entity-graph node, if it is a person (``None`` passes)."""
        if entity_node is None:
            return None
        found = np.searchsorted(self.nodes, entity_node)
        if found < self.n and self.nodes[found] == entity_node:
            return int(found)
        return None

    def link_rows(self, a: int, b: int) -> IntArray:
        """Indices of the relation rows behind the link between people ``a`` and ``b``."""
        lo, hi = min(a, b), max(a, b)
        pair = np.flatnonzero((self.u == lo) & (self.v == hi))
        if pair.shape[0] == 0:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.rows_pair == pair[0])


def project(graph: EntityGraph, *, copresence: bool = False) -> Projection:
    """Project the entity graph onto people (vectorised for person-to-person links).

    With ``copresence`` people at the same event or on the same trip are linked too.
    """
    n_all = graph.node_count
    is_person = np.fromiter((s in PERSON_SCHEMATA for s in graph.schema), dtype=bool, count=n_all)
    nodes = np.flatnonzero(is_person).astype(np.int64)
    pindex = np.full(n_all, -1, dtype=np.int64)
    pindex[nodes] = np.arange(nodes.shape[0], dtype=np.int64)
    kinds = list(graph.kinds)
    kind_code = {k: i for i, k in enumerate(kinds)}
    direct_codes = np.array([k in DIRECT_KINDS for k in graph.kinds] or [False], dtype=bool)
    direct = direct_codes[graph.kind] if graph.edge_count else np.zeros(0, dtype=bool)
    ps, pd = pindex[graph.src], pindex[graph.dst]

    parts: list[
        tuple[IntArray, IntArray, npt.NDArray[np.int16], FloatArray, FloatArray, IntArray, IntArray, IntArray]
    ] = []
    # 1. relations between two people: as they are.
    both = (ps >= 0) & (pd >= 0)
    sel = np.flatnonzero(both)
    parts.append(
        (
            ps[sel],
            pd[sel],
            graph.kind[sel],
            np.ones(sel.shape[0]),
            graph.amount[sel],
            graph.evidence[sel],
            np.full(sel.shape[0], -1, dtype=np.int64),
            np.full(sel.shape[0], -1, dtype=np.int64),
        )
    )
    # 2. attachments of a person to a thing: who holds or shares each thing.
    attach = np.flatnonzero(~direct & ((ps >= 0) ^ (pd >= 0)))
    thing = np.where(ps[attach] >= 0, graph.dst[attach], graph.src[attach])
    holder = np.where(ps[attach] >= 0, ps[attach], pd[attach])
    order = np.lexsort((holder, thing))
    thing, holder, attach = thing[order], holder[order], attach[order]
    starts = np.flatnonzero(np.r_[True, thing[1:] != thing[:-1]]) if thing.shape[0] else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], thing.shape[0]] if thing.shape[0] else np.zeros(0, dtype=np.int64)
    holders: dict[int, tuple[IntArray, IntArray]] = {}
    hub = _Rows()
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        people, first = np.unique(holder[s:e], return_index=True)
        rows = attach[s:e][first]
        t = int(thing[s])
        holders[t] = (people, rows)
        k = people.shape[0]
        if k < 2 or k > MAX_HUB_PEOPLE or (not copresence and graph.schema[t] in COPRESENCE_SCHEMATA):
            continue
        name = HUB_KINDS.get(graph.schema[t], f"shared {graph.schema[t].lower()}")
        code = kind_code.setdefault(name, len(kinds))
        if code == len(kinds):
            kinds.append(name)
        iu, iv = np.triu_indices(k, 1)
        hub.add(people[iu], people[iv], code, 1.0 / (k - 1), 0.0, graph.evidence[rows[iu]], graph.evidence[rows[iv]], t)
    # 3. direct relations with a thing at one or both ends (calls between numbers,
    #    payments between accounts): between the things' holders.
    via = _Rows()
    for row in np.flatnonzero(direct & ~both).tolist():
        a_side = _side(int(graph.src[row]), pindex, holders)
        b_side = _side(int(graph.dst[row]), pindex, holders)
        if a_side.shape[0] == 0 or b_side.shape[0] == 0:
            continue
        aa, bb = np.repeat(a_side, b_side.shape[0]), np.tile(b_side, a_side.shape[0])
        keep = aa != bb
        via.add(
            aa[keep], bb[keep], int(graph.kind[row]), 1.0, float(graph.amount[row]), int(graph.evidence[row]), -1, -1
        )
    parts.extend(p for p in (hub.arrays(), via.arrays()) if p[0].shape[0])

    src = np.concatenate([p[0] for p in parts])
    dst = np.concatenate([p[1] for p in parts])
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    n = nodes.shape[0]
    key = lo * max(n, 1) + hi
    uniq, inverse = np.unique(key, return_inverse=True)
    weights = np.concatenate([p[3] for p in parts])
    return Projection(
        entity=graph,
        nodes=nodes,
        u=(uniq // max(n, 1)).astype(np.int64),
        v=(uniq % max(n, 1)).astype(np.int64),
        weight=np.bincount(inverse, weights=weights, minlength=uniq.shape[0]).astype(np.float64),
        count=np.bincount(inverse, minlength=uniq.shape[0]).astype(np.int64),
        kinds=kinds,
        rows_pair=inverse.astype(np.int64),
        rows_kind=np.concatenate([p[2] for p in parts]).astype(np.int16),
        rows_weight=weights,
        rows_amount=np.concatenate([p[4] for p in parts]),
        rows_evidence=np.concatenate([p[5] for p in parts]),
        rows_evidence2=np.concatenate([p[6] for p in parts]),
        rows_hub=np.concatenate([p[7] for p in parts]),
    )


def _side(node: int, pindex: IntArray, holders: dict[int, tuple[IntArray, IntArray]]) -> IntArray:
    if pindex[node] >= 0:
        return np.array([pindex[node]], dtype=np.int64)
    found = holders.get(node)
    if found is None or found[0].shape[0] > MAX_HUB_PEOPLE:
        return np.zeros(0, dtype=np.int64)
    return found[0]


class _Rows:
    """Relation rows gathered in a loop, turned into arrays once."""

    def __init__(self) -> None:
        self.src = array("q")
        self.dst = array("q")
        self.kind = array("h")
        self.weight = array("d")
        self.amount = array("d")
        self.ev1 = array("q")
        self.ev2 = array("q")
        self.hub = array("q")

    def add(
        self,
        src: IntArray,
        dst: IntArray,
        kind: int,
        weight: float,
        amount: float,
        ev1: IntArray | int,
        ev2: IntArray | int,
        hub: int,
    ) -> None:
        k = int(src.shape[0])
        self.src.extend(src.tolist())
        self.dst.extend(dst.tolist())
        self.kind.extend([kind] * k)
        self.weight.extend([weight] * k)
        self.amount.extend([amount] * k)
        self.ev1.extend(ev1.tolist() if isinstance(ev1, np.ndarray) else [ev1] * k)
        self.ev2.extend(ev2.tolist() if isinstance(ev2, np.ndarray) else [ev2] * k)
        self.hub.extend([hub] * k)

    def arrays(
        self,
    ) -> tuple[IntArray, IntArray, npt.NDArray[np.int16], FloatArray, FloatArray, IntArray, IntArray, IntArray]:
        def ints(a: array[int]) -> IntArray:
            return np.array(a, dtype=np.int64)

        return (
            ints(self.src),
            ints(self.dst),
            np.array(self.kind, dtype=np.int16),
            np.array(self.weight, dtype=np.float64),
            np.array(self.amount, dtype=np.float64),
            ints(self.ev1),
            ints(self.ev2),
            ints(self.hub),
        )
