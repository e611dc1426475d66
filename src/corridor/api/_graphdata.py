"""Link-chart data: visible records collapsed into nodes and edges, merged by cluster.

Interstitial FtM entities (Associate, Family, Payment, Ownership …) become edges
between their two ends, as analysts draw them; every other entity property becomes an
edge from the record to the record it names. Phones are nodes too (``phone:+381…``, as in
``corridor.graph``) when two records share one or a call names it: a person links to their
phone ("phone"), and calls link the two callers, or their numbers when the callers are not
known ("call", one edge per pair with the number of calls). Every id here comes from statements the
caller can see: candidates from the link index are read through the door and kept only
when the visible statements confirm them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.types import registry

from corridor.api._index import Indexes, entity_props
from corridor.graph import PHONE_PREFIX
from corridor.graph import phone_node_id as graph_phone_node_id
from corridor.model import BASE_PROP
from corridor.store import View, tables

CHUNK = 2000
"""Ids per door read: well under SQLite's bound-parameter limit."""
PHONE_PROPS = ("phone",)
CALL_ENDS = (("caller", "callerNumber"), ("receiver", "receiverNumber"))
"""A call's two sides: the first property with a value wins (a known person, else the number)."""
CALL_NUMBER_PROPS = ("callerNumber", "receiverNumber")
COUNTRY_PROPS = ("nationality", "country", "citizenship", "jurisdiction")
DATE_PROPS = ("date", "startDate", "birthDate", "endDate")


@dataclass
class GraphData:
    """Nodes and edges of a chart, keyed by canonical id."""

    nodes: dict[str, dict[str, object]] = field(default_factory=dict)
    edges: dict[str, dict[str, object]] = field(default_factory=dict)

    def payload(self) -> dict[str, list[dict[str, object]]]:
        """The JSON the web UI draws."""
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}


class Record:
    """A lightweight read-only record: the few properties a chart needs, no FtM cleaning.

    Quacks like the parts of ``Record`` this module uses, at a fraction of the cost
    of assembling full entities (a 5,000-node chart reads tens of thousands of records).
    """

    __slots__ = ("caption", "id", "schema", "values")

    def __init__(self, entity_id: str, schema: Schema, values: dict[str, list[str]]):
        self.id = entity_id
        self.schema = schema
        self.values = values
        self.caption = next((v[0] for k in _CAPTION_PROPS if (v := values.get(k))), entity_id)

    def get(self, prop: str, quiet: bool = True) -> list[str]:
        """The values of ``prop``."""
        return self.values.get(prop, [])

    def itervalues(self) -> Iterator[tuple[Property, str]]:
        """``(property, value)`` pairs, as ``Record.itervalues``."""
        for name, values in self.values.items():
            prop = self.schema.properties.get(name)
            if prop is not None:
                for value in values:
                    yield prop, value


_CAPTION_PROPS = ("name", "title", "number", "registrationNumber", "full", "summary")


def _schema_of(names: set[str]) -> Schema | None:
    schema: Schema | None = None
    for name in sorted(names):
        other = model.get(name)
        if other is None:
            continue
        if schema is None:
            schema = other
            continue
        try:
            schema = model.common_schema(schema, other)
        except InvalidData:
            continue
    return schema


def read_records(view: View, ids: Iterable[str], props: Iterable[str] | None = None) -> dict[str, Record]:
    """The visible records among ``ids`` (only ``props`` if given), one per record id."""
    wanted = sorted(set(ids))
    wanted_props = sorted(set(props)) if props is not None else None
    grouped: dict[str, tuple[set[str], dict[str, list[str]]]] = {}
    # The door's narrow read: a chart needs no provenance, and facts cost a fraction of statements.
    for start in range(0, len(wanted), CHUNK):
        for entity_id, schema_name, prop, value in view.facts(
            entity_ids=wanted[start : start + CHUNK], props=wanted_props
        ):
            schemata, values = grouped.setdefault(entity_id, (set(), {}))
            schemata.add(schema_name)
            if prop != BASE_PROP:
                values.setdefault(prop, []).append(value)
    out: dict[str, Record] = {}
    for entity_id, (schemata, values) in grouped.items():
        schema = _schema_of(schemata)
        if schema is not None:
            out[entity_id] = Record(entity_id, schema, values)
    return out


@cache
def chart_props() -> tuple[str, ...]:
    """What a chart reads of each record: names, countries, dates and links."""
    return tuple(
        sorted(
            {BASE_PROP, *_CAPTION_PROPS, *COUNTRY_PROPS, *DATE_PROPS, *PHONE_PROPS, *CALL_NUMBER_PROPS, *entity_props()}
        )
    )


