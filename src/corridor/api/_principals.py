"""Who a token or session stands for, remembered for a few seconds.

Every request names its caller by a bearer token or a session; resolving that took a
token lookup and four reads of the partner tables (agencies, operations, users, meta),
about a third of a profile request's CPU. Both answers are kept for ``TTL`` seconds, so
a revoked token, a removed user or a changed role takes effect within that time on
every worker (a revocation through this API takes effect at once in its own process).
Only successes are kept: an unknown token is looked up every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

TTL = 5.0
"""Seconds an answer is reused."""
MAX_ENTRIES = 4096
"""Entries before the cache is cleared (a flood of distinct tokens cannot grow it)."""

T = TypeVar("T")


class ShortCache(Generic[T]):
    """A thread-safe map whose entries expire ``ttl`` seconds after they were made."""

    def __init__(self, ttl: float = TTL, max_entries: int = MAX_ENTRIES):
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, make: Callable[[], T | None]) -> T | None:
        """The live entry for ``key``, else ``make()`` (kept unless it is ``None``)."""
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = make()
        if value is not None:
            with self._lock:
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
                self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        """Forget everything (after a revocation or a change of users)."""
        with self._lock:
            self._entries.clear()
