"""Producing a report: check the right, read through the door, render, hand over, audit.

A report is a disclosure: once rendered it leaves the node on paper or in a file, so the
principal needs the ``export`` permission and the audit log records who produced which
report about whom, in which format, with how many facts and under which handling code.
The entry is written after the document is complete, never for a report that failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.access import Node, ensure
from corridor.core import FieldError, InvalidInput
from corridor.model import Principal
from corridor.report._banner import Banner, banner
from corridor.report._network import network_data
from corridor.report._render import render
from corridor.report._target import ReportData, target_data
from corridor.report._write import pdf_bytes, report_format

FORMATS = ("html", "pdf")


@dataclass(frozen=True, slots=True)
class Report:
    """A finished report: its bytes, format, banner and what the audit entry says."""

    content: bytes
    format: str
    banner: Banner
    summary: dict[str, Any]

    @property
    def media_type(self) -> str:
        """The HTTP content type."""
        return "application/pdf" if self.format == "pdf" else "text/html; charset=utf-8"


def _finish(
    node: Node, principal: Principal, data: ReportData, fmt: str, out: Path | None, justification: str
) -> Report:
    if fmt not in FORMATS:
        raise InvalidInput(
            "report format must be html or pdf", errors=[FieldError("unknown", field="format", value=fmt)]
        )
    shown = banner(data.facts)
    html = render(
        f"{data.kind}.html.j2",
        {**data.context, "produced_for": principal.key},
        markings=shown,
        title=data.title,
    )
    content = pdf_bytes(html) if fmt == "pdf" else html.encode("utf-8")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    summary: dict[str, Any] = {
        "report": data.kind,
        "subject": data.subject,
        "format": fmt,
        "handling": shown.handling,
        "caveats": len(shown.caveats),
        **data.counts(),
    }
    if out is not None:
        summary["out"] = str(out)
    node.audit.append(principal.key, "disclosure", summary, justification)
    return Report(content, fmt, shown, summary)


def target_report(
    node: Node,
    principal: Principal,
    entity_id: str,
    *,
    fmt: str = "html",
    out: Path | None = None,
    justification: str = "",
) -> Report:
    """The target profile of ``entity_id`` as ``principal`` may see it, audited as a disclosure.

    ``justification`` (why the report is produced) goes into both audit entries.
    """
    ensure(principal, "export")
    fmt = report_format(out) if out is not None else fmt
    objects = {"report": "target", "target": entity_id}
    view = node.view(principal, purpose="report", objects=objects, justification=justification)
    return _finish(node, principal, target_data(view, entity_id), fmt, out, justification)


def network_report(
    node: Node,
    principal: Principal,
    *,
    organisation: str | None = None,
    community: int | None = None,
    fmt: str = "html",
    out: Path | None = None,
    justification: str = "",
) -> Report:
    """The report on one organisation or one community of the network, audited as a disclosure."""
    ensure(principal, "export")
    fmt = report_format(out) if out is not None else fmt
    objects: dict[str, Any] = {"report": "network", "organisation": organisation, "community": community}
    view = node.view(principal, purpose="report", objects=objects, justification=justification)
    data = network_data(view, organisation=organisation, community=community)
    return _finish(node, principal, data, fmt, out, justification)
