"""The operation report: effect, outcomes and timeline as HTML or PDF, an audited disclosure.

It uses the shared report core (``corridor.report``): the handling banner comes from the
markings of every outcome shown plus the operation's compartment, so the strictest
originator caveat is on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.model import Principal, parse_marking
from corridor.operations._effect import effect
from corridor.operations._records import get_operation, timeline
from corridor.operations._targets import targets
from corridor.operations._tasking import outcomes
from corridor.report import Fact, render, write


def operation_html(node: Node, principal: Principal, code: str) -> tuple[str, dict[str, Any]]:
    """The report's HTML and the effect it shows."""
    operation = get_operation(node, principal, code)
    measured = effect(node, principal, code)
    reported = outcomes(node, principal, code)
    facts: list[Fact] = [(o.agency, parse_marking(o.marking)) for o in reported]
    facts.append((operation.lead, parse_marking(f"A1 P compartment={operation.compartment}")))
    html = render(
        "operation_report.html.j2",
        {
            "operation": operation.as_dict(),
            "effect": measured,
            "outcomes": [o.as_dict() for o in reported],
            "targets": [t.as_dict() for t in targets(node, principal, code)],
            "timeline": timeline(node, principal, code),
        },
        markings=facts,
        title=f"Operation {operation.code}: {operation.name}",
        package="corridor.operations",
    )
    return html, measured


def write_report(node: Node, principal: Principal, code: str, out: Path) -> dict[str, Any]:
    """Write the report to ``out`` (``.html`` or ``.pdf``) and audit the disclosure."""
    ensure_allowed(principal, "export")
    html, measured = operation_html(node, principal, code)
    write(html, out)
    node.audit.append(
        principal.key,
        "disclosure",
        {
            "report": {
                "operation": measured["operation"],
                "path": str(out),
                "communities_broken": measured["communities_broken"],
            }
        },
    )
    return {"path": str(out), **measured}
