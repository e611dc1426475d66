"""The release rule: may this principal see a statement with this originator and marking?

This is the rule the one door applies (``corridor.store`` evaluates it once per distinct
marking, then filters statements in SQL). It is written as a pure function over plain
values so that it can be read, reviewed and tested on its own.

A statement is visible to a principal when it is not withdrawn, the principal is inside
its compartment (if it has one), and either

1. the principal's agency is the originator; or
2. the principal's agency is a **direct recipient**: an agreement from the originator to
   it is in force and covers the handling code, and the marking names it in ``to=`` — or
   names nobody and the handling code is P (lawful sharing permitted under the
   agreement; C always needs the recipients named); or
3. the principal's agency is an **onward recipient**: some direct recipient has an
   agreement in force with it, and either the originator has consented to that agency
   (``consented=``) or the marking does not require consent for onward sharing at all.

Agreements are never chained on their own: data from RS-MUP reaches XK-KP through GB only
under rule 3, that is only with RS-MUP's say-so written in the marking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from corridor.model._markings import Marking
from corridor.model._partners import Agreement, Principal


@dataclass(frozen=True, slots=True)
class ReleasePolicy:
    """The agreements in force on one day, indexed for the release rule."""

    agreements: tuple[Agreement, ...]
    day: date

    @classmethod
    def build(cls, agreements: Iterable[Agreement], day: date) -> ReleasePolicy:
        """Keep the agreements in force on ``day``."""
        return cls(tuple(a for a in agreements if a.in_force(day)), day)

    def shares(self, provider: str, recipient: str, handling: str) -> bool:
        """Whether an agreement lets ``provider`` release data of ``handling`` to ``recipient``."""
        return any(
            a.provider == provider and a.recipient == recipient and handling in a.handling for a in self.agreements
        )

    def direct_recipients(self, originator: str, marking: Marking) -> frozenset[str]:
        """Agencies the originator releases to under its agreements and the marking."""
        partners = {a.recipient for a in self.agreements if a.provider == originator and marking.handling in a.handling}
        if marking.releasable_to:
            partners &= marking.releasable_to
        elif marking.handling != "P":
            partners = set()
        partners.discard(originator)
        return frozenset(partners)

    def onward_recipients(self, originator: str, marking: Marking) -> frozenset[str]:
        """Agencies that may receive the data from a direct recipient, with consent if needed."""
        direct = self.direct_recipients(originator, marking)
        onward = {a.recipient for a in self.agreements if a.provider in direct and marking.handling in a.handling}
        if marking.onward_consent:
            onward &= marking.consented_to
        onward -= direct
        onward.discard(originator)
        return frozenset(onward)

    def audience(self, originator: str, marking: Marking) -> frozenset[str]:
        """Every agency that may see a statement: originator, direct and onward recipients."""
        return (
            frozenset({originator})
            | self.direct_recipients(originator, marking)
            | self.onward_recipients(originator, marking)
        )

    def may_see(self, principal: Principal, originator: str, marking: Marking, *, withdrawn: bool = False) -> bool:
        """The release rule for one statement; see the module docstring."""
        if withdrawn:
            return False
        if marking.compartment and marking.compartment not in principal.compartments:
            return False
        return principal.agency in self.audience(originator, marking)
