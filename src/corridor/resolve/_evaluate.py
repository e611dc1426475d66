"""Scores of a clustering against a scenario's truth: pairwise and B-cubed precision and recall.

Pairwise counts every pair of records put in one cluster (a false merge of two big
clusters costs many pairs); B-cubed averages over records, so one bad merge of two
singletons costs little. Reporting both shows which kind of mistake a change makes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, Any]:
    """Pairwise and B-cubed precision, recall and F1 of ``predicted`` (record -> cluster) against ``truth``.

    Only records in ``truth`` count; one missing from ``predicted`` is its own cluster.
    """
    joint: Counter[tuple[str, str]] = Counter()
    pred_size: Counter[str] = Counter()
    true_size: Counter[str] = Counter()
    for record, person in truth.items():
        cluster = predicted.get(record, "\x00" + record)
        joint[(cluster, person)] += 1
        pred_size[cluster] += 1
        true_size[person] += 1
    tp = sum(n * (n - 1) // 2 for n in joint.values())
    pred_pairs = sum(n * (n - 1) // 2 for n in pred_size.values())
    true_pairs = sum(n * (n - 1) // 2 for n in true_size.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    total = len(truth) or 1
    b_p = sum(n * n / pred_size[c] for (c, _), n in joint.items()) / total
    b_r = sum(n * n / true_size[t] for (_, t), n in joint.items()) / total
    return {
        "records": len(truth),
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(_f1(precision, recall), 5),
        "bcubed_precision": round(b_p, 5),
        "bcubed_recall": round(b_r, 5),
        "bcubed_f1": round(_f1(b_p, b_r), 5),
    }


def load_truth(path: Path) -> dict[str, str]:
    """Store id -> true person from a scenario's ``truth.json`` or ``truth.jsonl``."""
    from corridor.ingest import namespaced_id

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        data = json.loads(text)
        items = data.get("records", []) if isinstance(data, dict) else data
    out: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict) or "source_id" not in item or "person" not in item:
            continue
        agency = str(item.get("agency", ""))
        source_id = str(item["source_id"])
        out[namespaced_id(agency, source_id) if agency else source_id] = str(item["person"])
    return out
