"""The people, accounts and wallets that collect money for each organisation.

A collector is a member of an organisation who receives payments from outside it (from
the people it moves, or their families); internal transfers (a collector forwarding to
the leader) are reported separately, because they show where the money goes next.
Wallets are tied to people by ``CryptoWallet.holder``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from corridor.finance._network import Network
from corridor.finance._payments import Ledger


def collectors(ledger: Ledger, net: Network) -> list[dict[str, Any]]:
    """``[{organisation, name, collected_eur, payments, collectors: [...], accounts: [...], wallets: [...], forwarded_to: [...]}]``."""
    out = []
    for org in sorted(net.members):
        people = net.members[org] | {org}
        incoming: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"payments": 0, "amount_eur": 0.0, "payers": set(), "methods": set()}
        )
        accounts: dict[str, dict[str, Any]] = defaultdict(lambda: {"payments": 0, "amount_eur": 0.0, "holders": set()})
        internal: dict[str, dict[str, Any]] = defaultdict(lambda: {"payments": 0, "amount_eur": 0.0})
        for t in ledger.transfers:
            receivers = [b for b in t.beneficiaries if b in people]
            if not receivers:
                continue
            from_inside = any(p in people for p in t.payers)
            amount = t.amount_eur or 0.0
            for receiver in receivers:
                if from_inside:
                    internal[receiver]["payments"] += 1
                    internal[receiver]["amount_eur"] += amount
                    continue
                row = incoming[receiver]
                row["payments"] += 1
                row["amount_eur"] += amount
                row["payers"].update(t.payers)
                row["methods"].add(t.method)
            if not from_inside:
                for account in t.beneficiary_accounts:
                    accounts[account]["payments"] += 1
                    accounts[account]["amount_eur"] += amount
                    accounts[account]["holders"].update(receivers)
        wallets = [
            {"wallet": wid, "address": w["address"], "currency": w["currency"], "holder": w["holder"],
             "holder_name": ledger.names.get(w["holder"], w["holder"])}
            for wid, w in sorted(net.wallets.items()) if w["holder"] in people
        ]  # fmt: skip
        if not incoming and not wallets and not internal:
            continue
        rows = [
            {"party": p, "name": ledger.names.get(p, p), "payments": r["payments"], "amount_eur": round(r["amount_eur"], 2),
             "payers": len(r["payers"]), "methods": sorted(r["methods"])}
            for p, r in incoming.items()
        ]  # fmt: skip
        rows.sort(key=lambda r: (-r["amount_eur"], r["party"]))
        account_rows = [
            {"account": a, "iban": ledger.accounts.get(a, {}).get("iban"), "payments": r["payments"],
             "amount_eur": round(r["amount_eur"], 2), "holders": sorted(r["holders"])}
            for a, r in accounts.items()
        ]  # fmt: skip
        account_rows.sort(key=lambda r: (-r["amount_eur"], r["account"]))
        forwarded = [
            {
                "party": p,
                "name": ledger.names.get(p, p),
                "payments": r["payments"],
                "amount_eur": round(r["amount_eur"], 2),
            }
            for p, r in sorted(internal.items(), key=lambda kv: -kv[1]["amount_eur"])
        ]
        out.append(
            {
                "organisation": org,
                "name": net.names.get(org, org),
                "collected_eur": round(sum(r["amount_eur"] for r in rows), 2),
                "payments": sum(r["payments"] for r in rows),
                "collectors": rows,
                "accounts": account_rows,
                "wallets": wallets,
                "forwarded_to": forwarded,
            }
        )
    out.sort(key=lambda r: (-r["collected_eur"], r["organisation"]))
    return out
