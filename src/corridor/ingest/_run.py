"""Running an ingest: read a file, turn records into statements, publish them all at once.

The statements go into a pending load (``Store.loading``): written in short transactions
that readers never wait long for, invisible through the door until one small transaction
publishes them with the ingest's audit entry. A kill before that leaves nothing visible,
and the next load deletes the dead load's rows; running the command again does the whole
job, and statement keys make a second run idempotent once the first has published.

Everything that can fail for the whole file is checked before the transaction opens: the
principal's right to load as the agency, the marking, the mapping (by FtM itself), the
file's format, encoding and delimiter, and every column the mapping names. A row that
cannot be used is written to the rejects file (``_rejects.py``) and the ingest goes on.
"""
# ruff: noqa: RUF001, RUF100 - Cyrillic, Turkish and typographic letters are data here (RUF100: pyproject already ignores them)

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy
from followthemoney.types import registry

from corridor.access import Node, ensure
from corridor.core import AccessDenied, FieldError, InvalidInput, NotFound
from corridor.ingest._clean import RowError
from corridor.ingest._compile import NAME_PARTS, Mapped, QueryPlan, Value, compile_query
from corridor.ingest._ftm import read_ftm
from corridor.ingest._mapping import MappingFile, ftm_query, load_mapping
from corridor.ingest._options import Options
from corridor.ingest._readers import file_format, open_tables
from corridor.ingest._rejects import RejectsWriter
from corridor.ingest._table import Row, Table, check_columns
from corridor.ingest._translit import latin_form
from corridor.model import BASE_PROP, Marking, Principal, parse_marking, utc_now
from corridor.store import StatementRow

MAX_ERRORS_SHOWN = 20
PROGRESS_EVERY = 1000
DEDUP_WINDOW = 200_000
"""Statements remembered to skip repeats within a file (bounded, so memory stays flat)."""

MAX_MARKINGS_CACHED = 10_000
"""Distinct marking texts remembered per ingest (a file has a handful; the cap bounds a bad one)."""

Progress = Callable[[int, int], None]
"""Called with (records read, records rejected) as the ingest goes."""


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: the ``--json`` summary of ``corridor ingest``."""

    file: str
    entities: int = 0
    statements: int = 0
    rejected: int = 0
    errors: list[FieldError] = field(default_factory=list)
    rejects_file: str | None = None
    sha256: str = ""
    rows: int = 0
    skipped: int = 0
    format: str = ""
    details: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape promised by CLI.md, plus where the rejects went and how it was read."""
        return {
            "file": self.file,
            "entities": self.entities,
            "statements": self.statements,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
            "rejects_file": self.rejects_file,
            "sha256": self.sha256,
            "rows": self.rows,
            "skipped": self.skipped,
            "format": self.format,
            "read_as": dict(self.details),
            "seconds": round(self.seconds, 3),
        }


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_ingest_allowed(node: Node, principal: Principal, agency: str) -> str:
    """Check the principal may load data originating from ``agency``; returns the code.

    An analyst loads their own agency's data; the node's local admin may also load what a
    partner sent outside corridor, which keeps that partner as originator.
    """
    ensure(principal, "ingest")
    code = agency.upper()
    if code not in node.store.agencies() and code != node.store.node_agency:
        raise NotFound(f"unknown agency {code!r}: load it with `corridor partners load`")
    if code != principal.agency and not (principal.agency == node.store.node_agency and principal.has_role("admin")):
        raise AccessDenied(f"{principal.key} may not load data as {code}")
    return code


class _Emitter:
    """Turns mapped entities into statement rows, skipping repeats seen recently in the file.

    Rows are plain tuples for ``Store.write_rows``: a ``Statement`` object per value would
    cost more than the rest of the write path.
    """

    def __init__(self, source: str, origin: str, seen: str) -> None:
        self.source = source
        self.origin = origin
        self.seen = seen
        self._recent: set[tuple[str, str, str, int]] = set()

    def statements(self, entity: Mapped, marking: Marking) -> Iterator[StatementRow]:
        recent = self._recent
        if len(recent) > DEDUP_WINDOW:
            recent.clear()
        eid, schema, source, origin, seen = entity.id, entity.schema, self.source, self.origin, self.seen
        key = (eid, schema, BASE_PROP, id(marking))
        if key not in recent:
            recent.add(key)
            yield (eid, schema, BASE_PROP, eid, None, None, source, origin, marking, seen, seen, False)
        for value in entity.values:
            mark = value.marking or marking
            key = (eid, value.prop, value.value, id(mark))
            if key in recent:
                continue
            recent.add(key)
            yield (
                eid,
                schema,
                value.prop,
                value.value,
                value.lang,
                value.original,
                source,
                origin,
                mark,
                seen,
                seen,
                False,
            )


