"""The probabilistic model: Fellegi-Sunter comparisons over precomputed features, for Splink.

Every comparison reads columns that ``_records`` computed once per record (folded ASCII
name keys, phonetic tokens, date parts), so the SQL Splink runs per pair is list
overlaps, equalities and one Jaro-Winkler, never a transliteration.

The m and u probabilities are set here, not trained on each run: a resolver whose merges
change when unrelated data arrives would move canonical ids and make tests flaky. They
were chosen from what the fields mean (u: how often two different people agree by chance;
m: how often one person's records agree despite the clerks' habits), before any truth was
looked at; ``train`` re-estimates them with Splink when a deployment has enough data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Level:
    """One comparison level: its SQL condition, label and m/u probabilities."""

    label: str
    sql: str
    m: float
    u: float
    null: bool = False


def _jw(left: str, right: str) -> str:
    return f"jaro_winkler_similarity({left}, {right})"


_OVERLAP = "len(list_intersect(phon_l, phon_r))"

_ADDRESSES = (
    "list_transform(list_filter(weak_{side}, lambda a: starts_with(a, 'address:') AND length(a) >= 20),"
    " lambda a: substr(a, 9))"
)
"""A record's rare addresses (held under at most ``RARE`` names), without their ``address:`` tag."""

_NOT_JAN1 = "NOT (dob_m_l = 1 AND dob_d_l = 1)"
"""1 January is what clerks write when only the year is known: two of them agree on the year only."""

COMPARISONS: dict[str, tuple[Level, ...]] = {
    "name": (
        Level("no name", "names_l IS NULL OR names_r IS NULL", 0, 0, null=True),
        Level(
            "same rare name (any script, any order)",
            "list_has_any(names_l, names_r) AND greatest(name_n_l, name_n_r) <= 3",
            0.01,
            0.0000025,
        ),
        Level("same name (any script, any order)", "list_has_any(names_l, names_r)", 0.5, 0.00025),
        Level("same phonetic name", "list_has_any(pkeys_l, pkeys_r)", 0.28, 0.00027),
        Level(
            "spelling variant",
            f"{_jw('name1_l', 'name1_r')} >= 0.92 OR ({_OVERLAP} >= 2 AND {_OVERLAP} >= least(len(phon_l), len(phon_r)))",
            0.12,
            0.0011,
        ),
        Level("two name parts sound alike", f"{_OVERLAP} >= 2 OR {_jw('name1_l', 'name1_r')} >= 0.85", 0.045, 0.008),
        Level("one name part sounds alike", f"{_OVERLAP} >= 1 OR {_jw('name1_l', 'name1_r')} >= 0.75", 0.025, 0.042),
        Level("different names", "TRUE", 0.002, 0.948),
    ),
    "dob": (
        Level("no date of birth", "dob_y_l IS NULL OR dob_y_r IS NULL", 0, 0, null=True),
        Level(
            "same date of birth",
            f"dob_y_l = dob_y_r AND dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND {_NOT_JAN1}",
            0.72,
            0.00015,
        ),
        Level("day and month swapped", "dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r", 0.03, 0.00002),
        Level(
            "same year, partial date",
            "dob_y_l = dob_y_r AND (dob_d_l IS NULL OR dob_d_r IS NULL)"
            " AND (dob_m_l IS NULL OR dob_m_r IS NULL OR dob_m_l = dob_m_r)",
            0.08,
            0.002,
        ),
        Level(
            "same year, 1 January placeholder",
            "dob_y_l = dob_y_r AND ((dob_m_l = 1 AND dob_d_l = 1) OR (dob_m_r = 1 AND dob_d_r = 1))",
            0.1,
            0.003,
        ),
        Level(
            "year off by one, day and month agree",
            f"abs(dob_y_l - dob_y_r) = 1 AND dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND {_NOT_JAN1}",
            0.05,
            0.00012,
        ),
        Level(
            "one part of the date differs",
            "dob_y_l = dob_y_r AND (dob_m_l = dob_m_r OR dob_d_l = dob_d_r)",
            0.03,
            0.002,
        ),
        Level(
            "year off, day and month agree",
            f"abs(dob_y_l - dob_y_r) <= 10 AND dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND {_NOT_JAN1}",
            0.01,
            0.0025,
        ),
        Level("different dates of birth", "TRUE", 0.01, 0.99),
    ),
    "nationality": (
        Level("no nationality", "nat_l IS NULL OR nat_r IS NULL", 0, 0, null=True),
        Level("shared nationality", "list_has_any(nat_l, nat_r)", 0.95, 0.18),
        Level("different nationality", "TRUE", 0.05, 0.82),
    ),
    "gender": (
        Level("no gender", "gender_l IS NULL OR gender_r IS NULL", 0, 0, null=True),
        Level("same gender", "gender_l = gender_r", 0.98, 0.7),
        Level("different gender", "TRUE", 0.02, 0.3),
    ),
    "father": (
        Level("no father's name", "father_l IS NULL OR father_r IS NULL", 0, 0, null=True),
        Level("same father's name", "father_l = father_r", 0.9, 0.02),
        Level("different father's name", "TRUE", 0.1, 0.98),
    ),
    "shared_selector": (
        Level(
            "no selectors",
            "(weak_l IS NULL AND wide_l IS NULL) OR (weak_r IS NULL AND wide_r IS NULL)",
            0,
            0,
            null=True,
        ),
        Level("shares a rare phone, e-mail, address or plate", "list_has_any(weak_l, weak_r)", 0.25, 0.00002),
        # An address copied with a slip (``curlewiscrescent``, ``c ircuit``): a phone or a
        # plate one character off is another one, an address is not.
        Level(
            "a rare address written with a typing error",
            f"list_bool_or(list_transform({_ADDRESSES.format(side='l')}, lambda x: list_bool_or(list_transform("
            f"{_ADDRESSES.format(side='r')}, lambda y: damerau_levenshtein(x, y) <= 2))))",
            0.1,
            0.00005,
        ),
        Level("shares a selector many records use", "list_has_any(wide_l, wide_r)", 0.05, 0.001),
        Level("no shared selector", "TRUE", 0.7, 0.99898),
    ),
    "strong_selector": (
        Level("no identifiers", "strong_l IS NULL OR strong_r IS NULL", 0, 0, null=True),
        Level("same passport, ID, account, IMEI, wallet or VIN", "list_has_any(strong_l, strong_r)", 0.4, 0.0000001),
        Level(
            "identifier differs by one character or two swapped (a typing error)",
            "list_bool_or(list_transform(strong_l, lambda x: list_bool_or(list_transform(strong_r,"
            " lambda y: damerau_levenshtein(x, y) <= 1))))",
            0.1,
            0.00001,
        ),
        # People hold several passports and accounts: different ones are no evidence either way.
        Level("different identifiers", "TRUE", 0.6, 0.61),
    ),
}
"""Comparisons, strongest level first; each list ends with its catch-all level."""

