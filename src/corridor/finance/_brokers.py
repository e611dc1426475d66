"""Money people who serve several organisations: hawala bankers, brokers, shared collectors.

A party serves an organisation when it is a member that receives money, when it
forwards money to the organisation's members (a hawala banker releasing the guarantee to
a leader), or — for a party on no organisation's books or on several — when the people
the organisation moved pay it around the time they travelled with it. Only parties that
receive money are considered: a migrant who pays four networks along the route is a
customer, not a money person. Receiving money from an organisation's members is not
counted: that is how a leader is paid by the hawala banker of several networks, and it
would make every leader look shared.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from corridor.finance._network import Network
from corridor.finance._payments import Ledger

MIN_CUSTOMER_PAYMENTS = 3
MIN_CUSTOMER_SHARE = 0.15
"""Payments from an organisation's travellers, in number and as a share of all the
travellers' payments a party received, needed before the party is said to serve it that
way. Attribution by travel dates is a heuristic: a collector of one network is now and
then paid by a migrant last seen with the network before; on the demo scenario these
thresholds keep such strays out while the shared hawala bankers stay in."""


def money_people(ledger: Ledger, net: Network, *, min_organisations: int = 2) -> list[dict[str, Any]]:
    """``[{party, name, organisations: [{organisation, name, via, payments, amount_eur}], payments, amount_eur}]``."""
    receivers = {b for t in ledger.transfers for b in t.beneficiaries}
    everyone = {m for people in net.members.values() for m in people} | set(net.members)
    serves: dict[str, dict[str, dict[str, Any]]] = defaultdict(
        lambda: defaultdict(lambda: {"via": set(), "payments": 0, "amount_eur": 0.0})
    )
    for party in receivers:
        for org in net.organisations_of(party):
            serves[party][org]["via"].add("member")
    for t in ledger.transfers:
        amount = t.amount_eur or 0.0
        for b in t.beneficiaries:
            if len(net.organisations_of(b)) == 1:
                continue
            for payer in t.payers:
                if payer in everyone:
                    continue
                near = net.organisation_near(payer, t.date)
                if near is not None:
                    entry = serves[b][near]
                    entry["via"].add("paid by its travellers")
                    entry["payments"] += 1
                    entry["amount_eur"] += amount
        for payer in t.payers:
            if payer not in receivers:
                continue
            for org in {o for b in t.beneficiaries for o in net.organisations_of(b)} - net.organisations_of(payer):
                entry = serves[payer][org]
                entry["via"].add("forwards to members")
                entry["payments"] += 1
                entry["amount_eur"] += amount
    out = []
    for party, orgs in serves.items():
        by_travellers = sum(e["payments"] for e in orgs.values() if e["via"] == {"paid by its travellers"})
        kept = {
            o: e for o, e in orgs.items()
            if e["via"] - {"paid by its travellers"}
            or (e["payments"] >= MIN_CUSTOMER_PAYMENTS and e["payments"] >= MIN_CUSTOMER_SHARE * by_travellers)
        }  # fmt: skip
        if len(kept) < min_organisations:
            continue
        rows = [
            {"organisation": o, "name": net.names.get(o, o), "via": sorted(e["via"]), "payments": e["payments"],
             "amount_eur": round(e["amount_eur"], 2)}
            for o, e in sorted(kept.items(), key=lambda kv: (-kv[1]["amount_eur"], kv[0]))
        ]  # fmt: skip
        out.append(
            {
                "party": party,
                "name": ledger.names.get(party, party),
                "organisations": rows,
                "payments": sum(r["payments"] for r in rows),
                "amount_eur": round(sum(r["amount_eur"] for r in rows), 2),
            }
        )
    out.sort(key=lambda r: (-len(r["organisations"]), -r["amount_eur"], r["party"]))
    return out
