"""Hostile STIX bundles and MISP events: a clear error or a clean import, never a crash,
and a refused file leaves nothing behind.

Each example takes a valid partner file and damages it at random places (a value of the
wrong type, a huge string, deep nesting, a dangling or repeated reference, a key removed,
an object duplicated). The import must either finish (bad objects rejected and named in
the report) or raise ``InvalidInput`` naming the file; after a refusal the store shows
exactly what it showed before, and the audit chain verifies after every import.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import stix2  # type: ignore[import-untyped]
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pymisp import MISPEvent, MISPObject

from corridor.access import Node
from corridor.core import InvalidInput
from corridor.exchange import import_file
from corridor.model import parse_marking

CREATED = "2025-03-01T10:00:00.000Z"


def _stix_bundle() -> dict[str, Any]:
    ahmet = stix2.Identity(
        name="Ahmet Yılmaz", identity_class="individual", created=CREATED, modified=CREATED,
        object_marking_refs=[stix2.TLP_AMBER], labels=['admiralty-scale:source-reliability="b"'],
    )  # fmt: skip
    boss = stix2.Identity(name="Kemal", identity_class="individual", created=CREATED, modified=CREATED)
    mail = stix2.Indicator(
        name="mail", pattern="[email-addr:value = 'ahmet@example.net']", pattern_type="stix",
        valid_from=CREATED, created=CREATED, modified=CREATED,
    )  # fmt: skip
    place = stix2.Location(name="Edirne", country="TR", created=CREATED, modified=CREATED)
    objects = [
        ahmet,
        boss,
        mail,
        place,
        stix2.Relationship(mail, "related-to", ahmet, created=CREATED, modified=CREATED),
        stix2.Relationship(ahmet, "associate-of", boss, created=CREATED, modified=CREATED),
        stix2.Sighting(sighting_of_ref=ahmet.id, where_sighted_refs=[place.id], created=CREATED, modified=CREATED),
    ]
    return dict(json.loads(stix2.Bundle(*objects).serialize()))


def _misp_event() -> dict[str, Any]:
    event = MISPEvent()
    event.info = "partner event"
    event.add_tag("tlp:green")
    person = MISPObject("person", standalone=False)
    person.add_attribute("full-name", value="Ahmet Yılmaz")
    person.add_attribute("phone-number", value="+90 532 123 45 67")
    account = MISPObject("bank-account", standalone=False)
    account.add_attribute("iban", value="TR330006100519786457841326")
    account.add_reference(person.uuid, "ownerOf")
    event.add_object(person)
    event.add_object(account)
    event.add_attribute("text", "loose note")
    return dict(json.loads(event.to_json()))


BASES = {"stix": _stix_bundle(), "misp": _misp_event()}

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["x" * 200_000, "identity--00000000-0000-4000-8000-000000000000", "tlp:red", "PAP:RED", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*here, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*here, index))
    return found


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def damaged(draw: st.DrawFn, fmt: str) -> Any:
    """A valid partner file with one to four random injuries."""
    doc = copy.deepcopy(BASES[fmt])
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _at(doc, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "remove", "duplicate", "nest", "swap-ref"]))
        if action == "replace":
            parent[last] = draw(junk)
        elif action == "remove":
            del parent[last]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "nest":
            nested: Any = parent[last]
            for _ in range(draw(st.integers(1, 200))):
                nested = [nested]
            parent[last] = nested
        elif action == "swap-ref" and isinstance(parent[last], str) and "--" in parent[last]:
            parent[last] = parent[last].split("--")[0] + "--11111111-1111-4111-8111-111111111111"
    return doc


def _visible(node: Node) -> int:
    return sum(1 for _ in node.store.view(node.principal()).statements())


def _import(node: Node, path: Path, doc: Any, fmt: str) -> str:
    """Import and check; the outcome, for hypothesis' statistics."""
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = _visible(node)
    refused: InvalidInput | None = None
    try:
        report = import_file(node, node.principal(), path, fmt=fmt, agency="RS-MUP", marking=parse_marking("B2 P"))
    except InvalidInput as error:
        refused = error
    if refused is not None:
        outcome = "refused"
        assert refused.errors, "a refusal names what is wrong"
        assert refused.errors[0].file == str(path)
        assert _visible(node) == before, "a refused file leaves nothing behind"
    else:
        outcome = "imported, some rejected" if report.rejected else "imported"
        for error in report.errors:
            assert error.file == str(path)
        assert _visible(node) >= before
    assert node.audit.verify().intact
    return outcome


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(doc=damaged("stix"))
def test_damaged_stix_bundles_are_refused_or_imported_cleanly(node: Node, tmp_path: Path, doc: Any) -> None:
    event(_import(node, tmp_path / "bundle.json", doc, "stix"))


@FUZZ
@given(doc=damaged("misp"))
def test_damaged_misp_events_are_refused_or_imported_cleanly(node: Node, tmp_path: Path, doc: Any) -> None:
    event(_import(node, tmp_path / "event.json", doc, "misp"))


def test_the_undamaged_files_import(node: Node, tmp_path: Path) -> None:
    for fmt, doc in BASES.items():
        before = _visible(node)
        assert _import(node, tmp_path / f"{fmt}.json", doc, fmt) == "imported"
        assert _visible(node) > before
