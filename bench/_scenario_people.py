"""The person records of a generated scenario, as the resolver on a node would see them.

Every file of the manifest goes through the ingest's own mapping code (``compile_query``,
``open_tables``, ``EntityPlan.map``: the same values, Latin forms and cleaned selectors a
node stores), and the values of each entity are gathered across rows, as the store does.
Only the write to a database is skipped: at 1M records ingestion would take far longer
than resolution, and is measured on its own by ``bench_ingest.py``. Records are built by
``corridor.resolve.build_record`` and get their linked selectors (accounts, wallets,
papers) by ``linked_selectors``, exactly as ``read_records`` does on a node.

The result is cached (pickle) next to the scenario's name in a work directory, never in
the scenario directory itself, which may be shared read-only.
"""

from __future__ import annotations

import json
import pickle
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from corridor.ingest import (
    compile_query,
    entity_values,
    file_format,
    ftm_query,
    load_mapping,
    namespaced_id,
    open_tables,
    read_ftm,
)
from corridor.resolve import KINDS, Record, build_record, load_truth
from corridor.resolve._linked import PROPS as LINK_PROPS
from corridor.resolve._linked import SCHEMATA as LINK_SCHEMATA
from corridor.resolve._linked import linked_selectors
from corridor.resolve._records import READ_PROPS

CACHE_VERSION = 1


class _Stmt(NamedTuple):
    """The four fields of a statement that ``build_record`` and ``linked_selectors`` read."""

    entity_id: str
    schema: str
    prop: str
    value: str


@dataclass
class People:
    """Person records, their truth and what a plain model reads of them (given and family name as written)."""

    records: list[Record]
    truth: dict[str, str]
    plain: dict[str, tuple[str | None, str | None]]


def _entities(out: Path) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """``(id, schema, [(prop, value)])`` of every entity every file makes, row by row."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    wanted = set(READ_PROPS) | set(LINK_PROPS)
    schemata = set(KINDS) | set(LINK_SCHEMATA)
    for item in manifest["files"]:
        path = out / item["path"]
        mapping = load_mapping(out / item["mapping"]) if item.get("mapping") else None
        options = mapping.options if mapping is not None else None
        agency = item["agency"]
        if mapping is None or options is None or file_format(path, options, mapped=True) == "ftm":
            for _, proxy in read_ftm(path, agency):
                if isinstance(proxy, Exception) or proxy.schema.name not in schemata:
                    continue
                entity = entity_values(proxy)
                yield entity.id, entity.schema, [(v.prop, v.value) for v in entity.values if v.prop in wanted]
            continue
        plans = [compile_query(ftm_query(mapping.path, q), q, options, agency) for q in mapping.queries]
        tables = open_tables(path, file_format(path, options, mapped=True), options)
        try:
            for table in tables:
                for _, row in table.rows:
                    if isinstance(row, Exception):
                        continue
                    for plan in plans:
                        if not plan.accepts(row):
                            continue
                        made: dict[str, Any] = {}
                        for entity_plan in plan.entities:
                            try:
                                entity = entity_plan.map(row, made, agency)
                            except Exception:  # noqa: BLE001 - a row the ingest would reject
                                entity = None
                            if entity is None:
                                continue
                            made[entity_plan.name] = entity
                            if entity.schema in schemata:
                                yield (
                                    entity.id,
                                    entity.schema,
                                    [(v.prop, v.value) for v in entity.values if v.prop in wanted],
                                )
        finally:
            for table in tables:
                table.close()


def _truth(out: Path) -> dict[str, str]:
    path = out / "truth.jsonl"
    if not path.exists():
        return load_truth(out / "truth.json")
    truth: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if '"kind":"record"' not in line and '"kind": "record"' not in line:
                continue
            item = json.loads(line)
            truth[namespaced_id(item["agency"], item["source_id"])] = str(item["person"])
    return truth


def build(out: Path) -> People:
    """Read every file of the scenario in ``out`` into person records (slow: minutes at 1M)."""
    truth = _truth(out)
    gathered: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for eid, schema, values in _entities(out):
        if schema in KINDS and eid not in truth:
            continue
        _, props = gathered.setdefault(eid, (schema, {}))
        for prop, value in values:
            found = props.setdefault(prop, [])
            if value not in found:
                found.append(value)
    link_statements = (
        _Stmt(eid, schema, prop, value)
        for eid, (schema, props) in gathered.items()
        if schema in LINK_SCHEMATA
        for prop, values in props.items()
        for value in values
    )
    linked = linked_selectors(link_statements)  # type: ignore[arg-type]
    records: list[Record] = []
    plain: dict[str, tuple[str | None, str | None]] = {}
    for eid, (schema, props) in gathered.items():
        if schema not in KINDS or KINDS[schema] != "person":
            continue
        statements = [_Stmt(eid, schema, "id", eid)] + [
            _Stmt(eid, schema, prop, value) for prop, values in props.items() for value in values
        ]
        record = build_record(eid, statements)  # type: ignore[arg-type]
        if record is None:
            continue
        record.strong.extend(linked.get(eid, ()))
        records.append(record)
        # As written: the first value of a property is the source's own text (Latin forms come after).
        first = (props.get("firstName") or [None])[0]
        last = (props.get("lastName") or [None])[0]
        if first is None and last is None and record.names:
            words = record.names[0].split()
            first, last = (words[0], words[-1]) if len(words) > 1 else (words[0] if words else None, None)
        plain[eid] = (first, last)
    truth = {eid: truth[eid] for eid in plain}
    return People(records, truth, plain)


def load(out: Path, work: Path) -> People:
    """The scenario's person records from the cache in ``work``, building it if absent."""
    cache = work / f"people-v{CACHE_VERSION}-{out.resolve().name}.pickle"
    manifest = out / "manifest.json"
    if cache.exists() and cache.stat().st_mtime >= manifest.stat().st_mtime:
        with cache.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file
    start = time.perf_counter()
    people = build(out)
    print(f"read {len(people.records)} person records from {out} in {time.perf_counter() - start:.0f} s", flush=True)
    work.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(people, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return people


def sample(people: People, size: int) -> People:
    """About ``size`` records: whole true persons, chosen by a hash of their id (so every size nests in the next)."""
    total = len(people.records)
    if size >= total:
        return people
    share = size / total
    keep = {person for person in set(people.truth.values()) if zlib.crc32(person.encode("utf-8")) / 2**32 < share}
    records = [r for r in people.records if people.truth[r.entity_id] in keep]
    truth = {r.entity_id: people.truth[r.entity_id] for r in records}
    plain = {r.entity_id: people.plain[r.entity_id] for r in records}
    return People(records, truth, plain)
