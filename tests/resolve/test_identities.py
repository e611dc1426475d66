"""Two established identities under one name (an IBAN's cluster, a wallet's cluster) are one person."""

from __future__ import annotations

from corridor.access import Node
from corridor.resolve import Record, judge, link, resolve
from corridor.store import read_judgements

from ._helpers import Writer


def _records(prefix: str, names: list[str], strong: str, **extra: object) -> list[Record]:
    return [Record(f"{prefix}{i}", "person", [n], strong=[strong], **extra) for i, n in enumerate(names)]  # type: ignore[arg-type]


BANK = ["NASSER Abdullah", "NASSER Abdullah", "NASER Abdulah"]
CRYPTO = ["NASSER Abdullah", "Abdullah Nasser", "NASSER Abdullah", "NASSER Abdulla"]


def _groups(records: list[Record], **kwargs: object) -> set[frozenset[str]]:
    linked = link(records, **kwargs)  # type: ignore[arg-type]
    groups: dict[str, set[str]] = {}
    for r in records:
        groups.setdefault(linked.clusters.find(r.entity_id), set()).add(r.entity_id)
    return {frozenset(g) for g in groups.values()}


def test_two_identities_under_one_name_join() -> None:
    """Bank reports under an IBAN and exchange reports under a wallet, one name: one person."""
    records = _records("b", BANK, "iban:GB95MONZ71695556562536") + _records(
        "c", CRYPTO, "crypto:bc1qmsrwsyxwvpf95cfq0utntru60ky7q0mfjwp5y8"
    )
    assert _groups(records) == {frozenset(r.entity_id for r in records)}
    decision = next(d for d in link(records).decisions if "identity" in d.explanation.get("rule", {}))
    assert decision.kind == "rule"
    assert decision.explanation["rule"]["identity"] == "abdulah naser"
    assert sorted(decision.explanation["rule"]["sizes"]) == [3, 4]


def test_a_third_identity_makes_the_name_ambiguous() -> None:
    """Three established identities share the name: which two are one person is unknown, none join."""
    records = (
        _records("b", BANK, "iban:GB95MONZ71695556562536")
        + _records("c", CRYPTO, "crypto:bc1qmsrwsyxwvpf95cfq0utntru60ky7q0mfjwp5y8")
        + _records("p", BANK, "passport:P7654321")
    )
    assert len(_groups(records)) == 3


def test_identities_that_disagree_or_are_both_dated_stay_apart() -> None:
    """A nationality or gender that differs, a birth date, two accounts of one kind, or too few records: apart."""
    iban, wallet = "iban:GB95MONZ71695556562536", "crypto:bc1qmsrwsyxwvpf95cfq0utntru60ky7q0mfjwp5y8"
    nationality = _records("b", BANK, iban, nationality=["sy"]) + _records("c", CRYPTO, wallet, nationality=["iq"])
    assert len(_groups(nationality)) == 2
    gender = _records("b", BANK, iban, gender="m") + _records("c", CRYPTO, wallet, gender="f")
    assert len(_groups(gender)) == 2
    dated = _records("b", BANK, iban, dob="1980-05-06") + _records("c", CRYPTO, wallet, dob="1991-02-03")
    assert len(_groups(dated)) == 2
    two_accounts = _records("b", BANK, iban) + _records("c", CRYPTO, "iban:TR780006407129432035200525")
    assert len(_groups(two_accounts)) == 2
    small = _records("b", BANK[:2], iban) + _records("c", CRYPTO, wallet)
    assert len(_groups(small)) == 2
    # One dated side is enough: a namesake's transfers match a dated person's name as well.
    one_dated = _records("b", BANK, iban, dob="1980-05-06") + _records("c", CRYPTO, wallet)
    assert len(_groups(one_dated)) == 2


def test_identity_join_on_a_node_respects_an_analysts_different(node: Node, write: Writer) -> None:
    """On a node the join is a rule judgement; an analyst's "different" splits it and it stays split."""
    ids = [write("AL-ASP", f"i{i}", name=n, idNumber="J12345678A") for i, n in enumerate(BANK)]
    passports = [write("GB-NCA", f"p{i}", name=n, passportNumber="P7654321") for i, n in enumerate(CRYPTO)]
    resolve(node, node.principal())
    view = node.store.view(node.principal())
    assert len({view.canonical_id(x) for x in ids + passports}) == 1
    with node.store.reading() as conn:
        rules = [j for j in read_judgements(conn) if '"identity"' in (j.reason or "")]
    assert [(j.kind, j.verdict) for j in rules] == [("rule", "same")]
    judge(node, node.principal("GB-NCA/analyst"), ids[0], passports[0], "different", why="two cousins")
    resolve(node, node.principal())
    view = node.store.view(node.principal())
    assert view.canonical_id(ids[0]) != view.canonical_id(passports[0])
    assert len({view.canonical_id(x) for x in ids}) == 1


def test_an_incremental_run_joins_a_new_identity_to_an_old_one(node: Node, write: Writer) -> None:
    """The wallet's records arrive after the account's were resolved: the new batch joins them."""
    ids = [write("AL-ASP", f"i{i}", name=n, idNumber="J12345678A") for i, n in enumerate(BANK)]
    resolve(node, node.principal())
    passports = [write("GB-NCA", f"p{i}", name=n, passportNumber="P7654321") for i, n in enumerate(CRYPTO)]
    report = resolve(node, node.principal(), new=passports)
    assert report.new == len(passports)
    view = node.store.view(node.principal())
    assert len({view.canonical_id(x) for x in ids + passports}) == 1
