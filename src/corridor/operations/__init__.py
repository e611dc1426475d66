"""Operations: joint operations from target selection to a measured effect (issue 13).

An operation lives on the lead's node inside a compartment; its targets come from the
network analysis, are deconflicted privately against the partners' live targets, are
tasked to the partner of the country where the action happens through signed bundles,
and the partners' outcomes come back as marked statements. The effect compares the
network before and after the action day.
"""

from corridor.operations._deconflict import ConflictRecord, acknowledge, approve, conflicts, deconflict
from corridor.operations._effect import effect
from corridor.operations._records import (
    STATUSES,
    Operation,
    advance,
    create_operation,
    get_operation,
    list_operations,
    local_times,
    timeline,
)
from corridor.operations._report import operation_html, write_report
from corridor.operations._targets import ACTIONS, SOURCES, Target, add_targets, assign, selectors_of, targets
from corridor.operations._tasking import RESULTS, Outcome, Tasking, outcomes, received_tasks, record_outcome, task

__all__ = [
    "ACTIONS",
    "RESULTS",
    "SOURCES",
    "STATUSES",
    "ConflictRecord",
    "Operation",
    "Outcome",
    "Target",
    "Tasking",
    "acknowledge",
    "add_targets",
    "advance",
    "approve",
    "assign",
    "conflicts",
    "create_operation",
    "deconflict",
    "effect",
    "get_operation",
    "list_operations",
    "local_times",
    "operation_html",
    "outcomes",
    "received_tasks",
    "record_outcome",
    "selectors_of",
    "targets",
    "task",
    "timeline",
    "write_report",
]