PRIOR = 1e-5
"""Probability that two records picked at random are one person, when the size is unknown."""


def prior_for(records: int) -> float:
    """The prior for a store of ``records``: about one true pair per four records.

    The chance that two records drawn from N are one person falls as 1/N when each person
    is written down a few times; the constant is kept low on purpose, since a false merge
    costs more than a missed one.
    """
    return min(1e-4, max(1e-8, 1.0 / max(records, 1)))


def settings(prior: float = PRIOR) -> dict[str, Any]:
    """The Splink settings dictionary for deduplicating the feature table."""
    comparisons = []
    for name, levels in COMPARISONS.items():
        spec_levels: list[dict[str, Any]] = []
        for level in levels:
            spec: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
            if level.null:
                spec["is_null_level"] = True
            else:
                spec["m_probability"] = level.m
                spec["u_probability"] = level.u
            spec_levels.append(spec)
        comparisons.append({"output_column_name": name, "comparison_levels": spec_levels})
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
    }


def level_label(comparison: str, weight: float) -> str:
    """The label of the comparison level that gave ``weight`` (Splink reports weights, not levels).

    Every level of a comparison has its own m/u ratio, so the weight names the level; a
    weight of exactly zero is the null level (nothing to compare).
    """
    levels = COMPARISONS[comparison]
    if weight == 0.0:
        return levels[0].label
    best = min(
        (lv for lv in levels if not lv.null),
        key=lambda lv: abs(math.log2(lv.m / lv.u) - weight),
    )
    return best.label
