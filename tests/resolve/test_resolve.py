"""Resolution on a node, on SQLite and PostgreSQL: variants merge, decoys do not, the log rules."""

from __future__ import annotations

import json

import pytest

from corridor.access import Node
from corridor.core import AccessDenied, NotFound
from corridor.resolve import judge, read_records, resolve, review_queue, visible_clusters
from corridor.store import read_judgements

from ._helpers import Writer


def canon(node: Node, entity_id: str) -> str:
    return node.store.view(node.principal("GB-NCA/analyst")).canonical_id(entity_id)


def test_variants_merge_and_decoys_stay_apart(node: Node, write: Writer) -> None:
    """Every script and spelling variant on the route merges; namesakes and a cell's phone do not."""
    ids = {
        # Serbian Cyrillic, British ASCII, Kosovo Albanian order swap; day/month swapped.
        "marko_rs": write("RS-MUP", "1", name="Марко Петровић", birthDate="1985-03-12", nationality="rs"),
        "marko_gb": write("GB-NCA", "1", name="Marko Petrovic", birthDate="1985-12-03", nationality="rs"),
        "marko_xk": write("XK-KP", "1", name="Petroviq Marko", birthDate="1985-03-12", phone="+38344123456"),
        # Macedonian Cyrillic and Latin.
        "gjorgji_mk": write("MK-MVR", "1", name="Ѓорѓи Трајковски", birthDate="1979-06-30", nationality="mk"),
        "gjorgji_gb": write("GB-NCA", "2", name="Gjorgji Trajkovski", birthDate="1979-06-30", nationality="mk"),
        # Albanian ë/ç and the Serbian Cyrillic of an Albanian name.
        "arben_al": write("AL-ASP", "1", name="Arbën Çela", birthDate="1990-02-14", nationality="al"),
        "arben_rs": write("RS-MUP", "2", name="Арбен Чела", birthDate="1990-02-14", nationality="al"),
        "krasniqi_xk": write("XK-KP", "2", name="Agim Krasniqi", birthDate="1988-07-01", nationality="xk"),
        "krasniqi_rs": write("RS-MUP", "3", name="Агим Краснићи", birthDate="1988-07-01"),
        # Turkish ı/ş/ğ.
        "yilmaz_tr": write("GB-NCA", "3", name="Doğan Yılmaz Şahin", birthDate="1975-11-05", nationality="tr"),
        "yilmaz_gb": write("GB-NCA", "4", name="Dogan Yilmaz Sahin", birthDate="1975-11-05", nationality="tr"),
        # Arabic-origin spellings; a partial date.
        "muhammad_1": write("GB-NCA", "5", name="Muhammad Rahimi", birthDate="1992-04-05", nationality="af"),
        "muhammad_2": write("MK-MVR", "2", name="Mohammed Rahimi", birthDate="1992-04-05", nationality="af"),
        "muhammad_3": write("RS-MUP", "4", name="Мохамад Рахими", birthDate="1992-04-05", nationality="af"),
        # A namesake: same name, other birth date, other nationality.
        "muhammad_other": write("GB-NCA", "6", name="Mohammed Rahimi", birthDate="1970-09-21", nationality="ir"),
        # A cell sharing one phone: different people.
        "cell_1": write("GB-NCA", "7", name="Ahmad Karimi", birthDate="1991-01-10", phone="+447700900123"),
        "cell_2": write("GB-NCA", "8", name="Jawad Noori", birthDate="1993-05-22", phone="+447700900123"),
        "cell_3": write("GB-NCA", "9", name="Hamid Sultani", birthDate="1989-08-03", phone="+447700900123"),
        # Passport with issuing country: a deterministic link despite a poor name.
        "pass_1": write("GB-NCA", "10", name="Ali Hasani", passportNumber="P1234567", nationality="iq"),
        "pass_2": write("RS-MUP", "5", name="Алија Хасани", passportNumber="P1234567", nationality="iq"),
    }
    report = resolve(node, node.principal())
    groups = [
        ["marko_rs", "marko_gb", "marko_xk"],
        ["gjorgji_mk", "gjorgji_gb"],
        ["arben_al", "arben_rs"],
        ["krasniqi_xk", "krasniqi_rs"],
        ["yilmaz_tr", "yilmaz_gb"],
        ["muhammad_1", "muhammad_2", "muhammad_3"],
        ["pass_1", "pass_2"],
    ]
    for group in groups:
        heads = {canon(node, ids[k]) for k in group}
        assert len(heads) == 1, (group, heads)
        assert heads == {min(ids[k] for k in group)}
    assert canon(node, ids["muhammad_other"]) == ids["muhammad_other"]
    for cell in ("cell_1", "cell_2", "cell_3"):
        assert canon(node, ids[cell]) == ids[cell]
    assert report.records == len(ids)
    assert report.rules >= 1
    assert report.clusters == len(ids) - sum(len(g) - 1 for g in groups)
    with node.store.reading() as conn:
        judgements = read_judgements(conn)
    rule = [j for j in judgements if j.kind == "rule" and j.verdict == "same"]
    assert {(j.left_id, j.right_id) for j in rule} == {tuple(sorted((ids["pass_1"], ids["pass_2"])))}
    model = [j for j in judgements if j.kind == "model" and j.verdict == "same"]
    assert model
    assert all(j.score is not None and j.score >= 0.99 for j in model)
    explanation = json.loads(model[0].reason)
    assert {c["comparison"] for c in explanation["comparisons"]} >= {"name", "dob", "nationality"}
    assert all("level" in c and "weight" in c for c in explanation["comparisons"])

    # A second run changes nothing: the log already says it all.
    again = resolve(node, node.principal())
    assert (again.merged, again.queued) == (0, 0)


