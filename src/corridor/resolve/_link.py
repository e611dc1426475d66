"""Decisions from scores: merge above the upper threshold, queue between the two, never across a "different".

This is the pure core of resolution (records and the standing verdicts in, decisions out),
shared by the store-backed ``resolve`` and the benchmark, so what is measured is what runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from corridor.resolve._cluster import Clusters
from corridor.resolve._engine import Engine, Scored
from corridor.resolve._identities import identity_links
from corridor.resolve._records import Record

THRESHOLD = 0.99
"""Match probability at or above which records are merged."""

REVIEW = 0.5
"""Match probability at or above which (and below ``THRESHOLD``) a pair goes to an analyst."""


WEAK_NAME_LEVELS = frozenset({"one name part sounds alike", "different names"})
"""Name levels too weak for a shared identifier to merge on its own (a shared account, a lent passport)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One judgement the resolver wants to add to the log."""

    left_id: str
    right_id: str
    verdict: str
    kind: str
    score: float
    explanation: dict[str, Any]


@dataclass(slots=True)
class Linked:
    """What one linking run found: its decisions, the clusters they make, and counts."""

    decisions: list[Decision]
    clusters: Clusters
    pairs: int
    scored: int
    timings: dict[str, float] = field(default_factory=dict)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def link(
    records: Sequence[Record],
    *,
    threshold: float = THRESHOLD,
    review: float = REVIEW,
    new: Iterable[str] | None = None,
    verdicts: Mapping[tuple[str, str], str] | None = None,
    analyst_pairs: Iterable[tuple[str, str]] = (),
    prior: float | None = None,
    threads: int | None = None,
) -> Linked:
    """Score candidate pairs among ``records`` and decide what to merge and what to queue.

    ``verdicts`` are the standing verdicts of the judgement log (``effective_verdicts``):
    their "same" pairs start joined, their "different" pairs may never be joined. Pairs an
    analyst judged (``analyst_pairs``) are left alone whatever the model says. With
    ``new`` only pairs touching those record ids are scored (an incremental run).
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    verdicts = dict(verdicts or {})
    analyst = set(analyst_pairs)
    ids = [r.entity_id for r in records]
    engine = Engine((r.features() for r in records), threads=threads)
    timings["features"] = time.perf_counter() - start
    start = time.perf_counter()
    try:
        index = {e: i for i, e in enumerate(ids)}
        new_rows = None if new is None else [index[e] for e in new if e in index]
        pairs = engine.block(new_rows)
        timings["blocking"] = time.perf_counter() - start
        start = time.perf_counter()
        scored = engine.score(minimum=review, prior=prior) if pairs else []
        strong = engine.strong_pairs()
        timings["scoring"] = time.perf_counter() - start
    finally:
        engine.close()

    start = time.perf_counter()
    new_set = None if new_rows is None else set(new_rows)
    clusters = Clusters(pair for pair, verdict in verdicts.items() if verdict == "different")
    for (a, b), verdict in sorted(verdicts.items(), key=lambda kv: (kv[0] not in analyst, kv[0])):
        if verdict == "same":
            clusters.join(a, b)
    for entity_id in ids:
        clusters.find(entity_id)

    by_pair: dict[tuple[int, int], Scored] = {(s.left, s.right): s for s in scored}
    candidates: list[tuple[int, float, int, int, str | None]] = []
    for left, right, selector in strong:
        if new_set is not None and left not in new_set and right not in new_set:
            continue
        hit = by_pair.get((left, right))
        candidates.append((0, -(hit.probability if hit else 0.0), left, right, selector))
    for s in scored:
        candidates.append((1, -s.probability, s.left, s.right, None))
    candidates.sort()

    decisions: list[Decision] = []
    seen: set[tuple[str, str]] = set()
    for _, negative, left, right, via in candidates:
        a, b = _pair(ids[left], ids[right])
        if (a, b) in seen or (a, b) in analyst:
            continue
        seen.add((a, b))
        hit = by_pair.get((left, right))
        explanation: dict[str, Any] = hit.explanation() if hit else {"score": 0.0, "comparisons": []}
        probability = -negative
        wanted: str
        if via is not None:
            agrees = hit is not None and hit.levels.get("name", ("", 0.0))[0] not in WEAK_NAME_LEVELS
            rule: dict[str, str] = {"selector": via}
            if not agrees and hit is not None and hit.probability >= threshold:
                # The model weighs the identifier against the names and everything else (a
                # lent passport comes with another birth date): past the merge threshold the
                # disagreeing names are a clerk's error, not a second person.
                rule["note"] = (
                    "shares an identifier; the names disagree but the whole record is above the merge threshold"
                )
                agrees = True
            elif not agrees:
                rule["note"] = "shares an identifier but the names disagree"
            explanation["rule"] = rule
            wanted = "same" if agrees else "unsure"
            kind = "rule"
        else:
            wanted = "same" if probability >= threshold else "unsure"
            kind = "model"
        standing = verdicts.get((a, b))
        if wanted == "same":
            if clusters.same(a, b):
                continue
            if not clusters.join(a, b):
                wanted = "unsure"
                explanation["blocked"] = "merging would join records an analyst judged different"
        elif clusters.same(a, b):
            continue
        if standing == wanted:
            continue
        decisions.append(Decision(a, b, wanted, kind, probability, explanation))
    decisions.extend(_join_identities(records, clusters, ids, new_rows, verdicts, analyst, threshold))
    timings["deciding"] = time.perf_counter() - start
    return Linked(decisions, clusters, pairs, len(scored), timings)


def _join_identities(
    records: Sequence[Record],
    clusters: Clusters,
    ids: Sequence[str],
    new_rows: Sequence[int] | None,
    verdicts: Mapping[tuple[str, str], str],
    analyst: set[tuple[str, str]],
    score: float,
) -> list[Decision]:
    """Rule decisions joining established identities under one name (``_identities``), applied to ``clusters``."""
    touching = None if new_rows is None else [ids[i] for i in new_rows]
    out = []
    for found in identity_links(records, clusters, touching=touching):
        pair = _pair(found.left, found.right)
        if pair in analyst or not clusters.join(*pair) or verdicts.get(pair) == "same":
            continue
        rule = {"identity": found.name, "sizes": list(found.sizes), "note": "one name, two established identities"}
        out.append(Decision(*pair, "same", "rule", score, {"score": score, "comparisons": [], "rule": rule}))
    return out
