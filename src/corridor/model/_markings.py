"""Markings: the UK 3×5×2 grading and the release rules that travel with every statement.

A marking says how reliable the source is (1–3), how the intelligence is assessed (A–E),
whether lawful sharing is permitted (P) or conditions apply (C, with the conditions), and
to whom it may be released: the agreement it falls under, the partners named, whether
onward sharing needs the originator's consent, which partners the originator has since
consented to, a review date, and an optional compartment (an operation).

The text form used on the command line and in manifests is compact, e.g. ``"B2 P"`` or
``"1A C to=GB-NCA,MK-MVR conditions='not for court' review=2027-01-31"``. Both orders of
the grade (``B2`` and ``2B``) are read, because agencies write both.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from corridor.core import FieldError, InvalidInput

SourceEvaluation = Literal[1, 2, 3]
Intelligence = Literal["A", "B", "C", "D", "E"]
Handling = Literal["P", "C"]

SOURCE_EVALUATIONS: dict[int, str] = {
    1: "reliable",
    2: "untested",
    3: "not reliable",
}
INTELLIGENCE_ASSESSMENTS: dict[str, str] = {
    "A": "known directly to the source",
    "B": "known indirectly to the source but corroborated",
    "C": "known indirectly to the source",
    "D": "not known",
    "E": "suspected to be false",
}
HANDLING_CODES: dict[str, str] = {
    "P": "lawful sharing permitted",
    "C": "lawful sharing permitted subject to conditions",
}

_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


def _agencies(text: str) -> frozenset[str]:
    return frozenset(code.strip().upper() for code in text.split(",") if code.strip())


@dataclass(frozen=True, slots=True)
class Marking:
    """The grading and release rules of one statement (the originator is stored beside it)."""

    source: SourceEvaluation
    intelligence: Intelligence
    handling: Handling
    conditions: str = ""
    agreement: str | None = None
    releasable_to: frozenset[str] = field(default_factory=frozenset)
    onward_consent: bool = True
    consented_to: frozenset[str] = field(default_factory=frozenset)
    review_date: date | None = None
    compartment: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.source not in SOURCE_EVALUATIONS:
            problems.append(FieldError("source evaluation must be 1, 2 or 3", field="source"))
        if self.intelligence not in INTELLIGENCE_ASSESSMENTS:
            problems.append(FieldError("intelligence assessment must be A to E", field="intelligence"))
        if self.handling not in HANDLING_CODES:
            problems.append(FieldError("handling code must be P or C", field="handling"))
        if self.handling == "C" and not self.conditions.strip():
            problems.append(FieldError("handling code C needs its conditions", field="conditions"))
        if problems:
            raise InvalidInput("invalid marking", errors=problems)

    @property
    def grade(self) -> str:
        """The short 3×5×2 code, intelligence first as in ``B2 P``."""
        return f"{self.intelligence}{self.source} {self.handling}"

    def __str__(self) -> str:
        return format_marking(self)

    def with_changes(self, **changes: object) -> Marking:
        """A copy with some fields changed (re-grading, consent, withdrawal of release)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def parse_marking(text: str, *, where: str | None = None) -> Marking:
    """Read the compact text form of a marking, or raise ``InvalidInput`` saying what is wrong.

    ``where`` names the file, option or column the text came from, so that the message
    points the analyst at it.
    """
    try:
        parts = shlex.split(text.strip())
    except ValueError as exc:
        raise InvalidInput("invalid marking", errors=[FieldError(str(exc), file=where, value=text)]) from None
    if not parts:
        raise InvalidInput(
            'missing marking: intelligence must be graded (e.g. "B2 P")',
            errors=[FieldError("empty marking", file=where)],
        )
    grade = parts[0].upper()
    handling: str | None = None
    rest = parts[1:]
    if len(grade) == 3 and grade[2] in HANDLING_CODES:
        grade, handling = grade[:2], grade[2]
    elif rest and rest[0].upper() in HANDLING_CODES:
        handling = rest[0].upper()
        rest = rest[1:]

    def fail(reason: str) -> InvalidInput:
        return InvalidInput("invalid marking", errors=[FieldError(reason, file=where, value=text)])

    if len(grade) != 2:
        raise fail("grade must be a letter A–E and a digit 1–3, like B2")
    letter, digit = (grade[0], grade[1]) if grade[0].isalpha() else (grade[1], grade[0])
    if not digit.isdigit() or int(digit) not in SOURCE_EVALUATIONS:
        raise fail("source evaluation must be 1, 2 or 3")
    if letter not in INTELLIGENCE_ASSESSMENTS:
        raise fail("intelligence assessment must be A to E")
    if handling is None:
        raise fail("handling code P or C is missing")
    options: dict[str, str] = {}
    for part in rest:
        if "=" not in part:
            raise fail(f"unexpected {part!r}; options are written key=value")
        key, value = part.split("=", 1)
        options[key.strip().lower()] = value.strip()
    known = {"conditions", "agreement", "to", "consent", "consented", "review", "compartment"}
    unknown = set(options) - known
    if unknown:
        raise fail(f"unknown option {sorted(unknown)[0]!r}; known: {', '.join(sorted(known))}")
    consent_text = options.get("consent", "yes").lower()
    if consent_text not in _TRUE | _FALSE:
        raise fail("consent= must be yes or no (does onward sharing need the originator's consent)")
    review: date | None = None
    if "review" in options:
        try:
            review = date.fromisoformat(options["review"])
        except ValueError:
            raise fail("review= must be a date YYYY-MM-DD") from None
    try:
        return Marking(
            source=int(digit),  # type: ignore[arg-type]
            intelligence=letter,  # type: ignore[arg-type]
            handling=handling,  # type: ignore[arg-type]
            conditions=options.get("conditions", ""),
            agreement=options.get("agreement") or None,
            releasable_to=_agencies(options.get("to", "")),
            onward_consent=consent_text in _TRUE,
            consented_to=_agencies(options.get("consented", "")),
            review_date=review,
            compartment=options.get("compartment") or None,
        )
    except InvalidInput as exc:
        raise InvalidInput(
            "invalid marking",
            errors=[FieldError(e.reason, file=where, field=e.field, value=text) for e in exc.errors],
        ) from None


def format_marking(marking: Marking) -> str:
    """Write a marking in the compact text form that ``parse_marking`` reads back."""
    parts = [marking.grade]
    if marking.conditions:
        parts.append(f"conditions={shlex.quote(marking.conditions)}")
    if marking.agreement:
        parts.append(f"agreement={marking.agreement}")
    if marking.releasable_to:
        parts.append("to=" + ",".join(sorted(marking.releasable_to)))
    if not marking.onward_consent:
        parts.append("consent=no")
    if marking.consented_to:
        parts.append("consented=" + ",".join(sorted(marking.consented_to)))
    if marking.review_date:
        parts.append(f"review={marking.review_date.isoformat()}")
    if marking.compartment:
        parts.append(f"compartment={marking.compartment}")
    return " ".join(parts)
