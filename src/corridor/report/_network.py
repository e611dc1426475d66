"""The network report: one organisation or one community — members, standing, map, money."""

from __future__ import annotations

from corridor.report._target import ReportData
from corridor.store import View


def network_data(view: View, *, organisation: str | None = None, community: int | None = None) -> ReportData:
    """Gather the report on an organisation or a community as ``view``'s principal sees it."""
    raise NotImplementedError
