"""The rejects file: every row that could not be used, with where and why.

It is ``<input>.rejects.jsonl`` next to the input, one JSON object per rejected row with
the keys ``file``, ``row``, ``column``, ``value`` and ``reason`` (absent parts are null).
JSON Lines rather than CSV because values are arbitrary partner text (delimiters, quotes,
line breaks, any script) and must come back exactly as they were read.

It is written to a ``.part`` file while the ingest runs and put in place only once the
ingest has committed, so a failed or killed ingest never leaves a rejects file describing
data the store does not hold; an ingest without rejects removes the stale file of an
earlier run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from corridor.core import FieldError, InvalidInput

MAX_VALUE = 1000
"""Longest value written back (longer ones are cut, marked with …)."""


def rejects_path(path: Path) -> Path:
    """Where the rejects of ``path`` go."""
    return path.with_name(path.name + ".rejects.jsonl")


def reject_record(error: FieldError) -> dict[str, object]:
    """One line of the rejects file."""
    value = error.value
    if value is not None and len(value) > MAX_VALUE:
        value = value[:MAX_VALUE] + "…"
    return {"file": error.file, "row": error.row, "column": error.field, "value": value, "reason": error.reason}


class RejectsWriter:
    """Streams rejects to disk (memory stays flat however many rows are rejected)."""

    def __init__(self, path: Path) -> None:
        self.target = rejects_path(path)
        self._part = self.target.with_name(self.target.name + ".part")
        self._handle: IO[str] | None = None
        self.count = 0

    def add(self, error: FieldError) -> None:
        """Append one rejected row."""
        if self._handle is None:
            try:
                self._handle = self._part.open("w", encoding="utf-8")
            except OSError as exc:
                raise InvalidInput(f"cannot write the rejects file {self._part}: {exc.strerror}") from None
        self._handle.write(json.dumps(reject_record(error), ensure_ascii=False) + "\n")
        self.count += 1

    def commit(self) -> Path | None:
        """Put the rejects file in place (or remove a stale one); returns its path if any."""
        if self._handle is None:
            self.target.unlink(missing_ok=True)
            return None
        self._handle.close()
        self._handle = None
        self._part.replace(self.target)
        return self.target

    def discard(self) -> None:
        """Drop the partial rejects of a failed ingest."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._part.unlink(missing_ok=True)
