"""Mapping between the UK 3×5×2 grading and Europol's 4×4 evaluation and H0–H3 handling codes.

Europol (Regulation 2016/794, Art. 29) grades the source A/B/C/X and the information 1–4
and marks handling with H0–H3. The two systems do not line up one to one, so each
direction picks the more cautious reading, and a round trip never makes intelligence look
more reliable or more shareable than it was:

| 3×5×2 source | Europol source | reason |
|---|---|---|
| 1 reliable | B (mostly reliable) | A claims reliability "in all instances", which 1 does not state |
| 2 untested | X (cannot be assessed) | |
| 3 not reliable | C (mostly unreliable) | |

| 3×5×2 intelligence | Europol information | |
|---|---|---|
| A known directly to the source | 2 known personally to the source | 1 ("not in doubt") is the officer's own knowledge |
| B known indirectly, corroborated | 3 not known personally, corroborated | |
| C known indirectly | 4 not known personally, not corroborated | |
| D not known | 4 | |
| E suspected false | 4 | the falsity note travels in the handling conditions |

Back: A→1, B→1, C→3, X→2 for the source; 1→A, 2→A, 3→B, 4→C for the information.

Handling: P maps to H0 (use only to prevent and combat crime); C maps to H2 (no
dissemination without the provider's permission) when the marking needs consent for onward
sharing, otherwise H3 (other restrictions) with the conditions as its text. H1 (not for
judicial proceedings without permission) maps back to C with that condition; H2 and H3 to C.
"""

from __future__ import annotations

from dataclasses import dataclass

from corridor.core import FieldError, InvalidInput
from corridor.model._markings import Marking

_SOURCE_TO_EUROPOL = {1: "B", 2: "X", 3: "C"}
_SOURCE_FROM_EUROPOL = {"A": 1, "B": 1, "C": 3, "X": 2}
_INTEL_TO_EUROPOL = {"A": 2, "B": 3, "C": 4, "D": 4, "E": 4}
_INTEL_FROM_EUROPOL = {1: "A", 2: "A", 3: "B", 4: "C"}
H1_CONDITION = "not to be disclosed in judicial proceedings without the provider's permission"
H2_CONDITION = "not to be disseminated without the provider's permission"


@dataclass(frozen=True, slots=True)
class EuropolGrading:
    """A Europol 4×4 evaluation with its handling code and, for H3, the restriction text."""

    source: str
    information: int
    handling: str
    restrictions: str = ""

    @property
    def code(self) -> str:
        """The short form, e.g. ``B3 H0``."""
        return f"{self.source}{self.information} {self.handling}"


def to_europol(marking: Marking) -> EuropolGrading:
    """Express a 3×5×2 marking in Europol's codes, choosing the cautious side where they differ."""
    conditions = marking.conditions
    if marking.intelligence == "E":
        conditions = "; ".join(c for c in (conditions, "assessed as suspected false") if c)
    if marking.handling == "P" and not conditions:
        handling = "H0"
    elif marking.onward_consent and marking.handling == "C" and not marking.conditions:
        handling = "H2"
    else:
        handling = "H3"
    if handling == "H3" and marking.onward_consent:
        conditions = "; ".join(c for c in (conditions, H2_CONDITION) if c)
    return EuropolGrading(
        source=_SOURCE_TO_EUROPOL[marking.source],
        information=_INTEL_TO_EUROPOL[marking.intelligence],
        handling=handling,
        restrictions=conditions if handling == "H3" else "",
    )


def from_europol(grading: EuropolGrading) -> Marking:
    """Read a Europol grading as a 3×5×2 marking (release lists are set by the agreement)."""
    problems = []
    if grading.source not in _SOURCE_FROM_EUROPOL:
        problems.append(FieldError("Europol source code must be A, B, C or X", field="source"))
    if grading.information not in _INTEL_FROM_EUROPOL:
        problems.append(FieldError("Europol information code must be 1 to 4", field="information"))
    if grading.handling not in {"H0", "H1", "H2", "H3"}:
        problems.append(FieldError("Europol handling code must be H0 to H3", field="handling"))
    if problems:
        raise InvalidInput("invalid Europol grading", errors=problems)
    conditions = {
        "H0": "",
        "H1": H1_CONDITION,
        "H2": H2_CONDITION,
        "H3": grading.restrictions or "other restrictions (Europol H3)",
    }[grading.handling]
    return Marking(
        source=_SOURCE_FROM_EUROPOL[grading.source],  # type: ignore[arg-type]
        intelligence=_INTEL_FROM_EUROPOL[grading.information],  # type: ignore[arg-type]
        handling="P" if grading.handling == "H0" else "C",
        conditions=conditions,
        onward_consent=True,
    )
