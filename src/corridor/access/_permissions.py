"""Which roles may do what: one table, and the ``can_…`` / ``ensure_…`` pair that reads it."""

from __future__ import annotations

from corridor.core import AccessDenied
from corridor.model import Principal

PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset({"analyst", "supervisor", "sharing_officer", "admin", "auditor"}),
    "ingest": frozenset({"analyst", "supervisor", "admin"}),
    "judge": frozenset({"analyst", "supervisor", "admin"}),
    "resolve": frozenset({"analyst", "supervisor", "admin"}),
    "export": frozenset({"analyst", "supervisor", "sharing_officer", "admin"}),
    "share": frozenset({"sharing_officer", "admin"}),
    "regrade": frozenset({"supervisor", "admin"}),
    "audit": frozenset({"auditor", "admin"}),
    "administer": frozenset({"admin"}),
}
"""Action -> roles allowed to perform it."""


def can(principal: Principal, action: str) -> bool:
    """Whether ``principal`` holds a role that may perform ``action``."""
    return bool(principal.roles & PERMISSIONS.get(action, frozenset()))


def ensure(principal: Principal, action: str) -> None:
    """Raise ``AccessDenied`` unless ``principal`` may perform ``action``."""
    if not can(principal, action):
        allowed = ", ".join(sorted(PERMISSIONS.get(action, frozenset()))) or "nobody"
        raise AccessDenied(f"{principal.key} may not {action} (needs one of: {allowed})")