phone_node_id = lru_cache(maxsize=200_000)(graph_phone_node_id)
"""The chart id of a phone number, as corridor.graph names it (cached: a chart asks often)."""


def is_call(proxy: Record) -> bool:
    """Whether the record is a call (FtM does not draw Call as an edge; analysts do)."""
    return proxy.schema.name == "Call"


def numbers_of(records: Iterable[Record]) -> set[str]:
    """Every phone number the records hold or call."""
    props = PHONE_PROPS + CALL_NUMBER_PROPS
    return {v for r in records for p in props for v in r.get(p)}


def phone_records(view: View, numbers: Iterable[str], *, limit: int = 5000, holders: bool = True) -> dict[str, Record]:
    """Visible records that called (and with ``holders``, hold) one of ``numbers``, at most
    ``limit``: one door read by value (the selector index answers it)."""
    values = sorted(set(numbers))
    ids: set[str] = set()
    props = set(PHONE_PROPS + CALL_NUMBER_PROPS if holders else CALL_NUMBER_PROPS)
    for start in range(0, len(values), CHUNK):
        # Asked with exactly the selector properties, so that SQLite sees the query matches
        # the partial value index (ix_statements_selector_value); a narrower list scans.
        for stmt in view.statements(values=values[start : start + CHUNK], props=tables.SELECTOR_PROPS):
            if stmt.prop in props:
                ids.add(stmt.entity_id)
        if len(ids) >= limit:
            break
    return read_records(view, sorted(ids)[:limit], chart_props())


def canonical_ids(view: View, ids: Iterable[str]) -> dict[str, str]:
    """Each id's cluster, named by its smallest record the principal may see (``View.canonical_ids``)."""
    return view.canonical_ids(ids)


def is_edge(proxy: Record) -> bool:
    """Whether the record is interstitial (drawn as an edge)."""
    return is_call(proxy) or bool(proxy.schema.edge and proxy.schema.source_prop and proxy.schema.target_prop)


def references(proxy: Record) -> list[tuple[str, str]]:
    """``(prop, id)`` for every entity the record names."""
    return [(prop.name, value) for prop, value in proxy.itervalues() if prop.type == registry.entity]


def _first(proxy: Record, props: Iterable[str]) -> str | None:
    for name in props:
        values = proxy.get(name)
        if values:
            return str(min(values))
    return None


def build_graph(records: dict[str, Record], canon: dict[str, str]) -> GraphData:
    """Collapse visible records into nodes and edges (edges only between visible nodes)."""
    graph = GraphData()
    nodes = {i: p for i, p in records.items() if not is_edge(p)}
    for entity_id, proxy in nodes.items():
        key = canon.get(entity_id, entity_id)
        existing = graph.nodes.get(key)
        if existing is not None:
            records_list = existing["records"]
            assert isinstance(records_list, list)
            records_list.append(entity_id)
            continue
        graph.nodes[key] = {
            "id": key,
            "label": proxy.caption,
            "schema": proxy.schema.name,
            "country": _first(proxy, COUNTRY_PROPS),
            "date": _first(proxy, DATE_PROPS),
            "records": [entity_id],
        }

    def node_of(entity_id: str) -> str | None:
        key = canon.get(entity_id, entity_id)
        return key if key in graph.nodes else None

    _add_phones(graph, records, canon)
    for entity_id, proxy in records.items():
        if is_call(proxy):
            _add_call(graph, entity_id, proxy, node_of)
            continue
        if is_edge(proxy):
            assert proxy.schema.source_prop is not None
            assert proxy.schema.target_prop is not None
            sources = proxy.get(proxy.schema.source_prop.name)
            targets = proxy.get(proxy.schema.target_prop.name)
            when = _first(proxy, DATE_PROPS)
            for source in sources:
                for target in targets:
                    a, b = node_of(source), node_of(target)
                    if a and b and a != b:
                        graph.edges[f"{entity_id}:{a}:{b}"] = {
                            "id": f"{entity_id}:{a}:{b}",
                            "source": a,
                            "target": b,
                            "type": proxy.schema.name,
                            "date": when,
                            "record": entity_id,
                        }
            continue
        a = node_of(entity_id)
        if a is None:
            continue
        when = _first(proxy, DATE_PROPS) if proxy.schema.name in {"Event", "Trip"} else None
        for prop, target in references(proxy):
            b = node_of(target)
            if b and b != a:
                key = f"{a}:{prop}:{b}"
                graph.edges[key] = {"id": key, "source": a, "target": b, "type": prop, "date": when, "record": None}
    return graph


def _phone_node(graph: GraphData, number: str) -> str:
    key = phone_node_id(number)
    if key not in graph.nodes:
        graph.nodes[key] = {"id": key, "label": number, "schema": "Phone", "country": None, "date": None, "records": []}
    return key


