"""GB-NCA, National Crime Agency: seized phones and financial intelligence.

The NCA downloads the phones of smugglers arrested in the UK (boat pilots, lorry drivers,
organisers) and of some arrested in France: their contacts and call logs. It also holds
bank transfers (suspicious activity reports, production orders) and crypto transfers
traced on chain, with the owners attributed to each wallet.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

from corridor.scenario._gb import EN, contact_label, en_name, uk_block
from corridor.scenario._geography import PLACES
from corridor.scenario._identifiers import format_iban, imei, tx_hash
from corridor.scenario._model import Batch, Payment, Person
from corridor.scenario._noise import format_date, render_person
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import CsvWriter


class CrimeAgencyView(View):
    """GB-NCA: phone downloads and call logs of arrested smugglers, bank and crypto payments."""

    agency = "GB-NCA"
    PHONES: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "exhibit": "exhibit_ref",
        "date": "extraction_date",
        "owner": "device_owner_ref",
        "owner_name": "device_owner_name",
        "owner_number": "device_number",
        "imei": "device_imei",
        "name": "contact_name",
        "number": "contact_number",
        "first": "first_contact",
        "last": "last_contact",
        "calls": "call_count",
        "app": "app",
    }
    CALLS: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "exhibit": "exhibit_ref",
        "when": "start_time",
        "a": "caller_number",
        "b": "receiver_number",
        "seconds": "duration_s",
    }
    BANK: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "date": "value_date",
        "amount": "amount",
        "currency": "currency",
        "payer": "payer_ref",
        "payer_name": "payer_name",
        "payer_iban": "payer_iban",
        "payee": "beneficiary_ref",
        "payee_name": "beneficiary_name",
        "payee_iban": "beneficiary_iban",
        "reference": "reference",
        "source": "source",
    }
    CRYPTO: ClassVar[dict[str, str]] = {
        "id": "record_id",
        "hash": "tx_hash",
        "when": "timestamp",
        "asset": "asset",
        "amount": "amount",
        "eur": "amount_eur",
        "from": "from_wallet",
        "from_ref": "from_owner_ref",
        "from_name": "from_owner_name",
        "to": "to_wallet",
        "to_ref": "to_owner_ref",
        "to_name": "to_owner_name",
        "basis": "attribution",
    }
    FININT = "B2 C conditions='financial intelligence: not for court' to=GB-BSC,EU-EUROPOL"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        p, c, b, x = self.PHONES, self.CALLS, self.BANK, self.CRYPTO
        self.add(
            FileSpec(
                "phones",
                "gb-nca/phone_extractions.csv",
                self.agency,
                "csv",
                p["id"],
                "GB-NCA-CON-",
                "A1 P",
                "Contacts downloaded from phones seized from arrested smugglers, one row per contact",
                {
                    "entities": {
                        "contact": {
                            "schema": "Person",
                            "id_column": p["id"],
                            "properties": {
                                "name": {"column": p["name"]},
                                "phone": {"column": p["number"], "format": "gb"},
                            },
                        },
                        "owner": {
                            "schema": "Person",
                            "id_column": p["owner"],
                            "properties": {
                                "name": {"column": p["owner_name"]},
                                "phone": {"column": p["owner_number"], "format": "gb"},
                            },
                        },
                        "contact_link": {
                            "schema": "UnknownLink",
                            "keys": [p["id"]],
                            "key_literal": "gb-nca-contact",
                            "properties": {
                                "subject": {"entity": "owner"},
                                "object": {"entity": "contact"},
                                "role": {"column": p["app"]},
                                "startDate": {"column": p["first"]},
                                "endDate": {"column": p["last"]},
                                "description": {"column": p["exhibit"]},
                            },
                        },
                    },
                    "corridor": uk_block([p["date"], p["first"], p["last"]]),
                },
            ),
            CsvWriter(ctx.out / "gb-nca/phone_extractions.csv", list(p.values())),
        )
        self.add(
            FileSpec(
                "calls",
                "gb-nca/call_records.csv",
                self.agency,
                "csv",
                c["id"],
                "GB-NCA-CDR-",
                "A1 P",
                "Call logs downloaded from the same seized phones",
                {
                    "entities": {
                        "call": {
                            "schema": "Call",
                            "id_column": c["id"],
                            "properties": {
                                "callerNumber": {"column": c["a"], "format": "gb"},
                                "receiverNumber": {"column": c["b"], "format": "gb"},
                                "date": {"column": c["when"]},
                                "duration": {"column": c["seconds"]},
                                "description": {"column": c["exhibit"]},
                            },
                        }
                    },
                    "corridor": uk_block([]),
                },
            ),
            CsvWriter(ctx.out / "gb-nca/call_records.csv", list(c.values())),
        )
        self.add(
            FileSpec(
                "bank",
                "gb-nca/bank_transfers.csv",
                self.agency,
                "csv",
                b["id"],
                "GB-NCA-BT-",
                self.FININT,
                "Bank transfers to and from smugglers' money people (suspicious activity reports, production orders)",
                {
                    "entities": {
                        "payment": {
                            "schema": "Payment",
                            "id_column": b["id"],
                            "properties": {
                                "payer": {"entity": "payer"},
                                "beneficiary": {"entity": "beneficiary"},
                                "payerAccount": {"entity": "payer_account"},
                                "beneficiaryAccount": {"entity": "beneficiary_account"},
                                "amount": {"column": b["amount"]},
                                "currency": {"column": b["currency"]},
                                "date": {"column": b["date"]},
                                "purpose": {"column": b["reference"]},
                                "description": {"column": b["source"]},
                            },
                        },
                        "payer": {
                            "schema": "Person",
                            "id_column": b["payer"],
                            "properties": {"name": {"column": b["payer_name"]}},
                        },
                        "beneficiary": {
                            "schema": "Person",
                            "id_column": b["payee"],
                            "properties": {"name": {"column": b["payee_name"]}},
                        },
                        "payer_account": {
                            "schema": "BankAccount",
                            "keys": [b["payer_iban"]],
                            "key_literal": "iban",
                            "properties": {"iban": {"column": b["payer_iban"]}},
                        },
                        "beneficiary_account": {
                            "schema": "BankAccount",
                            "keys": [b["payee_iban"]],
                            "key_literal": "iban",
                            "properties": {"iban": {"column": b["payee_iban"]}},
                        },
                    },
                    "corridor": uk_block([b["date"]]),
                },
            ),
            CsvWriter(ctx.out / "gb-nca/bank_transfers.csv", list(b.values())),
        )
        self.add(
            FileSpec(
                "crypto",
                "gb-nca/crypto_transfers.csv",
                self.agency,
                "csv",
                x["id"],
                "GB-NCA-CT-",
                self.FININT,
                "Crypto-asset transfers traced on chain, with the owners attributed to each wallet",
                {
                    "entities": {
                        "payment": {
                            "schema": "Payment",
                            "id_column": x["id"],
                            "properties": {
                                "payer": {"entity": "sender"},
                                "beneficiary": {"entity": "receiver"},
                                "amount": {"column": x["amount"]},
                                "currency": {"column": x["asset"]},
                                "amountEur": {"column": x["eur"]},
                                "date": {"column": x["when"]},
                                "transactionNumber": {"column": x["hash"]},
                                "description": {"column": x["basis"]},
                            },
                        },
                        "sender": {
                            "schema": "Person",
                            "id_column": x["from_ref"],
                            "properties": {"name": {"column": x["from_name"]}},
                        },
                        "receiver": {
                            "schema": "Person",
                            "id_column": x["to_ref"],
                            "properties": {"name": {"column": x["to_name"]}},
                        },
                        "sender_wallet": {
                            "schema": "CryptoWallet",
                            "keys": [x["from"]],
                            "key_literal": "wallet",
                            "properties": {
                                "publicKey": {"column": x["from"]},
                                "holder": {"entity": "sender"},
                                "currencySymbol": {"column": x["asset"]},
                            },
                        },
                        "receiver_wallet": {
                            "schema": "CryptoWallet",
                            "keys": [x["to"]],
                            "key_literal": "wallet",
                            "properties": {
                                "publicKey": {"column": x["to"]},
                                "holder": {"entity": "receiver"},
                                "currencySymbol": {"column": x["asset"]},
                            },
                        },
                    },
                    "corridor": uk_block([]),
                },
            ),
            CsvWriter(ctx.out / "gb-nca/crypto_transfers.csv", list(x.values())),
        )
        world = ctx.world
        self.candidates: list[str] = [
            pid
            for pid, p in world.smugglers.items()
            if PLACES[p.residence].country == "gb" or any(world.org(o).stage in ("west", "channel") for o in p.orgs)
        ]
        self.numbers: set[str] = {u.number for pid in self.candidates for u in world.smugglers[pid].phones}
        self._spool_dir = tempfile.TemporaryDirectory(prefix="corridor-nca-")
        self.spool_path = Path(self._spool_dir.name) / "calls.tsv"
        self._spool = self.spool_path.open("w", encoding="utf-8")

    def on_batch(self, batch: Batch) -> None:
        """Spool the calls of candidate phones; record bank and crypto payments."""
        for call in batch.calls:
            if call.caller_number in self.numbers or call.callee_number in self.numbers:
                self._spool.write(
                    f"{call.when.isoformat()}\t{call.caller_number}\t{call.callee_number}\t"
                    f"{call.seconds}\t{call.caller}\t{call.callee}\n"
                )
        migrants = {m.id: m for g in batch.groups for m in g.migrants}
        for payment in batch.payments:
            if payment.method == "bank" and payment.payer_account and payment.payee_account:
                uk_link = payment.payee_account[:2] in ("GB", "DE", "AT") or payment.payer_account[:2] == "GB"
                org = self.ctx.world.org(payment.org)
                if chance(self.rng, 0.8 if uk_link or org.stage in ("west", "channel") else 0.2):
                    self._bank(payment, migrants)
            elif (
                payment.method == "crypto" and payment.payer_account and payment.payee_account and chance(self.rng, 0.5)
            ):
                self._crypto(payment, migrants)
        self.flush()

    def _who(self, pid: str, migrants: dict[str, Person]) -> Person:
        return migrants.get(pid) or self.ctx.world.smugglers[pid]

    def _kyc_name(self, person: Person, day: date) -> tuple[str, list[str]]:
        r = render_person(self.rng, person, EN, day)
        return f"{r.family.upper()} {r.given}", r.noise

    def _bank(self, payment: Payment, migrants: dict[str, Person]) -> None:
        b = self.BANK
        payer, payee = self._who(payment.payer, migrants), self._who(payment.payee, migrants)
        payer_name, payer_noise = self._kyc_name(payer, payment.day)
        payee_name, payee_noise = self._kyc_name(payee, payment.day)

        def show(value: str) -> str:
            return format_iban(value) if chance(self.rng, 0.5) else value

        row = {
            b["date"]: format_date(payment.day, EN.date_format),
            b["amount"]: payment.amount_eur,
            b["currency"]: "EUR",
            b["payer_name"]: payer_name,
            b["payer_iban"]: show(payment.payer_account),
            b["payee_name"]: payee_name,
            b["payee_iban"]: show(payment.payee_account),
            b["reference"]: self.rng.choice(
                ("family support", "loan", "gift", "rent", "car repair", "invoice 2231", "")
            ),
            b["source"]: self.rng.choice(("SAR", "SAR", "production order", "MLA return")),
        }
        self.emit(
            "bank",
            payment.day,
            row,
            [(b["payer"], "-P", payer.id, payer_noise), (b["payee"], "-B", payee.id, payee_noise)],
        )

    def _crypto(self, payment: Payment, migrants: dict[str, Person]) -> None:
        x = self.CRYPTO
        payer, payee = self._who(payment.payer, migrants), self._who(payment.payee, migrants)
        btc = payment.payer_account.startswith("bc1") or payment.payee_account.startswith("bc1")
        when = datetime.combine(
            payment.day, time(self.rng.randrange(24), self.rng.randrange(60), self.rng.randrange(60))
        )
        amount = f"{payment.amount_eur / 38_000:.6f}" if btc else f"{payment.amount_eur * 1.08:.2f}"
        names: list[str] = []
        noises: list[list[str]] = []
        for person in (payer, payee):
            if chance(self.rng, 0.7):
                name, noise = self._kyc_name(person, payment.day)
            else:
                name, noise = "", ["name_missing"]
            names.append(name)
            noises.append(noise)
        row = {
            x["hash"]: tx_hash(self.rng),
            x["when"]: when.isoformat(),
            x["asset"]: "BTC" if btc else "USDT",
            x["amount"]: amount,
            x["eur"]: payment.amount_eur,
            x["from"]: payment.payer_account,
            x["from_name"]: names[0],
            x["to"]: payment.payee_account,
            x["to_name"]: names[1],
            x["basis"]: self.rng.choice(("exchange KYC", "cluster heuristic", "seized device")),
        }
        self.emit(
            "crypto", when, row, [(x["from_ref"], "-F", payer.id, noises[0]), (x["to_ref"], "-T", payee.id, noises[1])]
        )

    def finish(self) -> None:
        """Download the phones of the smugglers arrested in the UK (and some handed over by France)."""
        self._spool.close()
        world = self.ctx.world
        devices: dict[str, tuple[str, str, date]] = {}
        for pid in self.candidates:
            person = world.smugglers[pid]
            uk_resident = PLACES[person.residence].country == "gb"
            if person.arrested_by == "gb" or (person.arrested_by == "fr" and chance(self.rng, 0.3)):
                seized = person.arrested or date(2025, 3, 1)
            elif uk_resident and chance(self.rng, 0.5):
                seized = date(2025, 3, 1) + timedelta(days=self.rng.randrange(60))
            else:
                continue
            number = person.phone_on(seized - timedelta(days=1)) or (
                person.phones[-1].number if person.phones else None
            )
            if number and number not in devices:
                devices[number] = (pid, f"GB-NCA-EXH-{len(devices) + 1:04d}", seized)
        contacts: dict[tuple[str, str], list[Any]] = {}
        with self.spool_path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if n % 50_000 == 0:
                    self.flush()
                when_text, a, b, seconds, caller, callee = line.rstrip("\n").split("\t")
                when = datetime.fromisoformat(when_text)
                for mine, other, other_pid in ((a, b, callee), (b, a, caller)):
                    device = devices.get(mine)
                    if device is None or when.date() > device[2]:
                        continue
                    self._call_row(device[1], when, a, b, int(seconds))
                    if other_pid not in world.smugglers:
                        continue
                    entry = contacts.setdefault((mine, other), [other_pid, when, when, 0])
                    entry[2] = when
                    entry[3] += 1
        self._spool_dir.cleanup()
        for (mine, other), (other_pid, first, last, count) in contacts.items():
            owner_pid, exhibit, seized = devices[mine]
            self._contact_row(exhibit, seized, owner_pid, mine, other_pid, other, first, last, count)

    def _call_row(self, exhibit: str, when: datetime, a: str, b: str, seconds: int) -> None:
        c = self.CALLS
        row = {c["exhibit"]: exhibit, c["when"]: when.isoformat(), c["a"]: a, c["b"]: b, c["seconds"]: seconds}
        self.emit("calls", when, row, [])

    def _contact_row(
        self,
        exhibit: str,
        seized: date,
        owner_pid: str,
        number: str,
        other_pid: str,
        other: str,
        first: datetime,
        last: datetime,
        count: int,
    ) -> None:
        p = self.PHONES
        world = self.ctx.world
        owner = world.smugglers[owner_pid]
        contact = world.smugglers[other_pid]
        label, noise = contact_label(self.rng, contact)
        row = {
            p["exhibit"]: exhibit,
            p["date"]: format_date(seized + timedelta(days=14), EN.date_format),
            p["owner_name"]: en_name(self.rng, owner),
            p["owner_number"]: number,
            p["imei"]: imei(random.Random(f"{self.ctx.seed}:{exhibit}")),
            p["name"]: label,
            p["number"]: other,
            p["first"]: first.date().isoformat(),
            p["last"]: last.date().isoformat(),
            p["calls"]: count,
            p["app"]: self.rng.choice(("WhatsApp", "WhatsApp", "Signal", "Telegram", "Phone")),
        }
        self.emit(
            "phones", first, row, [(p["id"], "", contact.id, noise), (p["owner"], f"{exhibit}-OWNER", owner.id, [])]
        )
