"""A revenue estimate per organisation: persons moved × price per person, assumptions printed.

No record says what a network earns. What the records do say: which persons travelled
with its members (interceptions, arrests, landings, trips) and what some of them paid its
money people. The estimate multiplies the two and states every assumption next to the
number, so that an analyst can disagree with one and redo the sum:

* **persons moved** = distinct non-members seen in events with the organisation's members,
  together with the distinct customers who paid it (payers who are neither members of an
  organisation nor paid by anyone themselves); a person counts once per
  organisation, however many attempts the records show, because smugglers on this route
  are paid per crossing achieved, not per attempt (the "guarantee" system);
* **price per person** = the median of what each observed payer paid the organisation in
  total, when at least ``MIN_OBSERVED_PAYERS`` payers are observed (low/high: the 25th
  and 75th percentiles); otherwise the published tariff ``TARIFF_PER_BORDER_EUR`` per
  border its events span (low/high: half and one and a half times that);
* **revenue** = what the observed payers paid + (persons moved − observed payers) × price
  per person: observed money is counted as it is, the price fills in the persons whose
  payment no record shows; the observed total alone is given as a floor.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from corridor.finance._network import Network
from corridor.finance._payments import EUR_RATES, Ledger

MIN_OBSERVED_PAYERS = 3
TARIFF_PER_BORDER_EUR = 1_000
"""Euros per person per border crossed when no payment is observed: the middle of the
published ranges for Balkan green-border and road legs (GI-TOC 2021: €500–1,500 at the
Greek borders; Quartz 2016: €300–1,500 at the Hungarian fence, €1,000–1,800 to Vienna)."""


def _quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=4, method="inclusive")
    return {0.25: cuts[0], 0.5: cuts[1], 0.75: cuts[2]}[q]


def attribute(net: Network, beneficiaries: list[str], payers: list[str], day: str) -> set[str]:
    """The organisation(s) an outsider's payment goes to.

    A beneficiary on one organisation's books decides it. A money person of several
    organisations (a hawala banker) or of none is paid for the stage the payer has just
    travelled: the organisation the payer was last seen with, if it is one of the
    beneficiary's (or the beneficiary has none); otherwise the payment is ambiguous and
    attributed to nobody.
    """
    out: set[str] = set()
    for beneficiary in beneficiaries:
        orgs = net.organisations_of(beneficiary)
        if len(orgs) == 1:
            out |= orgs
            continue
        for payer in payers:
            near = net.organisation_near(payer, day)
            if near is not None and (not orgs or near in orgs):
                out.add(near)
    return out


def revenue_estimates(ledger: Ledger, net: Network) -> list[dict[str, Any]]:
    """``[{organisation, name, persons_moved, price_per_person_eur, revenue_eur, low_eur, high_eur,
    observed_collected_eur, method, assumptions: [...]}]``, largest first."""
    everyone = {m for people in net.members.values() for m in people} | set(net.members)
    # A payer who is itself paid by others is a money person passing proceeds on (a
    # collector on no register forwarding to the leader), not a customer.
    everyone |= {b for t in ledger.transfers for b in t.beneficiaries}
    paid: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    ambiguous = 0
    for t in ledger.transfers:
        if t.amount_eur is None:
            continue
        outsiders = [p for p in t.payers if p not in everyone]
        if not outsiders:
            continue
        orgs = attribute(net, t.beneficiaries, outsiders, t.date)
        if not orgs:
            ambiguous += 1
            continue
        for org in orgs:
            for payer in outsiders:
                paid[org][payer] += t.amount_eur / len(outsiders)
    out: list[dict[str, Any]] = []
    for org in sorted(set(net.members) | set(paid) | set(net.moved)):
        payers = paid.get(org, {})
        moved = net.moved.get(org, set()) | set(payers)
        persons = len(moved)
        if persons == 0:
            continue
        collected = round(sum(payers.values()), 2)
        unpaid = persons - len(payers)
        amounts = sorted(payers.values())
        countries = sorted(net.event_countries.get(org, set()))
        borders = max(1, len(countries) - 1)
        if len(amounts) >= MIN_OBSERVED_PAYERS:
            method = "observed"
            price, low_price, high_price = (_quantile(amounts, q) for q in (0.5, 0.25, 0.75))
            price_note = (
                f"price per person = median of what {len(amounts)} observed payers paid this organisation "
                f"(€{price:,.0f}; quartiles €{low_price:,.0f}–€{high_price:,.0f})"
            )
        else:
            method = "tariff"
            price = float(TARIFF_PER_BORDER_EUR * borders)
            low_price, high_price = price * 0.5, price * 1.5
            price_note = (
                f"price per person = published tariff €{TARIFF_PER_BORDER_EUR:,} per border × {borders} border(s) "
                f"spanned by its events ({', '.join(countries) or 'no country recorded'}); only {len(amounts)} payer(s) observed"
            )
        assumptions = [
            f"persons moved = {persons}: {len(net.moved.get(org, set()))} non-members seen in events with its members, "
            f"{len(payers)} outsiders who paid it, counted once each (paid per crossing achieved, not per attempt)",
            price_note,
            f"revenue = €{collected:,.0f} observed from {len(payers)} payer(s) + {unpaid} person(s) with no "
            f"observed payment × €{price:,.0f}; the observed part is a floor (only payments the records show)",
        ]
        if ambiguous:
            assumptions.append(
                f"{ambiguous} payment(s) to money people of several or no known organisations, made by "
                "travellers not seen with one of them, are left out of every organisation's figures"
            )
        if ledger.converted:
            rates = ", ".join(f"{c} {r}" for c, r in sorted(EUR_RATES.items()) if c != "EUR")
            assumptions.append(f"{ledger.converted} payment(s) converted to euros at fixed rates ({rates})")
        out.append(
            {
                "organisation": org,
                "name": net.names.get(org, org),
                "persons_moved": persons,
                "payers_observed": len(amounts),
                "price_per_person_eur": round(price, 2),
                "revenue_eur": round(collected + unpaid * price, 2),
                "low_eur": round(collected + unpaid * low_price, 2),
                "high_eur": round(collected + unpaid * high_price, 2),
                "observed_collected_eur": collected,
                "method": method,
                "countries": countries,
                "assumptions": assumptions,
            }
        )
    out.sort(key=lambda r: (-r["revenue_eur"], r["organisation"]))
    return out
