"""Payments as the principal sees them: who paid whom, on which account, how much in euros.

FtM ``Payment`` carries bank transfers, hawala ledger lines, cash handed to couriers and
crypto transfers alike; the method is read from what the record says (``programme``,
currency, accounts, wording). Amounts are converted to euros at the fixed rates below when
a record gives no ``amountEur``; every conversion is counted and reported next to the
totals, never hidden in them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from corridor.store import View

PAYMENT_PROPS = (
    "payer", "beneficiary", "payerAccount", "beneficiaryAccount", "amount", "amountEur", "currency", "date",
    "programme", "description", "purpose", "transactionNumber", "summary",
)  # fmt: skip

EUR_RATES: dict[str, float] = {
    "EUR": 1.0, "GBP": 1.17, "USD": 0.92, "USDT": 0.92, "USDC": 0.92, "CHF": 1.04, "TRY": 0.028,
    "RSD": 0.0085, "MKD": 0.0163, "ALL": 0.0098, "BAM": 0.511, "HUF": 0.0025, "BGN": 0.511,
    "BTC": 38_000.0, "ETH": 2_300.0,
}  # fmt: skip
"""Euros per unit, fixed (2023-24 averages, rounded; BTC/ETH at their 2023 average), stated as an assumption."""

CRYPTO = frozenset({"BTC", "ETH", "USDT", "USDC", "TRX", "XMR", "LTC"})
_HASH = re.compile(r"^(0x)?[0-9a-fA-F]{40,}$")
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hawala", ("hawala", "havala", "хавала", "ledger", "defter")),
    ("cash", ("cash", "courier", "кеш", "готовина", "nakit", "para në dorë", "kesh")),
    ("money_transfer", ("western union", "moneygram", "ria ", "money transfer", "remittance")),
    ("crypto", ("crypto", "wallet", "bitcoin", "tether", "usdt", "btc", "blockchain")),
    ("bank", ("iban", "bank", "swift", "sepa", "sar", "production order")),
)


@dataclass(slots=True)
class Transfer:
    """One payment, parties and accounts by canonical id."""

    id: str
    date: str
    amount_eur: float | None
    method: str
    payers: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    payer_accounts: list[str] = field(default_factory=list)
    beneficiary_accounts: list[str] = field(default_factory=list)
    currency: str = ""
    converted: bool = False

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the payment."""
        return self.date[:7]


@dataclass(slots=True)
class Ledger:
    """Every visible payment, the parties' names and the accounts' details."""

    transfers: list[Transfer]
    names: dict[str, str]
    accounts: dict[str, dict[str, str]]
    unconverted: int
    converted: int


def payment_method(props: dict[str, list[str]]) -> str:
    """``hawala``, ``cash``, ``money_transfer``, ``crypto``, ``bank`` or ``unknown``."""
    currencies = {c.upper() for c in props.get("currency", [])}
    text = " ".join(
        props.get("programme", []) + props.get("description", []) + props.get("purpose", []) + props.get("summary", [])
    ).lower()
    programme = " ".join(props.get("programme", [])).lower()
    for method, words in _WORDS:
        if any(w in programme for w in words):
            return method
    if currencies & CRYPTO or any(_HASH.match(t) for t in props.get("transactionNumber", [])):
        return "crypto"
    for method, words in _WORDS:
        if any(w in text for w in words):
            return method
    if props.get("payerAccount") or props.get("beneficiaryAccount"):
        return "bank"
    return "unknown"


def _euros(props: dict[str, list[str]]) -> tuple[float | None, bool, str]:
    for value in props.get("amountEur", []):
        try:
            return float(value), False, "EUR"
        except ValueError:
            continue
    currency = next(iter(props.get("currency", [])), "EUR").upper() or "EUR"
    for value in props.get("amount", []):
        try:
            amount = float(value)
        except ValueError:
            continue
        rate = EUR_RATES.get(currency)
        if rate is None:
            return None, False, currency
        return amount * rate, currency != "EUR", currency
    return None, False, currency


def account_country(details: dict[str, str]) -> str | None:
    """The country of a bank account: its ``country``, else the IBAN's first two letters."""
    if details.get("country"):
        return details["country"].lower()
    iban = details.get("iban", "").replace(" ", "")
    if len(iban) > 4 and iban[:2].isalpha():
        return iban[:2].lower()
    return None


def read_ledger(view: View, *, resolve: bool = True, entity_ids: Iterable[str] | None = None) -> Ledger:
    """Every visible Payment, with parties and accounts mapped to canonical ids.

    ``entity_ids`` reads only those records (a target profile's payments, not the view's).
    """
    raw: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stmt in view.facts(schemata=["Payment"], props=PAYMENT_PROPS, entity_ids=entity_ids):
        raw[stmt.entity_id][stmt.prop].append(stmt.value)
    party_ids = {v for p in raw.values() for k in ("payer", "beneficiary") for v in p.get(k, [])}
    account_ids = {v for p in raw.values() for k in ("payerAccount", "beneficiaryAccount") for v in p.get(k, [])}
    names_raw: dict[str, str] = {}
    if party_ids:
        for stmt in sorted(view.facts(entity_ids=party_ids, props=["name"]), key=lambda s: (s.entity_id, s.value)):
            names_raw.setdefault(stmt.entity_id, stmt.value)
    accounts_raw: dict[str, dict[str, str]] = defaultdict(dict)
    if account_ids:
        wanted = ["iban", "accountNumber", "country", "bankName", "publicKey", "name"]
        for stmt in sorted(
            view.facts(entity_ids=account_ids, props=wanted), key=lambda s: (s.entity_id, s.prop, s.value)
        ):
            accounts_raw[stmt.entity_id].setdefault(stmt.prop, stmt.value)
    mapping = view.canonical_ids(party_ids | account_ids) if resolve else {i: i for i in party_ids | account_ids}
    names: dict[str, str] = {}
    for entity_id, name in sorted(names_raw.items()):
        names.setdefault(mapping[entity_id], name)
    accounts: dict[str, dict[str, str]] = {}
    for entity_id, details in sorted(accounts_raw.items()):
        accounts.setdefault(mapping[entity_id], {}).update({k: v for k, v in details.items() if v})
    transfers: list[Transfer] = []
    unconverted = converted = 0
    for payment_id, props in sorted(raw.items()):
        amount, was_converted, currency = _euros(props)
        if amount is None and (props.get("amount") or props.get("amountEur")):
            unconverted += 1
        converted += int(was_converted)
        dates = sorted(props.get("date", []))
        transfers.append(
            Transfer(
                id=payment_id,
                date=dates[0][:10] if dates else "",
                amount_eur=round(amount, 2) if amount is not None else None,
                method=payment_method(props),
                payers=sorted({mapping[p] for p in props.get("payer", [])}),
                beneficiaries=sorted({mapping[p] for p in props.get("beneficiary", [])}),
                payer_accounts=sorted({mapping[p] for p in props.get("payerAccount", [])}),
                beneficiary_accounts=sorted({mapping[p] for p in props.get("beneficiaryAccount", [])}),
                currency=currency,
                converted=was_converted,
            )
        )
    transfers.sort(key=lambda t: (t.date, t.id))
    return Ledger(transfers, names, accounts, unconverted, converted)
