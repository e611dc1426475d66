"""Resolve: which records are the same person, organisation, vehicle or vessel."""

from corridor.resolve._cluster import Clusters
from corridor.resolve._engine import Engine, Scored
from corridor.resolve._evaluate import evaluate, load_truth
from corridor.resolve._link import REVIEW, THRESHOLD, Decision, Linked, link
from corridor.resolve._matcher import Matcher
from corridor.resolve._model import COMPARISONS, PRIOR, Level, settings
from corridor.resolve._names import ascii_name, fold_token, name_tokens, phonetic, sound
from corridor.resolve._records import KINDS, STRONG, WEAK, Record, build_record, records_from_statements
from corridor.resolve._resolver import (
    ResolveReport,
    explain,
    judge,
    read_records,
    resolve,
    review_queue,
    visible_clusters,
)

__all__ = [
    "COMPARISONS",
    "KINDS",
    "PRIOR",
    "REVIEW",
    "STRONG",
    "THRESHOLD",
    "WEAK",
    "Clusters",
    "Decision",
    "Engine",
    "Level",
    "Linked",
    "Matcher",
    "Record",
    "ResolveReport",
    "Scored",
    "ascii_name",
    "build_record",
    "evaluate",
    "explain",
    "fold_token",
    "judge",
    "link",
    "load_truth",
    "name_tokens",
    "phonetic",
    "read_records",
    "records_from_statements",
    "resolve",
    "review_queue",
    "settings",
    "sound",
    "visible_clusters",
]
