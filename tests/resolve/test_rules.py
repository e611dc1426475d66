"""Deterministic links on strong selectors, the split of a chain, and single-record matching."""

from __future__ import annotations

import itertools

from corridor.access import Node
from corridor.resolve import Engine, Matcher, Record, judge, resolve
from corridor.store import read_judgements

from ._helpers import Writer


def canon(node: Node, entity_id: str) -> str:
    return node.store.view(node.principal()).canonical_id(entity_id)


def test_selector_rules(node: Node, write: Writer) -> None:
    """ID numbers, IBANs (through a payment) and wallets (through their holder) link people."""
    id_1 = write("AL-ASP", "1", name="Fatmir Leka", idNumber="J12345678A")
    id_2 = write("XK-KP", "1", name="Fatmir Lekaj", idNumber="J12345678A")
    iban_1 = write("GB-NCA", "p1", name="TODOROVIC Dalibor")
    iban_2 = write("GB-NCA", "p2", name="TODOROWITSCH Dalibor")
    account = write("GB-NCA", "a1", "BankAccount", iban="RS35170129835590673640")
    write("GB-NCA", "t1", "Payment", payer=iban_1, payerAccount=account, amount="100")
    write("GB-NCA", "t2", "Payment", payer=iban_2, payerAccount=account, amount="200")
    wallet_1 = write("GB-NCA", "w1", name="HAJJ Mohammad")
    wallet_2 = write("GB-NCA", "w2", name="Muhamed Hajj")
    write("GB-NCA", "cw", "CryptoWallet", publicKey="TSMtypn6spepxdjsimcS6AwCHovgG3x3o8", holder=[wallet_1, wallet_2])
    # A passport shared by two clearly different people (a lent or forged document): queued.
    lent_1 = write("GB-NCA", "l1", name="Hamid Sultani", passportNumber="P7654321", birthDate="1989-08-03")
    lent_2 = write("GB-NCA", "l2", name="Jawad Noori", passportNumber="P7654321", birthDate="1993-05-22")
    report = resolve(node, node.principal())
    assert canon(node, id_2) == id_1
    assert canon(node, iban_2) == canon(node, iban_1)
    assert canon(node, wallet_2) == canon(node, wallet_1)
    assert canon(node, lent_2) == lent_2
    assert report.rules >= 3
    with node.store.reading() as conn:
        log = read_judgements(conn)
    lent = [j for j in log if {j.left_id, j.right_id} == {lent_1, lent_2}]
    assert [(j.kind, j.verdict) for j in lent] == [("rule", "unsure")]


def test_different_splits_a_chain(node: Node, write: Writer) -> None:
    """ "Different" on two records joined only through a third cuts the weakest link."""
    ids = [
        write(agency, "1", name="Marko Petrović", birthDate="1985-03-12") for agency in ("GB-NCA", "RS-MUP", "XK-KP")
    ]
    resolve(node, node.principal())
    assert len({canon(node, x) for x in ids}) == 1
    with node.store.reading() as conn:
        direct = {(j.left_id, j.right_id) for j in read_judgements(conn)}
    left, right = next(p for p in itertools.combinations(sorted(ids), 2) if p not in direct)
    result = judge(node, node.principal("GB-NCA/analyst"), left, right, "different", why="two brothers")
    assert result["split"] == 1
    assert canon(node, left) != canon(node, right)
    assert resolve(node, node.principal()).merged == 0
    assert canon(node, left) != canon(node, right)


def test_single_record_matcher() -> None:
    """One new record is matched against an engine's records with the batch model's weights."""
    base = [
        Record("a", "person", ["Марко Петровић"], dob="1985-03-12", nationality=["rs"]),
        Record("b", "person", ["Agim Krasniqi"], dob="1988-07-01", nationality=["xk"]),
        Record("c", "person", ["Mohammed Rahimi"], dob="1970-09-21", nationality=["ir"]),
    ]
    engine = Engine(r.features() for r in base)
    try:
        engine.block()
        matcher = Matcher(engine, prior=1e-4)
        found = matcher.match(
            Record("n", "person", ["Petroviq Marko"], dob="1985-12-03", nationality=["rs"]).features()
        )
        assert [uid for uid, _ in found] == [0]
        assert found[0][1] > 0.99
        assert matcher.match(Record("m", "person", ["Muhammad Rahimi"], dob="1992-04-05").features(), minimum=0.5) == []
    finally:
        engine.close()
