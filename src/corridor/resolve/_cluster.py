"""Clusters under constraints: "same" edges joined strongest first, never across a "different".

The store's canonical ids join every "same" pair transitively. A chain of model merges
could therefore join two records an analyst said are different people (A~C, C~B, but
A≠B). The resolver prevents that by adding edges strongest first and refusing any edge
that would put a "different" pair in one cluster; the refused edges are what it must
record as not merged.
"""

from __future__ import annotations

from collections.abc import Iterable


class Clusters:
    """Union-find over record ids that keeps, per cluster, the records it must never join."""

    def __init__(self, cannot: Iterable[tuple[str, str]] = ()):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.cannot: dict[str, set[str]] = {}
        for left, right in cannot:
            self.cannot.setdefault(left, set()).add(right)
            self.cannot.setdefault(right, set()).add(left)

    def find(self, item: str) -> str:
        """The root of ``item``'s cluster."""
        parent = self.parent
        if item not in parent:
            parent[item] = item
            self.members[item] = {item}
            return item
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def conflict(self, left: str, right: str) -> bool:
        """Whether joining the clusters of ``left`` and ``right`` would join a "different" pair."""
        a, b = self.find(left), self.find(right)
        if a == b:
            return False
        small, large = sorted((self.members[a], self.members[b]), key=len)
        return any(self.cannot.get(x, set()) & large for x in small)

    def join(self, left: str, right: str) -> bool:
        """Join the two clusters unless that breaks a "different"; returns whether it did."""
        a, b = self.find(left), self.find(right)
        if a == b:
            return True
        if self.conflict(left, right):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        return True

    def same(self, left: str, right: str) -> bool:
        """Whether the two records are in one cluster."""
        return self.find(left) == self.find(right)
