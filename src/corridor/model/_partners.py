"""Agencies, users, operations and agreements: who may act, and who shares with whom.

These are plain values; ``corridor.access`` reads them from ``partners.yml`` and the store
keeps them. Agreements are directional: ``provider`` shares with ``recipient``, and the
reverse needs an agreement of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROLES: dict[str, str] = {
    "analyst": "loads, searches and analyses data",
    "supervisor": "approves judgements, operations and re-gradings",
    "sharing_officer": "builds and imports bundles, answers consent requests",
    "auditor": "reads the audit log",
    "admin": "manages the node, its partners and users",
}


@dataclass(frozen=True, slots=True)
class Agency:
    """A partner agency, e.g. ``RS-MUP``, with its country and point of contact."""

    code: str
    name: str
    country: str
    contact: str = ""
    public_key: str | None = None


@dataclass(frozen=True, slots=True)
class User:
    """A person who logs in to a node, belonging to one agency."""

    agency: str
    username: str
    roles: frozenset[str]
    password_hash: str | None = None
    display_name: str = ""

    @property
    def key(self) -> str:
        """The ``AGENCY/user`` form used by ``--as`` and in the audit log."""
        return f"{self.agency}/{self.username}"


@dataclass(frozen=True, slots=True)
class Operation:
    """A compartment: only its member agencies (and, if listed, only those users) see it."""

    code: str
    lead: str
    agencies: frozenset[str]
    users: frozenset[str] = field(default_factory=frozenset)
    name: str = ""

    def admits(self, agency: str, user: str | None) -> bool:
        """Whether a principal of ``agency`` (and ``user``) is inside the compartment."""
        if agency not in self.agencies:
            return False
        if not self.users:
            return True
        return user is not None and f"{agency}/{user}" in self.users


@dataclass(frozen=True, slots=True)
class Agreement:
    """``provider`` may release intelligence to ``recipient`` (one direction only)."""

    id: str
    provider: str
    recipient: str
    handling: frozenset[str] = frozenset({"P", "C"})
    valid_from: date | None = None
    valid_until: date | None = None
    purpose: str = ""

    def in_force(self, day: date) -> bool:
        """Whether the agreement covers ``day``."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True, slots=True)
class Principal:
    """Whoever is reading: an agency, optionally a user, with roles and compartments."""

    agency: str
    user: str | None = None
    roles: frozenset[str] = frozenset({"admin"})
    compartments: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        """``AGENCY/user``, or ``AGENCY`` for the node's local admin."""
        return f"{self.agency}/{self.user}" if self.user else self.agency

    def has_role(self, *roles: str) -> bool:
        """Whether the principal holds any of ``roles``."""
        return bool(self.roles & set(roles))
