"""Audit: the tamper-evident, append-only log of every processing operation."""

from corridor.audit._keys import AUDIT_KEY_FILE, ensure_audit_key, read_audit_key
from corridor.audit._log import ACTIONS, AuditEvent, AuditLog, Verification

__all__ = [
    "ACTIONS",
    "AUDIT_KEY_FILE",
    "AuditEvent",
    "AuditLog",
    "Verification",
    "ensure_audit_key",
    "read_audit_key",
]
