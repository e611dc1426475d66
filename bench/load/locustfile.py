"""Mixed traffic of analysts against one node: search, profile, graph and judgement writes.

Run by ``bench/bench_load.py`` as its own process (``locust --headless``); it reads the
request plan from ``CORRIDOR_LOAD_WORK`` (JSON: search words, entity ids, pairs to judge)
and the bearer token from ``CORRIDOR_LOAD_TOKEN``. Every request is named by its type, so
locust's statistics give the latency percentiles per type. A 4xx or 5xx is a failure,
404 included: every id in the plan is one the analyst may see.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

WORK: dict[str, Any] = json.loads(Path(os.environ["CORRIDOR_LOAD_WORK"]).read_text(encoding="utf-8"))
TOKEN = os.environ["CORRIDOR_LOAD_TOKEN"]
PAIRS = itertools.count()


class Analyst(HttpUser):
    """One analyst at the workbench: mostly reads, now and then a decision on two records."""

    wait_time = between(0.05, 0.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"
        self.rng = random.Random()

    @task(5)
    def search(self) -> None:
        word = self.rng.choice(WORK["words"])
        self.client.get("/api/search", params={"q": word, "limit": 20}, name="search")

    @task(4)
    def profile(self) -> None:
        self.client.get(f"/api/entities/{self.rng.choice(WORK['ids'])}", name="profile")

    @task(2)
    def neighbours(self) -> None:
        self.client.get(f"/api/entities/{self.rng.choice(WORK['ids'])}/neighbours?limit=200", name="neighbours")

    @task(1)
    def graph(self) -> None:
        self.client.get("/api/graph", params={"limit": 300}, name="graph")

    @task(1)
    def judge(self) -> None:
        pairs = WORK["pairs"]
        left, right = pairs[next(PAIRS) % len(pairs)]
        body = {"left": left, "right": right, "verdict": "unsure", "reason": "load test"}
        self.client.post("/api/review", json=body, name="judge")
