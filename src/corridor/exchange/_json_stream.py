"""Writing a JSON array member by member, so a bundle of millions of objects never sits in memory."""

from __future__ import annotations

import json
from typing import IO, Any


class JsonArrayWriter:
    """Writes ``prefix``, then each object comma-separated, then ``suffix`` on ``close``."""

    def __init__(self, handle: IO[str], prefix: str, suffix: str) -> None:
        self.handle = handle
        self.suffix = suffix
        self.count = 0
        handle.write(prefix)

    def add(self, obj: dict[str, Any]) -> None:
        """Append one object to the array."""
        self.handle.write(",\n" if self.count else "\n")
        self.handle.write(json.dumps(obj, ensure_ascii=False, sort_keys=True))
        self.count += 1

    def close(self) -> None:
        """Close the array and whatever envelope follows it."""
        self.handle.write("\n" + self.suffix)
