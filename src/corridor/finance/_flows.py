"""Money flows between parties, accounts, organisations and countries.

Each flow row adds up payments by (from, to): how many, how much in euros, by which
methods, first and last date. A payment with several payers or beneficiaries (rare:
joint accounts) counts towards each pair with its whole amount, and says so in
``shared``: splitting it evenly would invent a fact no record gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from corridor.finance._network import Network
from corridor.finance._payments import Ledger, Transfer, account_country

OUTSIDE = "outside"
"""The organisation side of a payment whose party belongs to no known organisation."""


class _Tally:
    def __init__(self) -> None:
        self.payments = 0
        self.amount = 0.0
        self.unknown_amount = 0
        self.methods: Counter[str] = Counter()
        self.first = ""
        self.last = ""
        self.shared = 0

    def add(self, t: Transfer, *, shared: bool) -> None:
        self.payments += 1
        if t.amount_eur is None:
            self.unknown_amount += 1
        else:
            self.amount += t.amount_eur
        self.methods[t.method] += 1
        if t.date:
            self.first = min(self.first, t.date) if self.first else t.date
            self.last = max(self.last, t.date)
        self.shared += int(shared)

    def as_dict(self) -> dict[str, Any]:
        return {
            "payments": self.payments,
            "amount_eur": round(self.amount, 2),
            "unknown_amounts": self.unknown_amount,
            "methods": dict(sorted(self.methods.items())),
            "first": self.first,
            "last": self.last,
            "shared": self.shared,
        }


def _flows(
    transfers: Iterable[Transfer],
    sides: Callable[[Transfer], tuple[list[str], list[str]]],
    label: Callable[[str], str | None] | None = None,
) -> list[dict[str, Any]]:
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for t in transfers:
        sources, targets = sides(t)
        pairs = [(a, b) for a in sources for b in targets if a != b]
        for a, b in pairs:
            tallies[(a, b)].add(t, shared=len(pairs) > 1)
    rows = []
    for (a, b), tally in sorted(tallies.items(), key=lambda kv: (-kv[1].amount, kv[0])):
        row: dict[str, Any] = {"from": a, "to": b}
        if label is not None:
            row["from_name"], row["to_name"] = label(a), label(b)
        rows.append({**row, **tally.as_dict()})
    return rows


def party_flows(ledger: Ledger) -> list[dict[str, Any]]:
    """``[{from, from_name, to, to_name, payments, amount_eur, methods, first, last, …}]`` between persons/companies."""
    return _flows(ledger.transfers, lambda t: (t.payers, t.beneficiaries), ledger.names.get)


def account_flows(ledger: Ledger) -> list[dict[str, Any]]:
    """Flows between bank accounts (by id; ``from_iban``/``to_iban`` where known)."""
    rows = _flows(ledger.transfers, lambda t: (t.payer_accounts, t.beneficiary_accounts))
    for row in rows:
        row["from_iban"] = ledger.accounts.get(row["from"], {}).get("iban")
        row["to_iban"] = ledger.accounts.get(row["to"], {}).get("iban")
    return rows


def organisation_flows(ledger: Ledger, net: Network) -> list[dict[str, Any]]:
    """Flows between organisations (``outside`` for parties in none): revenue in, transfers between networks."""
    cache: dict[str, list[str]] = {}

    def orgs(party: str) -> list[str]:
        if party not in cache:
            cache[party] = sorted(net.organisations_of(party)) or [OUTSIDE]
        return cache[party]

    def sides(t: Transfer) -> tuple[list[str], list[str]]:
        src = sorted({o for p in t.payers for o in orgs(p)})
        dst = sorted({o for p in t.beneficiaries for o in orgs(p)})
        return src, dst

    return _flows(ledger.transfers, sides, lambda o: net.names.get(o, o))


def country_flows(ledger: Ledger) -> list[dict[str, Any]]:
    """Flows between countries, from the accounts' countries (IBAN or ``country``); ``unknown`` otherwise."""

    def country(accounts: list[str]) -> list[str]:
        found = sorted({c for a in accounts if (c := account_country(ledger.accounts.get(a, {})))})
        return found or ["unknown"]

    rows = _flows(ledger.transfers, lambda t: (country(t.payer_accounts), country(t.beneficiary_accounts)))
    return [r for r in rows if not (r["from"] == "unknown" and r["to"] == "unknown")]
