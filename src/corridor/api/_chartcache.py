"""The whole-node chart's answer, kept per principal until what they may see changes.

Building a 5,000-node chart reads some seventy thousand facts through the door; analysts
reopen the chart far more often than the store changes. An entry is reused only while the
principal's visible markings and the resolution clusters are exactly as when it was built,
the link index has not moved on since, and the audit log has no newer entry that changed
data (a load, a withdrawal, an erasure, a judgement), so a cached chart never shows what
the door would now refuse, nor hides what was added. Counting the statements the
principal may see, as this cache once did, took two seconds of a core at 12 million
statements on every request. Two principals never share an entry.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import select

from corridor.store import View, tables


def _clusters_digest(view: View) -> str:
    c = tables.canonical
    digest = hashlib.sha256()
    with view.store.engine.connect() as conn:
        for row in conn.execute(select(c.c.entity_id, c.c.canonical_id).order_by(c.c.entity_id)):
            digest.update(f"{row.entity_id}\0{row.canonical_id}\n".encode())
    return digest.hexdigest()


class ChartCache:
    """A few recent chart bodies (JSON bytes), keyed by principal and size."""

    def __init__(self, size: int = 8):
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[object, ...], tuple[tuple[object, ...], bytes]] = OrderedDict()

    def get(self, view: View, limit: int, build: Callable[[], bytes], index_version: object = None) -> bytes:
        """The chart body for ``view`` and ``limit``, built only when the principal's data
        (or the link index and audit head it was built against, ``index_version``) changed."""
        p = view.principal
        key = (p.key, tuple(sorted(p.compartments)), str(view.day), limit)
        state = (view.visible_markings, _clusters_digest(view), index_version)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == state:
                self._entries.move_to_end(key)
                return found[1]
        body = build()
        with self._lock:
            self._entries[key] = (state, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return body
