"""The ground truth: who is really behind every record, and what really happened.

Items are written to disk as they are produced, so a large scenario never holds its
truth in memory. For ``truth.jsonl`` each item is one line with a ``kind`` key. For
``truth.json`` items are spooled to one temporary file per kind and concatenated at the
end into one document whose arrays hold one item per line (readable, and diffable
between seeds).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import IO, Any

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
        self.counts: dict[str, int] = {}
        self.path = out / ("truth.jsonl" if jsonl else "truth.json")
        self._spools: dict[str, IO[str]] = {}
        if jsonl:
            self._fh = self.path.open("w", encoding="utf-8", newline="\n")
            self._fh.write(_dump({"kind": "meta", **meta}) + "\n")
        else:
            self._dir = tempfile.TemporaryDirectory(prefix="corridor-truth-")
            for kind, _ in KINDS:
                self._spools[kind] = (Path(self._dir.name) / f"{kind}.jsonl").open("w", encoding="utf-8", newline="\n")

    def item(self, kind: str, obj: dict[str, Any]) -> None:
        """Add one item of ``kind`` (a person, a leg, a payment…); ``obj`` has no ``kind`` key."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.jsonl:
            self._fh.write(_dump({"kind": kind, **obj}) + "\n")
        else:
            self._spools[kind].write(_dump(obj) + "\n")

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
            self._fh.write(_dump({"kind": "summary", **summary}) + "\n")
            self._fh.close()
            return self.path
        for spool in self._spools.values():
            spool.close()
        with self.path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("{\n")
            for key, value in {**self.meta, "summary": summary}.items():
                fh.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
            for i, (kind, key) in enumerate(KINDS):
                fh.write(f"{json.dumps(key)}: [")
                first = True
                with (Path(self._dir.name) / f"{kind}.jsonl").open(encoding="utf-8") as spool:
                    for line in spool:
                        fh.write(("\n" if first else ",\n") + line.rstrip("\n"))
                        first = False
                fh.write("\n]" if not first else "]")
                fh.write(",\n" if i < len(KINDS) - 1 else "\n")
            fh.write("}\n")
        self._dir.cleanup()
        return self.path


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
