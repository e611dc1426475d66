"""How many threads networkit may use for a graph of a given size.

Small graphs run on one thread: OpenMP's start-up and its spinning wait cost more than
the work, and on a shared machine a spinning thread steals the core its partner needs
(measured under load: PageRank on 10k people took 1.96 s on two spinning threads, 0.04 s
on one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import networkit as nk  # type: ignore[import-untyped]  # no stubs upstream

PARALLEL_FROM = 50_000
"""Graphs with at least this many nodes use every core networkit is allowed."""


@contextmanager
def threads_for(nodes: int) -> Iterator[None]:
    """Run the block single-threaded below ``PARALLEL_FROM`` nodes; restore afterwards."""
    if nodes >= PARALLEL_FROM:
        yield
        return
    before = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)
    try:
        yield
    finally:
        nk.setNumberOfThreads(before)
