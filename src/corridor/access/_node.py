"""A node as its commands see it: the store, the audit log, and who is acting.

Every read goes through ``Node.view``: it checks the principal's role, logs the
consultation with its purpose and objects, and hands back the store's one door for that
principal. The CLI and the API both stand on this class, so neither can forget a step.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from corridor.access._partners_file import PartnersFile, load_partners_file
from corridor.access._permissions import ensure
from corridor.audit import AuditLog, ensure_audit_key, read_audit_key
from corridor.core import FieldError, InvalidInput, Settings
from corridor.model import Principal
from corridor.store import Store, View


def parse_principal_text(text: str) -> tuple[str, str | None]:
    """Split ``AGENCY[/USER]`` into its parts, or raise ``InvalidInput``."""
    agency, _, user = text.strip().partition("/")
    if not agency:
        raise InvalidInput(
            "bad principal", errors=[FieldError("expected AGENCY or AGENCY/USER", field="--as", value=text)]
        )
    return agency.upper(), (user.strip() or None)


class Node:
    """One corridor node opened for work."""

    def __init__(self, settings: Settings, store: Store, audit: AuditLog):
        self.settings = settings
        self.store = store
        self.audit = audit

    @classmethod
    def open(cls, settings: Settings) -> Node:
        """Open an initialised node (``ConfigError`` if ``corridor init`` never ran)."""
        store = Store.open(settings.database_url)
        try:
            key = read_audit_key(settings.keys_path)
            store.reap_dead_loads()  # rows of a load whose writer was killed: never published
        except BaseException:
            store.close()
            raise
        return cls(settings, store, AuditLog(store, key))

    @classmethod
    def initialise(cls, settings: Settings, agency: str | None) -> Node:
        """Create or upgrade the store and the node's keys; logs the act."""
        store = Store.open(settings.database_url, create=True)
        store.init(agency)
        node = cls(settings, store, AuditLog(store, ensure_audit_key(settings.keys_path)))
        actor = store.node_agency or "local"
        node.audit.append(actor, "administration", {"init": True, "agency": store.node_agency})
        return node

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> Node:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def keys_path(self) -> Path:
        """Where this node keeps its secret keys."""
        return self.settings.keys_path

    def principal(self, text: str | None = None) -> Principal:
        """The principal named by ``--as`` (default: the node's own agency, local admin)."""
        if text is None:
            agency = self.store.node_agency
            if agency is None:
                raise InvalidInput("this node has no agency yet: run `corridor init --agency CODE` or pass --as")
            return self.store.principal(agency)
        agency, user = parse_principal_text(text)
        return self.store.principal(agency, user)

    def view(
        self,
        principal: Principal,
        *,
        purpose: str,
        objects: Mapping[str, Any] | None = None,
        justification: str = "",
    ) -> View:
        """The one door for ``principal``, after checking its role and logging the consultation."""
        ensure(principal, "read")
        self.audit.append(principal.key, "consultation", {"purpose": purpose, **(objects or {})}, justification)
        return self.store.view(principal)

    def load_partners(self, principal: Principal, path: Path) -> PartnersFile:
        """Replace agencies, users, operations and agreements from ``partners.yml``."""
        ensure(principal, "administer")
        parsed = load_partners_file(path)
        with self.store.transaction() as conn:
            self.store.replace_partners(
                conn,
                agencies=parsed.agencies,
                users=parsed.users,
                operations=parsed.operations,
                agreements=parsed.agreements,
            )
            self.audit.record(
                conn,
                principal.key,
                "administration",
                {
                    "partners_file": str(path),
                    "agencies": len(parsed.agencies),
                    "users": len(parsed.users),
                    "operations": len(parsed.operations),
                    "agreements": len(parsed.agreements),
                },
            )
        return parsed
