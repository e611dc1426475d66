"""The one door, proved against an independent reference rule with random worlds.

Random agencies, agreements, markings, statements and principals; every read path
(statement stream, entity, entity stream, count) must return exactly what the reference
rule below allows: nothing more, nothing less.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from corridor.access import Node
from corridor.core import NotFound
from corridor.model import Agency, Agreement, Handling, Intelligence, Marking, Principal, SourceEvaluation, Statement
from corridor.store import tables

CODES = ["GB-NCA", "RS-MUP", "MK-MVR", "XK-KP", "AL-ASP"]
COMPARTMENTS = ["OP-A", "OP-B"]
TODAY = date(2026, 6, 1)


def reference_visible(
    principal: Principal, origin: str, marking: Marking, withdrawn: bool, agreements: list[Agreement]
) -> bool:
    """The release rule written out plainly from DESIGN.md, one statement at a time."""
    if withdrawn:
        return False
    if marking.compartment is not None and marking.compartment not in principal.compartments:
        return False
    if principal.agency == origin:
        return True

    def shares(provider: str, recipient: str) -> bool:
        for a in agreements:
            starts_ok = a.valid_from is None or a.valid_from <= TODAY
            ends_ok = a.valid_until is None or a.valid_until >= TODAY
            if (
                a.provider == provider
                and a.recipient == recipient
                and marking.handling in a.handling
                and starts_ok
                and ends_ok
            ):
                return True
        return False

    direct = []
    for code in CODES:
        if code == origin or not shares(origin, code):
            continue
        if marking.releasable_to:
            if code in marking.releasable_to:
                direct.append(code)
        elif marking.handling == "P":
            direct.append(code)
    if principal.agency in direct:
        return True
    for recipient in direct:
        if shares(recipient, principal.agency):
            if not marking.onward_consent:
                return True
            if principal.agency in marking.consented_to:
                return True
    return False


agencies_subset = st.frozensets(st.sampled_from(CODES), max_size=3)


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    handlings: tuple[Handling, ...] = ("P", "C")
    sources: tuple[SourceEvaluation, ...] = (1, 2, 3)
    intels: tuple[Intelligence, ...] = ("A", "B", "C", "D", "E")
    handling = draw(st.sampled_from(handlings))
    return Marking(
        source=draw(st.sampled_from(sources)),
        intelligence=draw(st.sampled_from(intels)),
        handling=handling,
        conditions="conditions apply" if handling == "C" else "",
        releasable_to=draw(agencies_subset),
        onward_consent=draw(st.booleans()),
        consented_to=draw(agencies_subset),
        compartment=draw(st.one_of(st.none(), st.sampled_from(COMPARTMENTS))),
    )


@st.composite
def agreements(draw: st.DrawFn) -> list[Agreement]:
    pairs = draw(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(CODES)), max_size=12, unique=True))
    out = []
    for i, (provider, recipient) in enumerate(pairs):
        if provider == recipient:
            continue
        handling = draw(st.sampled_from([frozenset({"P"}), frozenset({"C"}), frozenset({"P", "C"})]))
        expired = draw(st.integers(0, 5)) == 0
        out.append(
            Agreement(
                f"ag{i}",
                provider,
                recipient,
                handling,
                valid_from=TODAY - timedelta(days=400),
                valid_until=TODAY - timedelta(days=1) if expired else None,
            )
        )
    return out


@dataclass(frozen=True)
class World:
    agreements: list[Agreement]
    statements: list[Statement]
    principals: list[Principal]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    stmts = []
    for i in range(draw(st.integers(1, 25))):
        origin = draw(st.sampled_from(CODES))
        entity = f"e{draw(st.integers(0, 6))}"
        stmts.append(
            Statement(
                entity_id=entity,
                schema="Person",
                prop="name",
                value=f"name {i}",
                source="src",
                origin=origin,
                marking=draw(markings()),
                first_seen="2026-01-01T00:00:00Z",
                last_seen="2026-01-01T00:00:00Z",
                withdrawn=draw(st.integers(0, 9)) == 0,
            )
        )
    principals = [
        Principal(
            agency=code,
            user=None,
            roles=frozenset({"analyst"}),
            compartments=draw(st.frozensets(st.sampled_from(COMPARTMENTS))),
        )
        for code in CODES
    ]
    return World(draw(agreements()), stmts, principals)


def _load(node: Node, world: World) -> None:
    with node.store.transaction() as conn:
        conn.execute(delete(tables.statements))
        node.store.replace_partners(
            conn, agencies=[Agency(c, c, c[:2]) for c in CODES], users=[], operations=[], agreements=world.agreements
        )
        node.store.write_statements(conn, world.statements)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_every_read_path_matches_the_reference(node: Node, world: World) -> None:
    _load(node, world)
    for principal in world.principals:
        expected = {
            s.id
            for s in world.statements
            if reference_visible(principal, s.origin, s.marking, s.withdrawn, world.agreements)
        }
        view = node.store.view(principal, day=TODAY)
        got = {s.id for s in view.statements()}
        assert got == expected, principal
        assert view.count() == len(expected)
        expected_entities = {s.entity_id for s in world.statements if s.id in expected}
        assert {e.id for e in view.entities()} == expected_entities
        for entity_id in {s.entity_id for s in world.statements}:
            names = {s.value for s in world.statements if s.entity_id == entity_id and s.id in expected}
            if names:
                assert set(view.entity(entity_id).get("name")) == names
            else:
                try:
                    view.entity(entity_id)
                except NotFound:
                    pass
                else:
                    raise AssertionError(f"{principal.agency} saw hidden entity {entity_id}")


def test_rs_data_never_reaches_xk_through_gb(node: Node) -> None:
    """RS-MUP shares with GB, GB shares with XK; RS data must still never reach XK."""
    agreements = [
        Agreement("rs-gb", "RS-MUP", "GB-NCA"),
        Agreement("gb-xk", "GB-NCA", "XK-KP"),
        Agreement("xk-gb", "XK-KP", "GB-NCA"),
    ]
    marking = Marking(source=2, intelligence="B", handling="P")
    stmt = Statement(
        "rs-mup.p1", "Person", "name", "Марко", "rs", "RS-MUP", marking, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
    )
    world = World(agreements, [stmt], [])
    _load(node, world)
    gb = node.store.principal("GB-NCA")
    xk = node.store.principal("XK-KP")
    assert node.store.view(gb).count() == 1
    assert node.store.view(xk).count() == 0
    # Only the originator's consent, written in its marking, opens the onward path.
    with node.store.transaction() as conn:
        node.store.remark(
            conn, [stmt.id], Marking(source=2, intelligence="B", handling="P", consented_to=frozenset({"XK-KP"}))
        )
    assert node.store.view(xk).count() == 1
