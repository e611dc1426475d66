"""What removing each person would do to the network, for every person at once.

Borgatti's fragmentation after removing ``x`` depends only on the sizes of the pieces
``x``'s component falls into. Those come from the block-cut tree: a person who is not an
articulation point leaves their component whole (one person smaller); an articulation
point splits it into one piece per child block in the tree, plus the rest. One
biconnected-components pass (igraph, C) and one sweep up the tree give the exact number
of still-connected pairs after removing each person — O(n + m) for everyone, where trying
candidates one by one costs O(n + m) each.
"""

from __future__ import annotations

from itertools import pairwise

import igraph as ig  # type: ignore[import-untyped]  # no stubs upstream
import numpy as np

from corridor.graph._entity_graph import IntArray
from corridor.graph._network import ig_graph


def _pairs(sizes: IntArray) -> IntArray:
    """Ordered pairs within groups of the given sizes: s·(s−1)."""
    return np.asarray(sizes * (sizes - 1), dtype=np.int64)


def connected_pairs_after_removal(graph: ig.Graph, alive: np.ndarray) -> IntArray:
    """For every person ``x``: ordered pairs of other living people still connected
    once ``x`` is removed (−1 for people already removed).

    ``graph`` holds every person; those already removed (``alive`` false) have no links.
    """
    n = graph.vcount()
    alive = np.asarray(alive, dtype=bool)
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    size = np.bincount(membership, weights=alive.astype(np.float64)).astype(np.int64)
    total = int(_pairs(size).sum())
    own = size[membership]
    # Not an articulation point: the component stays whole, one person smaller.
    out = total - _pairs(own) + _pairs(own - 1)

    blocks, points = graph.biconnected_components(return_articulation_points=True)
    if points:
        out[np.asarray(points, dtype=np.int64)] = _after_articulation(
            n, [list(b) for b in blocks], np.asarray(points, dtype=np.int64), own, total
        )
    out[~alive] = -1
    return np.asarray(out, dtype=np.int64)


def _after_articulation(n: int, blocks: list[list[int]], points: IntArray, own: IntArray, total: int) -> IntArray:
    """Connected pairs after removing each articulation point, from the block-cut tree."""
    nb, na = len(blocks), points.shape[0]
    rank = np.full(n, -1, dtype=np.int64)
    rank[points] = np.arange(na)
    lengths = np.fromiter((len(b) for b in blocks), dtype=np.int64, count=nb)
    members = np.fromiter((x for b in blocks for x in b), dtype=np.int64, count=int(lengths.sum()))
    block_of = np.repeat(np.arange(nb), lengths)
    is_point = rank[members] >= 0
    # Tree nodes: blocks 0..nb-1, articulation points nb..nb+na-1, a virtual root last.
    weight = np.concatenate([np.bincount(block_of[~is_point], minlength=nb), np.ones(na, dtype=np.int64), [0]])
    root = nb + na
    tree = ig_graph(nb + na + 1, block_of[is_point], nb + rank[members[is_point]])
    # One root per tree of the forest, joined to the virtual root, so one BFS walks all.
    firsts = np.unique(np.asarray(tree.connected_components().membership[: nb + na]), return_index=True)[1]
    tree.add_edges([(root, int(f)) for f in firsts])
    order, layers, parent = tree.bfs(root)
    order_arr = np.asarray(order, dtype=np.int64)
    parent_arr = np.asarray(parent, dtype=np.int64)
    subtree = weight.astype(np.int64)
    for start, end in reversed(list(pairwise(layers[1:]))):
        level = order_arr[start:end]
        np.add.at(subtree, parent_arr[level], subtree[level])
    # For each articulation point: its children's pieces, and the rest of its component.
    child = order_arr[1:]
    child = child[parent_arr[child] >= nb]
    child = child[parent_arr[child] < root]
    piece_pairs = np.zeros(nb + na + 1, dtype=np.int64)
    piece_people = np.zeros(nb + na + 1, dtype=np.int64)
    np.add.at(piece_pairs, parent_arr[child], _pairs(subtree[child]))
    np.add.at(piece_people, parent_arr[child], subtree[child])
    node = nb + np.arange(na)
    size = own[points]
    rest = size - 1 - piece_people[node]
    return np.asarray(total - _pairs(size) + piece_pairs[node] + _pairs(rest), dtype=np.int64)
