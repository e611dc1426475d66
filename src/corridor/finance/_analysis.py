"""The money analysis as one call: what the CLI, the API and the web UI ask for.

Built from one read of the principal's visible Payments, Memberships, wallets and Events,
so a total never includes a payment the principal may not see.
"""

from __future__ import annotations

import time
from typing import Any

from corridor.finance._brokers import money_people
from corridor.finance._collectors import collectors
from corridor.finance._flows import account_flows, country_flows, organisation_flows, party_flows
from corridor.finance._network import read_network
from corridor.finance._payments import EUR_RATES, read_ledger
from corridor.finance._revenue import revenue_estimates
from corridor.store import View


def analyse_money(view: View, *, top: int | None = None) -> dict[str, Any]:
    """Flows, collectors, revenue estimates and multi-organisation money people.

    Shape::

        {"payments": n, "amount_eur": x, "methods": {method: n}, "seconds": s,
         "flows": {"parties": [...], "accounts": [...], "organisations": [...], "countries": [...]},
         "collectors": [{organisation, name, collected_eur, payments, collectors, accounts, wallets, forwarded_to}],
         "revenue": [{organisation, name, persons_moved, price_per_person_eur, revenue_eur, low_eur, high_eur,
                      observed_collected_eur, method, countries, assumptions}],
         "money_people": [{party, name, organisations: [{organisation, name, via, payments, amount_eur}], …}],
         "conversion": {"converted": n, "unconverted": n, "rates": {...}}}

    Flow rows are ``{from, to, payments, amount_eur, unknown_amounts, methods, first, last, shared}``
    (plus names for parties and organisations). ``top`` cuts each flow list.
    """
    started = time.perf_counter()
    ledger = read_ledger(view)
    net = read_network(view)

    def cut(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return rows[:top] if top else rows

    methods: dict[str, int] = {}
    for t in ledger.transfers:
        methods[t.method] = methods.get(t.method, 0) + 1
    result: dict[str, Any] = {
        "payments": len(ledger.transfers),
        "amount_eur": round(sum(t.amount_eur or 0.0 for t in ledger.transfers), 2),
        "methods": dict(sorted(methods.items())),
        "flows": {
            "parties": cut(party_flows(ledger)),
            "accounts": cut(account_flows(ledger)),
            "organisations": cut(organisation_flows(ledger, net)),
            "countries": cut(country_flows(ledger)),
        },
        "collectors": collectors(ledger, net),
        "revenue": revenue_estimates(ledger, net),
        "money_people": money_people(ledger, net),
        "conversion": {"converted": ledger.converted, "unconverted": ledger.unconverted, "rates": EUR_RATES},
    }
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result
