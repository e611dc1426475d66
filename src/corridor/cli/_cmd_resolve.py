"""``resolve``, ``judge``, ``review`` and the ``clusters`` export."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corridor.access import Node, ensure
from corridor.cli._app import app
from corridor.cli._cmd_export import register_exporter
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput
from corridor.ingest import source_id_of
from corridor.model import Principal
from corridor.resolve import (
    REVIEW,
    THRESHOLD,
    evaluate,
    explain,
    judge,
    load_truth,
    resolve,
    review_queue,
    visible_clusters,
)


@app.command("resolve")
def resolve_command(
    ctx: typer.Context,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Merge at or above this match probability")
    ] = THRESHOLD,
    review: Annotated[
        float, typer.Option("--review", help="Queue for an analyst at or above this probability")
    ] = REVIEW,
    incremental: Annotated[
        bool, typer.Option("--incremental", help="Only records first seen since the last run")
    ] = False,
    evaluate_truth: Annotated[
        Path | None, typer.Option("--evaluate", help="Score the result against a scenario's truth.json")
    ] = None,
) -> None:
    """Link records that are the same entity; queue the doubtful pairs for an analyst."""
    state = state_of(ctx)
    if not 0.0 < review <= threshold <= 1.0:
        raise InvalidInput(
            "bad thresholds",
            errors=[FieldError("need 0 < --review <= --threshold <= 1", field="--threshold", value=str(threshold))],
        )
    if evaluate_truth is not None and not evaluate_truth.exists():
        raise InvalidInput(f"{evaluate_truth}: no such file")
    with state.acting() as (node, principal):
        report = resolve(node, principal, threshold=threshold, review=min(review, threshold), incremental=incremental)
        data: dict[str, Any] = report.as_dict()
        if evaluate_truth is not None:
            truth = load_truth(evaluate_truth)
            predicted = dict(visible_clusters(node, principal))
            data["evaluation"] = evaluate(predicted, {k: v for k, v in truth.items() if k in predicted})
    state.emit(
        data,
        lambda c: c.print(
            f"{data['records']} records in {data['clusters']} clusters: {data['merged']} merged,"
            f" {data['queued']} queued for review ({data['seconds']} s)"
            + (
                f"; pairwise F1 {data['evaluation']['f1']}, B-cubed F1 {data['evaluation']['bcubed_f1']}"
                if "evaluation" in data
                else ""
            )
        ),
    )


@app.command("judge")
def judge_command(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(help="A store id or canonical id")],
    right: Annotated[str, typer.Argument(help="A store id or canonical id")],
    verdict: Annotated[str, typer.Argument(help="same, different or unsure")],
    why: Annotated[str, typer.Option("--why", help="The analyst's reason, kept in the log")] = "",
) -> None:
    """Record an analyst's decision on two records (reversible by a later one)."""
    state = state_of(ctx)
    if verdict not in ("same", "different", "unsure"):
        raise InvalidInput(
            "bad verdict", errors=[FieldError("one of same, different, unsure", field="verdict", value=verdict)]
        )
    with state.acting() as (node, principal):
        data = judge(node, principal, left, right, verdict, why=why)
    state.emit(
        data,
        lambda c: c.print(
            f"{left} {verdict} {right} (judgement {data['judgement']}; canonical ids {data['canonical']})"
        ),
    )


@app.command("review")
def review_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="At most this many pairs")] = 50,
    entity: Annotated[str | None, typer.Option("--entity", help="Explain one entity's merges instead")] = None,
) -> None:
    """List pairs waiting for an analyst, with the comparisons behind each score."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        items = explain(node, principal, entity) if entity else review_queue(node, principal, limit=limit)

    def table(console: Console) -> None:
        out = Table("left", "right", "score", "why")
        for item in items:
            comparisons = item["explanation"].get("comparisons", [])
            why = ", ".join(f"{c['comparison']}: {c['level']} ({c['weight']:+.1f})" for c in comparisons if c["weight"])
            left = f"{item['left']} {item.get('left_name', '')}".strip()
            right = f"{item['right']} {item.get('right_name', '')}".strip()
            out.add_row(left, right, f"{item['score'] or 0:.3f}", why)
        console.print(out)

    state.emit(items, table)


def export_clusters(node: Node, principal: Principal, out: Path) -> dict[str, Any]:
    """CSV ``entity_id,canonical_id,source_id`` for every record the principal may see."""
    ensure(principal, "export")
    rows = visible_clusters(node, principal)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entity_id", "canonical_id", "source_id"])
        for entity_id, canonical in rows:
            writer.writerow([entity_id, canonical, source_id_of(entity_id)])
    # The export command records the disclosure (corridor.exchange.record_disclosure).
    return {"records": len(rows), "clusters": len({c for _, c in rows})}


register_exporter("clusters", export_clusters)
