"""What one agency holds: its files, their mappings, and the truth behind every record.

A view watches the world's monthly batches and writes the records its agency would
plausibly hold. Rows of one batch are sorted by date before they get their record ids,
so ids grow with time as in a real register. Every row that names a person is reported
to the truth sink with the id its mapping gives that person, so the truth can say which
true person is behind each record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from corridor.scenario._model import Batch, Organisation
from corridor.scenario._truth import TruthSink
from corridor.scenario._world import World
from corridor.scenario._writers import Row, Writer

PersonRef = tuple[str, str, str, list[str]]
"""(column holding the person's id, its id, true person id, noise).

The id is a suffix of the row's id when empty or starting with ``-`` (``-P`` gives
``GB-NCA-BT-000012-P``), else an id of its own that many rows share (a hawala banker
named on every page of a ledger), reported to the truth once."""


@dataclass(slots=True)
class FileSpec:
    """One data file of an agency: where it goes, how it is read, how it is marked."""

    key: str
    path: str
    agency: str
    format: str
    id_column: str
    prefix: str
    marking: str
    description: str
    mapping: dict[str, Any]


@dataclass(slots=True)
class _Pending:
    when: datetime
    seq: int
    row: Row
    persons: list[PersonRef]
    sheet: str | None
    fixed_id: str | None


@dataclass(slots=True)
class Output:
    """A file being written: its spec, its writer, its id counter and the batch's rows."""

    spec: FileSpec
    writer: Writer
    counter: int = 0
    pending: list[_Pending] = field(default_factory=list)
    statements: int = 0


@dataclass(slots=True)
class Context:
    """What every view gets: where to write, the world, the seed and the truth sink."""

    out: Path
    world: World
    seed: int
    truth: TruthSink
    size: str


class View:
    """Base of every agency's view: files, buffered rows, ids and truth records."""

    agency = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = random.Random(f"{ctx.seed}:view:{self.agency}")
        self.outputs: dict[str, Output] = {}
        self._seq = 0
        self._org_refs: dict[str, str] = {}
        self._reported: set[tuple[str, str]] = set()

    # --- files ------------------------------------------------------------------------------

    def add(self, spec: FileSpec, writer: Writer) -> None:
        """Register a file and its open writer."""
        self.outputs[spec.key] = Output(spec, writer)

    def emit(
        self,
        key: str,
        when: datetime | date,
        row: Row,
        persons: list[PersonRef],
        *,
        sheet: str | None = None,
        fixed_id: str | None = None,
    ) -> None:
        """Queue a row; it gets its id and is written when the batch is flushed."""
        stamp = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)
        self._seq += 1
        self.outputs[key].pending.append(_Pending(stamp, self._seq, row, persons, sheet, fixed_id))

    def next_id(self, key: str) -> str:
        """Allocate the next record id of file ``key`` now (for rows other files refer to)."""
        output = self.outputs[key]
        output.counter += 1
        return f"{output.spec.prefix}{output.counter:06d}"

    def flush(self) -> None:
        """Write every queued row in date order, with ids, and report its persons."""
        for output in self.outputs.values():
            if not output.pending:
                continue
            output.pending.sort(key=lambda p: (p.when, p.seq))
            spec = output.spec
            for item in output.pending:
                rid = item.fixed_id or self.next_id(spec.key)
                item.row = {spec.id_column: rid, **{k: v for k, v in item.row.items() if k != spec.id_column}}
                for column, suffix, pid, noise in item.persons:
                    if suffix and not suffix.startswith("-"):
                        ref = suffix
                        if (spec.path, ref) in self._reported:
                            item.row[column] = ref
                            continue
                        self._reported.add((spec.path, ref))
                    else:
                        ref = rid + suffix
                    if column != spec.id_column:
                        item.row[column] = ref
                    self.ctx.truth.record(spec.agency, spec.path, ref, pid, noise)
                output.statements += _statements(item.row)
                output.writer.write(item.row, item.sheet)
            output.pending.clear()

    def org_ref(self, org: Organisation, prefix: str) -> str:
        """This agency's own id for an organisation (reported to the truth once)."""
        ref = self._org_refs.get(org.id)
        if ref is None:
            ref = f"{prefix}{len(self._org_refs) + 1:04d}"
            self._org_refs[org.id] = ref
            self.ctx.truth.org_record(self.agency, ref, org.id)
        return ref

    # --- lifecycle ----------------------------------------------------------------------------

    def on_batch(self, batch: Batch) -> None:
        """Write what this agency learnt from one month's batch."""

    def finish(self) -> None:
        """Write end-of-period registers, then close every file."""

    def close(self) -> None:
        """Flush and close every file."""
        self.flush()
        for output in self.outputs.values():
            output.writer.close()

    def manifest(self) -> list[dict[str, Any]]:
        """This agency's entries for ``manifest.json``."""
        return [
            {
                "path": o.spec.path,
                "agency": o.spec.agency,
                "format": o.spec.format,
                "mapping": mapping_path(o.spec.path),
                "marking": o.spec.marking,
                "records": o.writer.rows,
                "statements_estimate": o.statements,
                "description": o.spec.description,
            }
            for o in self.outputs.values()
        ]


def mapping_path(path: str) -> str:
    """The mapping that goes with a data file: same folder and stem, ``.yml``."""
    return path.rsplit(".", 1)[0] + ".yml"


def _statements(row: Row) -> int:
    total = 0
    for value in row.values():
        if isinstance(value, list):
            total += len([v for v in value if v not in (None, "")])
        elif isinstance(value, dict):
            total += _statements(value)
        elif value not in (None, ""):
            total += 1
    return total


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p