class _RowMarkings:
    """The marking of each row: the file's, or the row's own from its marking/handling columns."""

    def __init__(self, default: Marking | None, options: Options) -> None:
        self.default = default
        self.marking_column = options.marking_column
        self.handling_column = options.handling_column
        self._parsed: dict[str, Marking | RowError] = {}
        self._handled: dict[tuple[int, str], Marking | RowError] = {}

    def of(self, row: Row) -> Marking:
        marking = self.default
        if self.marking_column is not None:
            text = _first(row.get(self.marking_column))
            if text is not None:
                marking = self._parse(text)
        if marking is None:
            raise RowError(
                "no marking: the marking column is empty and the ingest has no --marking", self.marking_column
            )
        if self.handling_column is not None:
            text = _first(row.get(self.handling_column))
            if text is not None:
                marking = self._handling(marking, text)
        return marking

    def _parse(self, text: str) -> Marking:
        found = self._parsed.get(text)
        if found is None:
            if len(self._parsed) > MAX_MARKINGS_CACHED:
                self._parsed.clear()
            try:
                found = parse_marking(text, where=self.marking_column)
            except InvalidInput as exc:
                reason = exc.errors[0].reason if exc.errors else exc.message
                found = RowError(f"invalid marking: {reason}", self.marking_column, text)
            self._parsed[text] = found
        if isinstance(found, RowError):
            raise found
        return found

    def _handling(self, marking: Marking, text: str) -> Marking:
        key = (id(marking), text)
        found = self._handled.get(key)
        if found is None:
            if len(self._handled) > MAX_MARKINGS_CACHED:
                self._handled.clear()
            code, conditions = text[:1].upper(), text[1:].strip(" :-–—=").strip()
            try:
                if code == "P" and not conditions:
                    found = marking.with_changes(handling="P", conditions="")
                elif code == "C":
                    found = marking.with_changes(handling="C", conditions=conditions or marking.conditions)
                else:
                    found = RowError(
                        "handling code must be P, or C followed by its conditions", self.handling_column, text
                    )
            except InvalidInput as exc:
                reason = exc.errors[0].reason if exc.errors else exc.message
                found = RowError(reason, self.handling_column, text)
            self._handled[key] = found
        if isinstance(found, RowError):
            raise found
        return found


