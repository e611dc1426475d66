"""Small helpers a report's tables share: a fact's row, the script a name is written in.

Every fact a report shows is one statement, and its row says where it came from (agency
and source file), how it is graded (3×5×2) and how it may be handled, so that a reader
can weigh each line on its own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from followthemoney import model

from corridor.model import INTELLIGENCE_ASSESSMENTS, SOURCE_EVALUATIONS, Statement

NAME_PROPS = ("name", "alias", "weakAlias", "previousName", "firstName", "lastName", "middleName", "fatherName")


def script_of(text: str) -> str:
    """The main script of a text (``Latin``, ``Cyrillic``, ``Arabic``…) from its letters' Unicode names."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            counts[name.split(" ")[0].title() if name else "Unknown"] += 1
    if not counts:
        return "—"
    return counts.most_common(1)[0][0]


def prop_label(schema: str, prop: str) -> str:
    """The FtM label of a property (``birthDate`` -> ``Birth date``), or its name."""
    found = model.get(schema)
    if found is not None and prop in found.properties:
        return str(found.properties[prop].label)
    return prop


def fact_row(stmt: Statement, *, label: str | None = None) -> dict[str, Any]:
    """One statement as a report row: value, origin, grading, handling and caveats."""
    m = stmt.marking
    return {
        "record": stmt.entity_id,
        "schema": stmt.schema,
        "prop": stmt.prop,
        "label": label or prop_label(stmt.schema, stmt.prop),
        "value": stmt.value,
        "original_value": stmt.original_value,
        "script": script_of(stmt.value),
        "agency": stmt.origin,
        "source": stmt.source,
        "grade": f"{m.intelligence}{m.source}",
        "grade_text": f"{SOURCE_EVALUATIONS[m.source]}; {INTELLIGENCE_ASSESSMENTS[m.intelligence]}",
        "handling": m.handling,
        "conditions": m.conditions,
        "compartment": m.compartment,
        "first_seen": stmt.first_seen[:10],
        "last_seen": stmt.last_seen[:10],
    }


def best_grade(stmts: list[Statement]) -> str:
    """The best grade among statements (``A1`` beats ``C3``), ``—`` when there are none."""
    if not stmts:
        return "—"
    m = min((s.marking for s in stmts), key=lambda m: (m.intelligence, m.source))
    return f"{m.intelligence}{m.source}"


def handling_of(stmts: list[Statement]) -> str:
    """``C`` if any statement is handled under conditions, else ``P``."""
    return "C" if any(s.marking.handling == "C" for s in stmts) else "P"


def grouped_facts(stmts: list[Statement]) -> list[dict[str, Any]]:
    """One row per property value, listing every statement (source, grade, handling) that says it.

    Rows come in the order of the first statement for each value; each keeps ``sources``,
    the full fact rows, so no statement is dropped by grouping.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for stmt in stmts:
        key = (stmt.prop, stmt.value)
        fact = fact_row(stmt)
        if key not in rows:
            rows[key] = {
                "prop": stmt.prop,
                "label": fact["label"],
                "value": stmt.value,
                "script": fact["script"],
                "original_values": [],
                "sources": [],
            }
        row = rows[key]
        row["sources"].append(fact)
        if (
            stmt.original_value
            and stmt.original_value != stmt.value
            and stmt.original_value not in row["original_values"]
        ):
            row["original_values"].append(stmt.original_value)
    return list(rows.values())
