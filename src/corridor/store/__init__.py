"""Store: statements, markings, partners, judgements and the audit table, on SQL."""

from corridor.store import _schema as tables
from corridor.store._batches import BatchSnapshot, Load, settled, snapshot
from corridor.store._dialect import lock_audit_chain
from corridor.store._engine import POOL_CONNECTIONS
from corridor.store._judgements import (
    KINDS,
    VERDICTS,
    Judgement,
    add_judgement,
    add_judgements,
    effective_verdicts,
    read_judgements,
    rebuild_canonical,
)
from corridor.store._migrate import current_revision, head_revision
from corridor.store._store import StatementRow, Store, statement_rows
from corridor.store._view import View

__all__ = [
    "KINDS",
    "POOL_CONNECTIONS",
    "VERDICTS",
    "BatchSnapshot",
    "Judgement",
    "Load",
    "StatementRow",
    "Store",
    "View",
    "add_judgement",
    "add_judgements",
    "current_revision",
    "effective_verdicts",
    "head_revision",
    "lock_audit_chain",
    "read_judgements",
    "rebuild_canonical",
    "settled",
    "snapshot",
    "statement_rows",
    "tables",
]
