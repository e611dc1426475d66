"""What the simulator's parts share: the world, the trips' random stream, ids, money owed.

``Simulator`` moves groups; ``MoneyMixin`` and ``CallsMixin`` add what moving them makes
happen (payments, phone calls). They share the state below.
"""

from __future__ import annotations

import random

from corridor.scenario._world import World


class SimBase:
    """The state the simulator's parts share."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.counters: dict[str, int] = {}
        self.collected: dict[tuple[str, str], int] = {}

    def next_id(self, prefix: str, width: int) -> str:
        """The next id with ``prefix`` (``G000001``, ``L00000001``…)."""
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}{n:0{width}d}"