def _add_phones(graph: GraphData, records: dict[str, Record], canon: dict[str, str]) -> None:
    """Phone nodes for numbers two nodes share or a call names, linked to their holders."""
    holders: dict[str, set[str]] = {}
    for entity_id, proxy in records.items():
        if not is_edge(proxy):
            key = canon.get(entity_id, entity_id)
            for number in proxy.get("phone"):
                holders.setdefault(phone_node_id(number), set()).add(key)
    called = {phone_node_id(v) for p in records.values() if is_call(p) for v in numbers_of([p])}
    for entity_id, proxy in records.items():
        if is_edge(proxy):
            continue
        a = canon.get(entity_id, entity_id)
        for number in proxy.get("phone"):
            pid = phone_node_id(number)
            if a in graph.nodes and (len(holders[pid]) > 1 or pid in called):
                b = _phone_node(graph, number)
                key = f"{a}:phone:{b}"
                graph.edges[key] = {"id": key, "source": a, "target": b, "type": "phone", "date": None, "record": None}


def _add_call(graph: GraphData, entity_id: str, proxy: Record, node_of: Callable[[str], str | None]) -> None:
    """One ``call`` edge per pair of ends (people if known, else numbers), counting the calls."""
    sides: list[list[str]] = []
    for names in CALL_ENDS:
        ends: list[str] = []
        for name in names:
            values = proxy.get(name)
            if values:
                if name.endswith("Number"):
                    ends = [_phone_node(graph, v) for v in values]
                else:
                    ends = [n for v in values if (n := node_of(v))]
                break
        sides.append(ends)
    when = _first(proxy, DATE_PROPS)
    for a in sides[0]:
        for b in sides[1]:
            if a == b:
                continue
            low, high = sorted((a, b))
            key = f"call:{low}:{high}"
            edge = graph.edges.get(key)
            if edge is None:
                graph.edges[key] = {"id": key, "source": low, "target": high, "type": "call", "date": when,
                                    "record": entity_id, "count": 1}  # fmt: skip
            else:
                edge["count"] = int(str(edge["count"])) + 1
                if when and (not edge["date"] or when > str(edge["date"])):
                    edge["date"] = when


def expand(view: View, indexes: Indexes, seeds: Iterable[str], *, depth: int = 1, limit: int = 500) -> GraphData:
    """The visible neighbourhood of ``seeds`` to ``depth`` hops, at most ``limit`` nodes."""
    seed_ids = {s for s in seeds if not s.startswith(PHONE_PREFIX)}
    props = chart_props()
    records = read_records(view, seed_ids, props)
    phones = [s.removeprefix(PHONE_PREFIX) for s in seeds if s.startswith(PHONE_PREFIX)]
    if phones:
        records.update(phone_records(view, phones, limit=limit))
    frontier = set(records)
    for _ in range(max(depth, 1)):
        if not frontier or len(records) >= limit:
            break
        out, inc = indexes.linked(frontier, limit * 4)
        found = read_records(view, (out | inc) - set(records), props)
        # People and calls sharing the frontier's numbers are neighbours too, through the phone.
        by_phone = phone_records(view, numbers_of(records[i] for i in frontier), limit=limit * 2)
        found.update({k: v for k, v in by_phone.items() if k not in records})
        confirmed: dict[str, Record] = {}
        named_by_frontier = {v for i in frontier for _, v in references(records[i])}
        for entity_id, proxy in found.items():
            named = entity_id in named_by_frontier or any(v in frontier for _, v in references(proxy))
            if named or entity_id in by_phone:
                confirmed[entity_id] = proxy
        # Interstitial records reach one step further: their far ends are the real neighbours.
        far = {v for p in confirmed.values() if is_edge(p) for _, v in references(p)} - set(records) - set(confirmed)
        confirmed.update(read_records(view, far, props))
        # A call's far end may be a number: whoever holds it is the neighbour.
        called = numbers_of(p for p in confirmed.values() if is_call(p))
        if called:
            holders = phone_records(view, called, limit=limit)
            confirmed.update({k: v for k, v in holders.items() if not is_edge(v) and k not in records})
        room = max(limit - len(records), 0)
        chosen = dict(list(confirmed.items())[: room * 2])
        records.update(chosen)
        frontier = {i for i, p in chosen.items() if not is_edge(p)}
    # Ends named by kept interstitial records must be visible nodes too.
    missing = {v for p in records.values() if is_edge(p) for _, v in references(p)} - set(records)
    records.update(read_records(view, missing, props))
    return build_graph(records, canonical_ids(view, records))
