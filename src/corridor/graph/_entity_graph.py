"""The entity graph: every visible entity a node, every link record or reference an edge.

Edges are kept as parallel numpy arrays (one row per statement-backed link), not one
Python object per edge, so a graph of five million links costs tens of bytes a link.
Each row remembers the record whose statements express it (``evidence``), which is what
lets a path hop or a projected link be traced back to the statements behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class EntityGraph:
    """Visible entities (resolved to canonical ids) and the links between them."""

    ids: list[str]
    """Node index -> canonical entity id; phone numbers are ``phone:+…`` nodes."""
    schema: list[str]
    names: list[str]
    countries: list[tuple[str, ...]]
    self_record: npt.NDArray[np.bool_]
    """Whether the canonical record itself is visible (else only merged members are)."""
    members: dict[int, list[str]]
    """Visible records merged into a node other than its canonical record."""
    src: IntArray
    dst: IntArray
    kind: npt.NDArray[np.int16]
    kinds: list[str]
    evidence: IntArray
    """Row -> index into ``evidence_ids``: the record whose statements say the link."""
    evidence_ids: list[str]
    evidence_props: list[tuple[str, ...]]
    """Per kind code: the properties of the evidence record that express the link."""
    amount: FloatArray
    window: tuple[str | None, str | None] = (None, None)
    index: dict[str, int] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        """How many nodes the principal may see."""
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        """How many link rows (one per record and pair of ends)."""
        return int(self.src.shape[0])

    def node(self, entity_id: str) -> int | None:
        """The node index of an entity id (canonical or ``phone:…``), if visible."""
        if not self.index:
            self.index.update((eid, i) for i, eid in enumerate(self.ids))
        return self.index.get(entity_id)

    def records(self, node: int) -> list[str]:
        """The visible record ids behind a node."""
        own = [self.ids[node]] if self.self_record[node] else []
        return own + self.members.get(node, [])
