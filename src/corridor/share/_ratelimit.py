"""Per-partner limits on hit/no-hit queries: requests per minute, selectors per day.

A holder answers each query with one scalar multiplication per selector, and each answer
lets the asker test that many guesses, so both the load and a dictionary attack are
bounded by the selectors allowed per day. State is in memory: a restart resets it, which
favours availability; the audit log keeps the full record either way.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """A sliding window per partner."""

    requests_per_minute: int = 60
    selectors_per_day: int = 5_000_000
    _requests: dict[str, deque[float]] = field(default_factory=dict)
    _selectors: dict[str, deque[tuple[float, int]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, partner: str, selectors: int = 0, now: float | None = None) -> str | None:
        """Record a request; the reason it is refused, or ``None`` if allowed."""
        at = time.time() if now is None else now
        with self._lock:
            requests = self._requests.setdefault(partner, deque())
            while requests and requests[0] < at - 60:
                requests.popleft()
            if len(requests) >= self.requests_per_minute:
                return f"more than {self.requests_per_minute} requests a minute from {partner}"
            used = self._selectors.setdefault(partner, deque())
            while used and used[0][0] < at - 86_400:
                used.popleft()
            if selectors and sum(n for _, n in used) + selectors > self.selectors_per_day:
                return f"more than {self.selectors_per_day} selectors a day from {partner}"
            requests.append(at)
            if selectors:
                used.append((at, selectors))
        return None
