"""A shared identifier with disagreeing names: merged when the whole record says so, queued otherwise."""

from __future__ import annotations

from corridor.access import Node
from corridor.resolve import resolve
from corridor.store import read_judgements

from ._helpers import Writer


def _verdicts(node: Node, left: str, right: str) -> list[tuple[str, str]]:
    with node.store.reading() as conn:
        return [(j.kind, j.verdict) for j in read_judgements(conn) if {j.left_id, j.right_id} == {left, right}]


def test_identifier_and_birth_date_outweigh_a_wrong_given_name(node: Node, write: Writer) -> None:
    """A clerk wrote another given name: same ID number and full birth date make one person."""
    left = write("GB-NCA", "r1", name="Hamish Rosendale", idNumber="3756981", birthDate="1972-02-23")
    right = write("GB-NCA", "r2", name="James Rosendale", idNumber="3756981", birthDate="1972-02-23")
    lent_1 = write("GB-NCA", "l1", name="Hamish Rosendale", idNumber="7654321", birthDate="1989-08-03")
    lent_2 = write("GB-NCA", "l2", name="James Rosendale", idNumber="7654321", birthDate="1993-05-22")
    resolve(node, node.principal())
    assert _verdicts(node, left, right) == [("rule", "same")]
    # The same identifier with another birth date (a brother's passport) still waits for an analyst.
    assert _verdicts(node, lent_1, lent_2) == [("rule", "unsure")]


def test_transposed_digits_are_a_typing_error(node: Node, write: Writer) -> None:
    """Two swapped digits of an ID number count as the same number mistyped."""
    left = write("GB-NCA", "t1", name="Leon Mason", idNumber="1583941", birthDate="1954-10-05")
    right = write("GB-NCA", "t2", name="Leon Masson", idNumber="1583491", birthDate="1954-10-05")
    resolve(node, node.principal())
    with node.store.reading() as conn:
        found = [j for j in read_judgements(conn) if {j.left_id, j.right_id} == {left, right}]
    assert found, "the pair was not scored"
    assert "two swapped" in (found[-1].reason or "")


def test_an_address_with_a_typing_error_is_evidence(node: Node, write: Writer) -> None:
    """The same rare address with one slip adds its weight; without it the pair only waits in the queue."""
    left = write(
        "GB-NCA", "a1", name="Tiarna Harrington", birthDate="1906-06-22", address="1 Crisp Circuit, Mannum 5264"
    )
    right = write(
        "GB-NCA", "a2", name="Tiarna Harrigton", birthDate="1906-06-22", address="1 Crisp Circuit, Mannm 5264"
    )
    bare_1 = write("GB-NCA", "b1", name="Aliza Lloydd-Wright", birthDate="1980-05-09")
    bare_2 = write("GB-NCA", "b2", name="Aliza Lloydd-Wight", birthDate="1980-05-09")
    resolve(node, node.principal())
    with node.store.reading() as conn:
        log = read_judgements(conn)
    pair = [j for j in log if {j.left_id, j.right_id} == {left, right}]
    assert [(j.kind, j.verdict) for j in pair] == [("model", "same")]
    assert "a rare address written with a typing error" in (pair[0].reason or "")
    assert _verdicts(node, bare_1, bare_2) == [("model", "unsure")]


def test_out_of_range_date_parts() -> None:
    """Month 13-31 with a small day was written day first; any other part out of range is unknown."""
    from corridor.resolve import Record

    def parts(dob: str) -> tuple[object, object, object]:
        row = Record("x", "person", ["A B"], dob=dob).features()
        return row["dob_y"], row["dob_m"], row["dob_d"]

    assert parts("1985-13-05") == (1985, 5, 13)
    assert parts("1990-02-70") == (1990, 2, None)
    assert parts("1910-54-12") == (1910, None, None)
    assert parts("1985-03-12") == (1985, 3, 12)
