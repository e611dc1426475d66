"""Markings in partners' vocabularies: TLP, PAP, the admiralty scale, and back.

corridor's 3×5×2 marking says more than any one exchange vocabulary, so every export
carries it whole (the compact text ``parse_marking`` reads) *and* the nearest standard
terms, which partners' tools display and filter on. On import the whole marking wins
when a bundle carries it; otherwise it is derived from the standard terms, always on the
cautious side (see docs/exchange.md for the tables):

- handling P → TLP:AMBER and PAP:AMBER (shared with named partners, need to know);
  handling C → TLP:RED and PAP:RED (named recipients, conditions attached).
- source evaluation 1 → admiralty B ("usually reliable"; A claims more than 1 states),
  2 → F ("cannot be judged"), 3 → E ("unreliable").
- intelligence A → credibility 2 ("probably true"), B → 2, C → 3, D → 6, E → 5.
"""

from __future__ import annotations

from typing import Any

from corridor.core import FieldError, InvalidInput
from corridor.model import Marking, Statement, format_marking, parse_marking

TLP_OF_HANDLING = {"P": "amber", "C": "red"}
PAP_OF_HANDLING = {"P": "AMBER", "C": "RED"}
RELIABILITY_OF_SOURCE = {1: "b", 2: "f", 3: "e"}
CREDIBILITY_OF_INTELLIGENCE = {"A": "2", "B": "2", "C": "3", "D": "6", "E": "5"}
SOURCE_OF_RELIABILITY = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3, "f": 2}
INTELLIGENCE_OF_CREDIBILITY = {"1": "B", "2": "C", "3": "C", "4": "D", "5": "E", "6": "D"}
CONFIDENCE_OF_CREDIBILITY = {"1": 90, "2": 70, "3": 50, "4": 30, "5": 10, "6": 0}
"""STIX 2.1 appendix A maps the admiralty credibility scale onto ``confidence``."""

TLP_CONDITIONS = {
    "red": "TLP:RED - for the named recipients only",
    "amber+strict": "TLP:AMBER+STRICT - recipient organisation only",
}
PAP_CONDITIONS = {"RED": "PAP:RED - no action that the subject could detect"}
DEFAULT_IMPORT_GRADE = (2, "C")
"""An ungraded partner object is untested (2) and known indirectly (C) unless told."""


_TEXTS: dict[int, tuple[Marking, str]] = {}


def marking_text(marking: Marking) -> str:
    """``format_marking``, remembered per marking object.

    A store hands out one object per marking row, so an export of a million statements
    formats a handful of markings, not a million (the object is kept beside its text so
    that its id cannot be reused by another).
    """
    found = _TEXTS.get(id(marking))
    if found is None or found[0] is not marking:
        if len(_TEXTS) > 10_000:
            _TEXTS.clear()
        found = _TEXTS[id(marking)] = (marking, format_marking(marking))
    return found[1]


def marking_fields(stmt: Statement) -> dict[str, Any]:
    """A statement's marking as flat named fields (the columns of CSV and XLSX)."""
    m = stmt.marking
    return {
        "marking": marking_text(m),
        "grade": m.grade,
        "source_evaluation": m.source,
        "intelligence_assessment": m.intelligence,
        "handling": m.handling,
        "conditions": m.conditions,
        "originator": stmt.origin,
        "agreement": m.agreement or "",
        "releasable_to": ",".join(sorted(m.releasable_to)),
        "onward_consent": m.onward_consent,
        "review_date": m.review_date.isoformat() if m.review_date else "",
        "compartment": m.compartment or "",
    }


def tlp_of(marking: Marking) -> str:
    """The TLP colour (lower case) nearest to a marking."""
    return TLP_OF_HANDLING[marking.handling]