def _first(value: str | list[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[0] if value else None


def _no_entity_reason(plans: list[QueryPlan]) -> tuple[str, str | None]:
    entity = plans[0].entities[0]
    column = entity.id_column or ", ".join(entity.keys)
    return "no entity made: the id column(s) are empty (or a required property is missing)", column


def _map_tables(
    tables: list[Table],
    plans: list[QueryPlan],
    markings: _RowMarkings,
    emitter: _Emitter,
    agency: str,
    report: IngestReport,
    rejects: RejectsWriter,
    progress: Progress | None,
) -> Iterator[StatementRow]:
    no_entity, id_columns = _no_entity_reason(plans)
    for table in tables:
        for number, row in table.rows:
            report.rows += 1
            if progress is not None and report.rows % PROGRESS_EVERY == 0:
                progress(report.rows, report.rejected)
            if isinstance(row, FieldError):
                _reject(report, rejects, row)
                continue
            entities: list[Mapped] = []
            accepted = False
            try:
                marking = markings.of(row)
                for plan in plans:
                    if not plan.accepts(row):
                        continue
                    accepted = True
                    made: dict[str, Mapped] = {}
                    for entity_plan in plan.entities:
                        entity = entity_plan.map(row, made, agency)
                        if entity is not None:
                            made[entity_plan.name] = entity
                            entities.append(entity)
            except RowError as exc:
                _reject(
                    report,
                    rejects,
                    FieldError(exc.reason, file=table.name, row=number, field=exc.column, value=exc.value),
                )
                continue
            if not entities:
                if accepted:
                    _reject(report, rejects, FieldError(no_entity, file=table.name, row=number, field=id_columns))
                else:
                    report.skipped += 1
                continue
            report.entities += len(entities)
            for entity in entities:
                yield from emitter.statements(entity, marking)


def _reject(report: IngestReport, rejects: RejectsWriter, error: FieldError) -> None:
    report.rejected += 1
    if len(report.errors) < MAX_ERRORS_SHOWN:
        report.errors.append(error)
    rejects.add(error)


def _ftm_entities(
    records: Iterable[tuple[int, EntityProxy | FieldError]],
    emitter: _Emitter,
    marking: Marking,
    report: IngestReport,
    rejects: RejectsWriter,
    progress: Progress | None,
) -> Iterator[StatementRow]:
    for _, item in records:
        report.rows += 1
        if progress is not None and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, report.rejected)
        if isinstance(item, FieldError):
            _reject(report, rejects, item)
            continue
        report.entities += 1
        yield from emitter.statements(entity_values(item), marking)


def entity_values(proxy: EntityProxy) -> Mapped:
    """An FtM entity as mapped values, with Latin forms of names in other scripts."""
    assert proxy.id is not None
    entity = Mapped(proxy.id, proxy.schema.name, proxy.id)
    for prop, value in proxy.itervalues():
        entity.values.append(Value(prop.name, value))
        if prop.type is registry.name or prop.name in NAME_PARTS:
            latin = latin_form(value)
            if latin is not None and latin not in proxy.get(prop):
                entity.values.append(Value(prop.name, latin, None, value))
    return entity


def ingest_entities(
    node: Node,
    principal: Principal,
    path: Path,
    *,
    agency: str,
    marking: Marking,
    records: Iterable[tuple[int, EntityProxy | FieldError]],
    source: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Write FtM entities from ``records`` as statements, published at once with its audit event."""
    report = IngestReport(file=str(path), sha256=file_sha256(path), format="ftm")
    source_name = source or path.name
    emitter = _Emitter(source_name, agency, utc_now())
    rejects = RejectsWriter(path)
    statements = _ftm_entities(records, emitter, marking, report, rejects, progress)
    try:
        _write(node, principal, path, agency, source_name, str(marking), statements, report, rejects, None)
    finally:
        # A for loop does not close the iterator it leaves on an error: release the file now.
        close_records = getattr(records, "close", None)
        if close_records is not None:
            close_records()
    if progress is not None:
        progress(report.rows, report.rejected)
    return report


def _write(
    node: Node,
    principal: Principal,
    path: Path,
    agency: str,
    source_name: str,
    marking_text: str,
    statements: Iterator[StatementRow],
    report: IngestReport,
    rejects: RejectsWriter,
    mapping: MappingFile | None,
) -> None:
    started = time.perf_counter()
    try:
        with node.store.loading("ingest", source_name, agency, chunk=node.settings.batch_size) as load:
            report.statements = load.write(statements)
            objects: dict[str, Any] = {
                "file": str(path),
                "sha256": report.sha256,
                "source": source_name,
                "agency": agency,
                "marking": marking_text,
                "format": report.format,
                "rows": report.rows,
                "entities": report.entities,
                "statements": report.statements,
                "rejected": report.rejected,
                "skipped": report.skipped,
            }
            if mapping is not None:
                objects["mapping"] = str(mapping.path)
                objects["mapping_sha256"] = mapping.sha256
            with load.publishing() as conn:
                node.store.register_source(conn, source_name, agency, title=path.name)
                node.audit.record(conn, principal.key, "collection", objects)
    except BaseException:
        rejects.discard()
        raise
    target = rejects.commit()
    report.rejects_file = str(target) if target else None
    report.seconds = time.perf_counter() - started


def ingest_file(
    node: Node,
    principal: Principal,
    path: Path,
    *,
    agency: str,
    marking: Marking | None,
    mapping: Path | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    marking_column: str | None = None,
    column_markings: dict[str, Marking] | None = None,
) -> IngestReport:
    """Load one file into the store; refuses ungraded intelligence and unreadable files.

    ``marking_column`` and ``column_markings`` come from the command line and take
    precedence over the mapping's ``corridor:`` block.
    """
    code = check_ingest_allowed(node, principal, agency)
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    mapping_file = load_mapping(mapping) if mapping is not None else None
    options = mapping_file.options if mapping_file is not None else Options()
    if marking_column or column_markings:
        options = replace(
            options,
            marking_column=marking_column or options.marking_column,
            column_markings={**options.column_markings, **(column_markings or {})},
        )
    file_marking = marking or options.marking
    if file_marking is None and options.marking_column is None:
        raise InvalidInput(
            f"{path}: no marking given: intelligence must be graded "
            '(use --marking, e.g. "B2 P", or marking/marking_column in the mapping\'s corridor: block)'
        )
    fmt = file_format(path, options, mapped=mapping_file is not None)
    if fmt == "ftm":
        if file_marking is None:
            raise InvalidInput(f"{path}: FtM entity files have no marking column: give --marking")
        return ingest_entities(
            node,
            principal,
            path,
            agency=code,
            marking=file_marking,
            records=read_ftm(path, code),
            source=source,
            progress=progress,
        )
    if mapping_file is None:
        raise InvalidInput(f"{path}: a {fmt} file needs --mapping (an FtM mapping query)")
    plans = [compile_query(ftm_query(mapping_file.path, q), q, options, code) for q in mapping_file.queries]
    needed = set().union(*(plan.columns for plan in plans)) | options.columns
    tables = open_tables(path, fmt, options)
    try:
        for table in tables:
            check_columns(table, needed)
        report = IngestReport(file=str(path), sha256=file_sha256(path), format=fmt, details=dict(tables[0].details))
        source_name = source or path.name
        emitter = _Emitter(source_name, code, utc_now())
        rejects = RejectsWriter(path)
        statements = _map_tables(
            tables, plans, _RowMarkings(file_marking, options), emitter, code, report, rejects, progress
        )
        marking_text = str(file_marking) if file_marking is not None else f"per row ({options.marking_column})"
        _write(node, principal, path, code, source_name, marking_text, statements, report, rejects, mapping_file)
    finally:
        for table in tables:
            table.close()
    if progress is not None:
        progress(report.rows, report.rejected)
    return report
