"""Counts the trust tests report, so `make soak` can sum them into bench/results/soak.json.

`make test` runs every trust test at scale 1 and records nothing; `make soak` sets
CORRIDOR_SOAK_SCALE (how many times more rounds, principals, faults or inputs) and
CORRIDOR_SOAK_COUNTS (a JSON Lines file each test appends its counts to).
"""

from __future__ import annotations

import json
import os

SCALE = max(1, int(os.environ.get("CORRIDOR_SOAK_SCALE", "1")))


def scaled(n: int) -> int:
    """`n` rounds in `make test`, `n × SCALE` in `make soak`."""
    return n * SCALE


def record(suite: str, **counts: int) -> None:
    """Appends one test's counts (e.g. checks=…, leaked=0) for the soak report."""
    path = os.environ.get("CORRIDOR_SOAK_COUNTS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"suite": suite, **counts}, sort_keys=True) + "\n")
