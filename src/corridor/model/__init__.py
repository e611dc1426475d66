"""Model: FtM entities as statements, markings, partners and the release rule."""

from corridor.model._europol import EuropolGrading, from_europol, to_europol
from corridor.model._markings import (
    HANDLING_CODES,
    INTELLIGENCE_ASSESSMENTS,
    SOURCE_EVALUATIONS,
    Handling,
    Intelligence,
    Marking,
    SourceEvaluation,
    format_marking,
    parse_marking,
)
from corridor.model._partners import ROLES, Agency, Agreement, Operation, Principal, User
from corridor.model._policy import ReleasePolicy
from corridor.model._selectors import (
    SELECTOR_KINDS,
    Selector,
    normalise_selector,
    selector_kind_for_property,
    try_selector,
)
from corridor.model._statements import (
    BASE_PROP,
    Fact,
    Statement,
    assemble,
    entity_statements,
    statement_id,
    utc_now,
)

__all__ = [
    "BASE_PROP",
    "HANDLING_CODES",
    "INTELLIGENCE_ASSESSMENTS",
    "ROLES",
    "SELECTOR_KINDS",
    "SOURCE_EVALUATIONS",
    "Agency",
    "Agreement",
    "EuropolGrading",
    "Fact",
    "Handling",
    "Intelligence",
    "Marking",
    "Operation",
    "Principal",
    "ReleasePolicy",
    "Selector",
    "SourceEvaluation",
    "Statement",
    "User",
    "assemble",
    "entity_statements",
    "format_marking",
    "from_europol",
    "normalise_selector",
    "parse_marking",
    "selector_kind_for_property",
    "statement_id",
    "to_europol",
    "try_selector",
    "utc_now",
]
