"""The handling banner and caveats a report carries on every page.

A report is as restricted as the most restricted fact in it: handling code C (sharing
subject to conditions) beats P. The caveats are what the originators attached to the
facts shown: their conditions, compartments and the need for consent before onward
sharing, each with the agency that set it, so that whoever reads a printed page knows
what they may do with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from corridor.model import HANDLING_CODES, Marking, Statement

FOOTER_CHARS = 420
"""About what three lines of the PDF's bottom margin hold."""

Fact = Marking | Statement | tuple[str, Marking]
"""A marking, a statement (its origin names the originator) or ``(originator, marking)``."""


@dataclass(frozen=True, slots=True)
class Banner:
    """What every page of a report shows at its top (``text``) and bottom (``caveats``)."""

    handling: str
    text: str
    caveats: tuple[str, ...]
    facts: int

    @property
    def footer(self) -> str:
        """The caveats as one line for the page margin, cut to fit (the first page lists them all)."""
        if not self.caveats:
            return "No originator caveats"
        shown: list[str] = []
        for caveat in self.caveats:
            if shown and sum(len(c) + 3 for c in shown) + len(caveat) > FOOTER_CHARS:
                break
            shown.append(caveat)
        rest = len(self.caveats) - len(shown)
        return " · ".join(shown) + (f" · and {rest} more caveats listed on page 1" if rest else "")


def _pairs(facts: Iterable[Fact]) -> Iterable[tuple[str | None, Marking]]:
    for fact in facts:
        if isinstance(fact, Statement):
            yield fact.origin, fact.marking
        elif isinstance(fact, Marking):
            yield None, fact
        else:
            yield fact[0], fact[1]


def banner(facts: Iterable[Fact]) -> Banner:
    """The banner for a report showing these facts (``P`` if it shows none)."""
    handling = "P"
    caveats: dict[str, set[str]] = {}
    count = 0

    def note(text: str, origin: str | None) -> None:
        caveats.setdefault(text, set()).update([origin] if origin else [])

    for origin, marking in _pairs(facts):
        count += 1
        if marking.handling == "C":
            handling = "C"
        if marking.conditions.strip():
            note(f"Conditions: {marking.conditions.strip()}", origin)
        if marking.compartment:
            note(f"Compartment {marking.compartment}: need to know only", origin)
        if marking.onward_consent:
            note("No onward sharing without the originator's consent", origin)
    lines = tuple(
        f"{text} ({', '.join(sorted(origins))})" if origins else text for text, origins in sorted(caveats.items())
    )
    text = f"HANDLING CODE {handling} — {HANDLING_CODES[handling].upper()}"
    return Banner(handling=handling, text=text, caveats=lines, facts=count)
