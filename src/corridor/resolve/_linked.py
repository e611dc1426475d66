"""Selectors a record holds through other entities: the accounts it pays from, its wallets, its papers.

A bank's report names the payer ``TODOROVIC Dalibor`` and, on another entity, the IBAN he
paid from; a second report names him again with the same IBAN. The IBAN is on neither
person record, so the resolver follows the links (``Payment.payer`` with
``Payment.payerAccount``, ``holder`` of a wallet, account or identity document) and
credits the selector to the person. Only statements the principal may see are followed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from corridor.model import Statement, try_selector

SCHEMATA = ("Payment", "BankAccount", "CryptoWallet", "Passport", "Identification")
PROPS = (
    "payer",
    "beneficiary",
    "payerAccount",
    "beneficiaryAccount",
    "iban",
    "publicKey",
    "holder",
    "number",
    "passportNumber",
    "country",
)
_ACCOUNT_OF = {"payer": "payerAccount", "beneficiary": "beneficiaryAccount"}


def _selector(schema: str, props: dict[str, list[str]]) -> str | None:
    countries = props.get("country") or []
    country = countries[0] if countries else None
    if schema == "BankAccount":
        for value in props.get("iban", []):
            sel = try_selector("iban", value)
            if sel is not None:
                return f"iban:{sel.value}"
    elif schema == "CryptoWallet":
        for value in props.get("publicKey", []):
            sel = try_selector("crypto", value)
            if sel is not None:
                return f"crypto:{sel.value}"
    elif schema in ("Passport", "Identification"):
        kind = "passport" if schema == "Passport" else "idnumber"
        for value in props.get("passportNumber", []) + props.get("number", []):
            sel = try_selector(kind, value, country=country) or try_selector(kind, value)
            if sel is not None:
                return f"{sel.kind}:{sel.value}"
    return None


def linked_selectors(statements: Iterable[Statement]) -> dict[str, list[str]]:
    """Record id -> strong selector keys it holds through accounts, wallets and documents."""
    entities: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for stmt in statements:
        schema, props = entities.setdefault(stmt.entity_id, (stmt.schema, {}))
        props.setdefault(stmt.prop, []).append(stmt.value)
    keys = {eid: _selector(schema, props) for eid, (schema, props) in entities.items()}
    out: dict[str, set[str]] = defaultdict(set)
    for eid, (schema, props) in entities.items():
        if schema == "Payment":
            for party, account_prop in _ACCOUNT_OF.items():
                for person in props.get(party, []):
                    for account in props.get(account_prop, []):
                        key = keys.get(account)
                        if key:
                            out[person].add(key)
        key = keys.get(eid)
        if key:
            for holder in props.get("holder", []):
                out[holder].add(key)
    return {person: sorted(found) for person, found in out.items()}
