"""Money: migrants pay each organisation for the hops it completed; money people pass it on.

Payments follow the "guarantee" system: a stage is paid when it ends, for the hops the
group completed in it, so an interception costs the migrant time, not money. Money
collectors and hawala bankers forward most of what they collect to the leader monthly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from corridor.scenario._calibration import PAYMENT_METHODS
from corridor.scenario._identifiers import bitcoin_address, iban, tron_address
from corridor.scenario._model import Batch, Group, Leg, Organisation, Payment
from corridor.scenario._people import weighted
from corridor.scenario._simbase import SimBase


class MoneyMixin(SimBase):
    """Payments and monthly transfers."""

    def _pay(self, batch: Batch, group: Group, org: Organisation, completed: list[Leg], now: datetime) -> None:
        """Each migrant pays the organisation for the hops it completed in this stage."""
        if not completed:
            return
        rng = self.rng
        amount = sum(leg.price_eur for leg in completed)
        day = now.date()
        people = self.world.smugglers
        for migrant in group.migrants:
            method = weighted(rng, list(PAYMENT_METHODS.items()))
            payee = self._payee(org, method, day)
            if payee is None:
                continue
            payment = Payment(
                id=self.next_id("PAY", 8),
                group=group.id,
                org=org.id,
                payer=migrant.id,
                payee=payee,
                amount_eur=amount,
                method=method,
                day=day - timedelta(days=rng.randint(0, 2)),
                legs=[leg.id for leg in completed],
            )
            receiver = people[payee]
            if method == "bank":
                if not migrant.iban:
                    migrant.iban = iban(rng, rng.choice(("tr", "tr", "de", "at", "gb")))
                payment.payer_account = migrant.iban
                payment.payee_account = receiver.iban or iban(rng, "rs")
            elif method == "crypto":
                if not migrant.wallet:
                    migrant.wallet = tron_address(rng) if rng.random() < 0.8 else bitcoin_address(rng)
                payment.payer_account = migrant.wallet
                payment.payee_account = receiver.wallet or tron_address(rng)
            elif method == "hawala":
                payment.reference = f"{rng.choice('ABCDEFGHKMNPRSTZ')}{rng.randint(100, 999)}-{rng.randint(10, 99)}"
            batch.payments.append(payment)
            key = (org.id, payee)
            self.collected[key] = self.collected.get(key, 0) + amount

    def _payee(self, org: Organisation, method: str, day: date) -> str | None:
        people = self.world.smugglers
        order = {
            "hawala": ("hawala_banker", "money_collector"),
            "cash": ("money_collector", "recruiter", "coordinator"),
            "bank": ("money_collector", "leader"),
            "crypto": ("leader", "money_collector"),
            "money_transfer": ("money_collector", "coordinator"),
        }[method]
        for role in order:
            pool = [p for p in org.roles.get(role, []) if people[p].active_on(day)]
            if method == "crypto":
                pool = [p for p in pool if people[p].wallet]
            if method == "bank":
                pool = [p for p in pool if people[p].iban]
            if pool:
                return self.rng.choice(pool)
        return org.leader

    def _transfers(self, batch: Batch, year: int, mon: int) -> None:
        """Money people forward what they collected to the leader once a month."""
        rng = self.rng
        people = self.world.smugglers
        day = date(year, mon, 28)
        for (oid, payee), total in sorted(self.collected.items()):
            org = self.world.org(oid)
            if payee == org.leader or total <= 0:
                continue
            receiver = people[org.leader]
            sender = people[payee]
            method = weighted(rng, (("bank", 0.35), ("crypto", 0.3), ("hawala", 0.2), ("cash", 0.15)))
            payment = Payment(
                id=self.next_id("PAY", 8),
                group=None,
                org=oid,
                payer=payee,
                payee=org.leader,
                amount_eur=int(total * rng.uniform(0.55, 0.8)) // 10 * 10,
                method=method,
                day=day + timedelta(days=rng.randint(0, 20)),
                legs=[],
            )
            if method == "bank" and sender.iban and receiver.iban:
                payment.payer_account, payment.payee_account = sender.iban, receiver.iban
            elif method == "crypto" and sender.wallet and receiver.wallet:
                payment.payer_account, payment.payee_account = sender.wallet, receiver.wallet
            elif method in ("bank", "crypto"):
                payment.method = "cash"
            batch.payments.append(payment)
        self.collected.clear()
