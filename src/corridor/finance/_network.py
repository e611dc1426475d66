"""Who belongs to which organisation, who holds which wallet, and whom each organisation moved.

The money analyses need three facts the statements hold apart from payments:
memberships (``Membership.member`` → ``organization``), wallet holders
(``CryptoWallet.holder``) and the persons each organisation moved — the non-members
involved in an Event or Trip together with one of its members (members of any
organisation are never counted as moved: an arrested driver is not a customer). Finance reads them itself
(it never asks ``geo``): the two are siblings and must not depend on each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from corridor.store import View


@dataclass(slots=True)
class Network:
    """Organisations, their members, wallets and the persons they moved (canonical ids)."""

    members: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    wallets: dict[str, dict[str, str]] = field(default_factory=dict)
    moved: dict[str, set[str]] = field(default_factory=dict)
    event_countries: dict[str, set[str]] = field(default_factory=dict)
    seen_with: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """For each moved person, ``(date, organisation)`` of every event shared with a member."""

    def organisation_near(self, person: str, day: str, *, days: int = 30) -> str | None:
        """The organisation the person was last seen with up to ``days`` before ``day`` (or just after).

        Migrants pay a stage's organisation when the stage ends (the guarantee system), so a
        payment follows the events of the stage it pays for; this attributes a payment to
        a hawala banker or a money person who is on no register to the right network.
        """
        best: tuple[int, str] | None = None
        if not day:
            return None
        for seen, org in self.seen_with.get(person, ()):
            gap = _days_between(seen, day)
            if gap is None or gap < -7 or gap > days:
                continue
            score = gap if gap >= 0 else days - gap
            if best is None or (score, org) < best:
                best = (score, org)
        return best[1] if best else None

    def organisations_of(self, party: str) -> set[str]:
        """The organisations ``party`` is a member of (or is)."""
        found = {org for org, people in self.members.items() if party in people}
        if party in self.members:
            found.add(party)
        return found


def read_network(view: View) -> Network:
    """Memberships, organisation names, wallets and moved persons, from visible statements."""
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stmt in view.facts(
        schemata=["Membership", "Employment"], props=["member", "organization", "employee", "employer"]
    ):
        links[stmt.entity_id][stmt.prop].append(stmt.value)
    org_names: dict[str, str] = {}
    for stmt in view.facts(schemata=["Organization"], props=["name"], ordered=True):
        org_names.setdefault(stmt.entity_id, stmt.value)
    wallets_raw: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stmt in view.facts(
        schemata=["CryptoWallet"], props=["holder", "publicKey", "currencySymbol", "cryptoAddress"]
    ):
        wallets_raw[stmt.entity_id][stmt.prop].append(stmt.value)
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stmt in view.facts(
        schemata=["Event", "Trip"], props=["involved", "organizer", "country", "date", "startDate"]
    ):
        events[stmt.entity_id][stmt.prop].append(stmt.value)
    ids = {v for link in links.values() for vs in link.values() for v in vs} | set(org_names)
    ids |= {h for w in wallets_raw.values() for h in w.get("holder", [])}
    ids |= {v for e in events.values() for k in ("involved", "organizer") for v in e.get(k, [])}
    mapping = view.canonical_ids(ids)
    net = Network()
    members: dict[str, set[str]] = defaultdict(set)
    for link in links.values():
        for org in link.get("organization", []) + link.get("employer", []):
            for member in link.get("member", []) + link.get("employee", []):
                members[mapping[org]].add(mapping[member])
    net.members = dict(members)
    for entity_id, name in sorted(org_names.items()):
        net.names.setdefault(mapping[entity_id], name)
    for org in net.members:
        net.names.setdefault(org, org)
    for wallet_id, props in sorted(wallets_raw.items()):
        holder = next(iter(sorted(mapping[h] for h in props.get("holder", []))), "")
        address = next(iter(props.get("publicKey", []) + props.get("cryptoAddress", [])), wallet_id)
        net.wallets[wallet_id] = {
            "holder": holder,
            "address": address,
            "currency": next(iter(props.get("currencySymbol", [])), ""),
        }
    org_of: dict[str, set[str]] = defaultdict(set)
    for org, people in net.members.items():
        org_of[org].add(org)
        for person in people:
            org_of[person].add(org)
    everyone = {m for people in net.members.values() for m in people} | set(net.members)
    moved: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    seen_with: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for props in events.values():
        day = min((d[:10] for d in props.get("date", []) + props.get("startDate", [])), default="")
        involved = {mapping[p] for p in props.get("involved", [])}
        organisers = {mapping[p] for p in props.get("organizer", [])}
        orgs = {o for p in involved | organisers for o in org_of.get(p, ())}
        for org in orgs:
            customers = [p for p in involved if p not in everyone]
            moved[org].update(customers)
            if day:
                for person in customers:
                    seen_with[person].append((day, org))
            countries[org].update(c.lower() for c in props.get("country", []))
    net.moved = dict(moved)
    net.event_countries = dict(countries)
    net.seen_with = {p: sorted(v) for p, v in seen_with.items()}
    return net


def _days_between(a: str, b: str) -> int | None:
    try:
        return (date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days
    except ValueError:
        return None
