"""Markings: the text form, its errors, and the Europol mapping."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.core import InvalidInput
from corridor.model import (
    EuropolGrading,
    Handling,
    Intelligence,
    Marking,
    SourceEvaluation,
    format_marking,
    from_europol,
    parse_marking,
    to_europol,
)

SOURCES: tuple[SourceEvaluation, ...] = (1, 2, 3)
INTELS: tuple[Intelligence, ...] = ("A", "B", "C", "D", "E")
HANDLINGS: tuple[Handling, ...] = ("P", "C")


@pytest.mark.parametrize("text", ["B2 P", "2B P", "b2p", "2BP"])
def test_both_orders_of_the_grade(text: str) -> None:
    marking = parse_marking(text)
    assert (marking.source, marking.intelligence, marking.handling) == (2, "B", "P")


def test_full_marking() -> None:
    marking = parse_marking(
        "1A C conditions='not for court' to=gb-nca,MK-MVR consent=no consented=XK-KP review=2027-01-31 compartment=OP-X agreement=A1"
    )
    assert marking == Marking(
        source=1,
        intelligence="A",
        handling="C",
        conditions="not for court",
        agreement="A1",
        releasable_to=frozenset({"GB-NCA", "MK-MVR"}),
        onward_consent=False,
        consented_to=frozenset({"XK-KP"}),
        review_date=date(2027, 1, 31),
        compartment="OP-X",
    )
    assert parse_marking(format_marking(marking)) == marking


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "graded"),
        ("B4 P", "source evaluation"),
        ("F2 P", "intelligence assessment"),
        ("B2", "handling code"),
        ("B2 C", "conditions"),
        ("B2 P to", "key=value"),
        ("B2 P colour=red", "unknown option"),
        ("B2 P review=soon", "review"),
        ("B2 P consent=maybe", "consent"),
        ("B2 P conditions='unclosed", "quotation"),
    ],
)
def test_bad_markings_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_marking(text, where="--marking")
    assert reason in info.value.one_line()
    assert "--marking" in info.value.one_line()


@given(
    source=st.sampled_from(SOURCES),
    intel=st.sampled_from(INTELS),
    handling=st.sampled_from(HANDLINGS),
    to=st.frozensets(st.sampled_from(["GB-NCA", "RS-MUP", "XK-KP"])),
    consent=st.booleans(),
)
def test_text_round_trip(
    source: SourceEvaluation, intel: Intelligence, handling: Handling, to: frozenset[str], consent: bool
) -> None:
    marking = Marking(
        source=source,
        intelligence=intel,
        handling=handling,
        conditions="c" if handling == "C" else "",
        releasable_to=to,
        onward_consent=consent,
    )
    assert parse_marking(format_marking(marking)) == marking


@pytest.mark.parametrize(
    ("text", "europol"),
    [("B1 P", "B3 H0"), ("A2 P", "X2 H0"), ("C3 P", "C4 H0"), ("E1 P", "B4 H3")],
)
def test_to_europol(text: str, europol: str) -> None:
    assert to_europol(parse_marking(text)).code == europol


@given(source=st.sampled_from(SOURCES), intel=st.sampled_from(INTELS), handling=st.sampled_from(HANDLINGS))
def test_europol_round_trip_never_upgrades(source: SourceEvaluation, intel: Intelligence, handling: Handling) -> None:
    """A round trip through Europol's codes never makes intelligence look better or freer."""
    marking = Marking(source=source, intelligence=intel, handling=handling, conditions="x" if handling == "C" else "")
    back = from_europol(to_europol(marking))
    assert back.source >= marking.source or (marking.source == 2 and back.source == 2)
    assert back.intelligence >= marking.intelligence or marking.intelligence in "DE"
    assert not (marking.handling == "C" and back.handling == "P")
    assert back.onward_consent


def test_from_europol_rejects_bad_codes() -> None:
    with pytest.raises(InvalidInput):
        from_europol(EuropolGrading("Z", 9, "H7"))
    assert from_europol(EuropolGrading("A", 1, "H1")).conditions.startswith("not to be disclosed")
