"""The ground truth: who is really behind every record, and what really happened.

Items are spooled to disk as they are produced (JSON Lines with a ``kind`` key), so a
large scenario never holds its truth in memory. For JSON Lines output the spool is the
file. For ``truth.json`` the spool is regrouped by kind, one pass per kind, into one
document whose arrays hold one item per line (readable, and diffable between seeds).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

KINDS: tuple[tuple[str, str], ...] = (
    ("place", "places"),
    ("organisation", "organisations"),
    ("person", "persons"),
    ("record", "records"),
    ("org_record", "org_records"),
    ("link", "links"),
    ("handover", "handovers"),
    ("group", "groups"),
    ("leg", "legs"),
    ("payment", "payments"),
    ("event", "events"),
    ("vehicle", "vehicles"),
    ("selector", "selectors"),
)
"""Item kinds, and the key each is listed under in ``truth.json``, in output order."""


class TruthSink:
    """Collects truth items on disk and writes ``truth.json`` or ``truth.jsonl``."""

    def __init__(self, out: Path, *, jsonl: bool, meta: dict[str, Any]) -> None:
        self.out = out
        self.jsonl = jsonl
        self.meta = meta
        self.path = out / ("truth.jsonl" if jsonl else ".truth.spool.jsonl")
        self._fh = self.path.open("w", encoding="utf-8", newline="\n")
        self.counts: dict[str, int] = {}
        if jsonl:
            self._write({"kind": "meta", **meta})

    def _write(self, obj: dict[str, Any]) -> None:
        self._fh.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")

    def item(self, kind: str, obj: dict[str, Any]) -> None:
        """Add one item of ``kind`` (a person, a leg, a payment…)."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self._write({"kind": kind, **obj})

    def record(self, agency: str, file: str, source_id: str, person: str, noise: list[str]) -> None:
        """The true person behind the person record ``source_id`` of ``agency``'s ``file``."""
        obj: dict[str, Any] = {"agency": agency, "file": file, "source_id": source_id, "person": person}
        if noise:
            obj["noise"] = noise
        self.item("record", obj)

    def org_record(self, agency: str, source_id: str, org: str) -> None:
        """The true organisation behind ``agency``'s organisation id ``source_id``."""
        self.item("org_record", {"agency": agency, "source_id": source_id, "organisation": org})

    def close(self, summary: dict[str, Any]) -> Path:
        """Finish the truth; returns the path written."""
        if self.jsonl:
            self._write({"kind": "summary", **summary})
            self._fh.close()
            return self.path
        self._fh.close()
        target = self.out / "truth.json"
        with target.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("{\n")
            for key, value in {**self.meta, "summary": summary}.items():
                fh.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
            for i, (kind, key) in enumerate(KINDS):
                fh.write(f"{json.dumps(key)}: [")
                first = True
                for obj in self._read(kind):
                    fh.write(("\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
                    first = False
                fh.write("\n]" if not first else "]")
                fh.write(",\n" if i < len(KINDS) - 1 else "\n")
            fh.write("}\n")
        self.path.unlink()
        return target

    def _read(self, kind: str) -> Iterator[dict[str, Any]]:
        prefix = f'{{"kind":"{kind}",'
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(prefix):
                    obj = json.loads(line)
                    del obj["kind"]
                    yield obj