def test_review_queue_between_thresholds(node: Node, write: Writer) -> None:
    """A name match with no date is queued, not merged; raising the review bar drops it."""
    a = write("AL-ASP", "1", name="Besnik Hoxha", nationality="al")
    b = write("GB-NCA", "1", name="Besnik Hoxha", nationality="al")
    analyst = node.principal("GB-NCA/analyst")
    report = resolve(node, analyst, threshold=0.99, review=0.01)
    assert report.merged == 0
    assert report.queued == 1
    queue = review_queue(node, analyst)
    assert [(q["left"], q["right"]) for q in queue] == [(a, b)]
    assert 0.01 <= queue[0]["score"] < 0.99
    assert queue[0]["explanation"]["comparisons"][0]["level"].startswith("same rare name")
    # With the upper threshold below the score, the same pair merges.
    assert canon(node, b) == b
    merged = resolve(node, analyst, threshold=queue[0]["score"] - 1e-6, review=0.01)
    assert merged.merged == 1
    assert canon(node, b) == a
    assert review_queue(node, analyst) == []


def test_analyst_override_and_undo(node: Node, write: Writer) -> None:
    """ "Different" splits a model merge and outlives later runs; undoing it is one more judgement."""
    a = write("GB-NCA", "1", name="Marko Petrovic", birthDate="1985-03-12", nationality="rs")
    b = write("RS-MUP", "1", name="Марко Петровић", birthDate="1985-03-12", nationality="rs")
    c = write("XK-KP", "1", name="Petroviq Marko", birthDate="1985-03-12", nationality="rs")
    analyst = node.principal("GB-NCA/analyst")
    resolve(node, analyst)
    assert {canon(node, x) for x in (a, b, c)} == {a}
    result = judge(node, analyst, a, c, "different", why="different fathers per RS-MUP file 12")
    assert result["verdict"] == "different"
    assert canon(node, a) != canon(node, c)
    again = resolve(node, analyst)
    assert again.merged == 0
    assert canon(node, a) != canon(node, c)
    # Undo: the analyst changes their mind; the later word stands.
    judge(node, analyst, a, c, "same", why="confirmed by fingerprints")
    assert {canon(node, x) for x in (a, b, c)} == {a}
    with node.store.reading() as conn:
        log = read_judgements(conn)
    assert [j.verdict for j in log if j.kind == "analyst"] == ["different", "same"]
    audit = [e.action for e in node.audit.events()]
    assert "combination" in audit
    assert "alteration" in audit


def test_judge_checks_role_and_visibility(node: Node, write: Writer) -> None:
    a = write("GB-NCA", "1", name="Marko Petrovic")
    b = write("RS-MUP", "1", name="Marko Petrović")
    auditor = node.principal("GB-NCA/auditor")
    with pytest.raises(AccessDenied):
        judge(node, auditor, a, b, "same")
    with pytest.raises(AccessDenied):
        resolve(node, auditor)
    with pytest.raises(NotFound):
        judge(node, node.principal("XK-KP/analyst"), a, b, "same")


def test_incremental_batch(node: Node, write: Writer) -> None:
    """A new batch is compared with what is there; old pairs are not scored again."""
    analyst = node.principal("GB-NCA/analyst")
    a = write("GB-NCA", "1", name="Dritan Gashi", birthDate="1987-10-02", nationality="al")
    write("GB-NCA", "2", name="Ilir Berisha", birthDate="1990-01-15", nationality="al")
    first = resolve(node, analyst)
    assert first.merged == 0
    b = write("AL-ASP", "1", name="Gashi Dritan", birthDate="1987-02-10", nationality="al")
    write("AL-ASP", "2", name="Ilir Berisha", birthDate="1990-01-15", nationality="al")
    batch = resolve(node, analyst, new=[b])
    assert batch.new == 1
    assert batch.merged == 1
    assert canon(node, a) == canon(node, b) == b
    rest = resolve(node, analyst, incremental=True)
    assert rest.new is not None
    assert rest.merged == 1


def test_visibility_two_principals(node: Node, write: Writer) -> None:
    """A merge never shows a principal a record it may not see, nor its id."""
    al = write("AL-ASP", "1", name="Arbën Çela", birthDate="1990-02-14", passportNumber="AL778899")
    xk = write("XK-KP", "1", name="Arben Cela", birthDate="1990-02-14", phone="+38344999888")
    gb = node.principal("GB-NCA/analyst")
    xk_analyst = node.principal("XK-KP/analyst")
    # Kosovo's analyst cannot see Albania's record (no AL -> XK agreement): nothing to merge.
    assert [r.entity_id for r in read_records(node.store.view(xk_analyst))] == [xk]
    assert resolve(node, xk_analyst).merged == 0
    assert resolve(node, gb).merged == 1
    assert canon(node, xk) == al
    # The merged entity, as Kosovo sees it, holds only Kosovo's statements.
    stmts = node.store.view(xk_analyst).entity_statements(xk)[1]
    assert {s.origin for s in stmts} == {"XK-KP"}
    assert "AL778899" not in {s.value for s in stmts}
    # The clusters export names no invisible record, not even as canonical id.
    assert visible_clusters(node, xk_analyst) == [(xk, xk)]
    assert sorted(visible_clusters(node, gb)) == [(al, al), (xk, al)]
    assert review_queue(node, xk_analyst) == []