def misp_tags(marking: Marking, origin: str) -> list[str]:
    """The MISP taxonomy tags of a marking: tlp, PAP, admiralty-scale, and corridor's own."""
    return [
        f"tlp:{tlp_of(marking)}",
        f"PAP:{PAP_OF_HANDLING[marking.handling]}",
        f'admiralty-scale:source-reliability="{RELIABILITY_OF_SOURCE[marking.source]}"',
        f'admiralty-scale:information-credibility="{CREDIBILITY_OF_INTELLIGENCE[marking.intelligence]}"',
        f'corridor:marking="{marking_text(marking)}"',
        f'corridor:originator="{origin}"',
    ]


def confidence_of(marking: Marking) -> int:
    """STIX ``confidence`` for a marking, through the admiralty credibility scale."""
    return CONFIDENCE_OF_CREDIBILITY[CREDIBILITY_OF_INTELLIGENCE[marking.intelligence]]


def _tag_value(tag: str) -> tuple[str, str]:
    name, _, value = tag.partition("=")
    return name.strip().lower(), value.strip().strip('"')


def marking_from_tags(
    tags: list[str], *, default: Marking | None, where: str, recipient: str | None = None
) -> tuple[Marking, str | None]:
    """The marking (and originator, if tagged) that a partner's tags describe.

    ``corridor:marking`` wins; otherwise admiralty-scale gives the grade, TLP and PAP the
    handling (RED or AMBER+STRICT become conditions), and ``default`` (``--marking``) fills
    what the tags leave out. TLP:AMBER or RED (or PAP:AMBER or RED) limits release to
    ``recipient``, the node that received the file, unless ``--marking`` names recipients:
    the partner shared it with this agency, not with this agency's partners. Raises
    ``InvalidInput`` naming ``where`` for a bad tag.
    """
    exact: str | None = None
    origin: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    conditions: list[str] = []
    restricted = False
    for tag in tags:
        name, value = _tag_value(tag)
        lowered = tag.strip().lower()
        if name == "corridor:marking":
            exact = value
        elif name == "corridor:originator":
            origin = value.upper()
        elif name == "admiralty-scale:source-reliability":
            reliability = value.lower()
            if reliability not in SOURCE_OF_RELIABILITY:
                raise InvalidInput(
                    "bad admiralty tag",
                    errors=[FieldError("reliability must be a-f", file=where, field="tag", value=tag)],
                )
        elif name == "admiralty-scale:information-credibility":
            credibility = value
            if credibility not in INTELLIGENCE_OF_CREDIBILITY:
                raise InvalidInput(
                    "bad admiralty tag",
                    errors=[FieldError("credibility must be 1-6", file=where, field="tag", value=tag)],
                )
        elif lowered.startswith(("tlp:", "pap:")):
            level = lowered[4:]
            restricted = restricted or level in {"amber", "amber+strict", "red"}
            if lowered.startswith("tlp:") and level in TLP_CONDITIONS:
                conditions.append(TLP_CONDITIONS[level])
            elif lowered.startswith("pap:") and level.upper() in PAP_CONDITIONS:
                conditions.append(PAP_CONDITIONS[level.upper()])
    if exact is not None:
        return parse_marking(exact, where=where), origin
    marking = derive_marking(reliability, credibility, conditions, default)
    if restricted and recipient and not marking.releasable_to:
        marking = marking.with_changes(releasable_to=frozenset({recipient}))
    return marking, origin


def derive_marking(
    reliability: str | None, credibility: str | None, conditions: list[str], default: Marking | None
) -> Marking:
    """A marking from admiralty codes and handling conditions, ``default`` filling the gaps."""
    source = (
        SOURCE_OF_RELIABILITY[reliability] if reliability else (default.source if default else DEFAULT_IMPORT_GRADE[0])
    )
    intel = (
        INTELLIGENCE_OF_CREDIBILITY[credibility]
        if credibility
        else (default.intelligence if default else DEFAULT_IMPORT_GRADE[1])
    )
    if default is not None:
        conditions = [c for c in (default.conditions, *conditions) if c]
    handling = "C" if conditions or (default is not None and default.handling == "C") else "P"
    base = default or Marking(source=2, intelligence="C", handling="P")
    return base.with_changes(
        source=source, intelligence=intel, handling=handling, conditions="; ".join(dict.fromkeys(conditions))
    )
