"""Bundles: exactly what the partner may receive, signed, sequenced, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from corridor.access import Node
from corridor.core import IntegrityFailure
from corridor.model import parse_marking
from corridor.share import build_bundle, import_bundle
from corridor.store import tables
from share.conftest import ids, person, write


def send(sender: Node, receiver: Node, path: Path, **kwargs: bool) -> object:
    """Bundle from ``sender`` to ``receiver`` and import it."""
    to = receiver.store.node_agency or ""
    summary = build_bundle(sender, sender.principal(), to, path)
    assert summary is not None
    return import_bundle(receiver, receiver.principal(), path, **kwargs)


def count(node: Node) -> int:
    with node.store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.statements)).scalar() or 0)


def test_partners_receive_exactly_what_they_may(nodes: dict[str, Node], tmp_path: Path) -> None:
    gb, rs, mk, xk = nodes["GB-NCA"], nodes["RS-MUP"], nodes["MK-MVR"], nodes["XK-KP"]
    write(rs, person("rs.p1", "RS-MUP", phone="+381641234567"))
    write(rs, person("rs.p2", "RS-MUP", "B2 P consent=no", name="Onward Allowed"))
    write(rs, person("rs.p3", "RS-MUP", "B2 P to=MK-MVR", name="For MK only"))
    write(gb, person("gb.p1", "GB-NCA", name="British Record"))
    send(rs, gb, tmp_path / "rs-gb-1.jsonl")
    send(rs, mk, tmp_path / "rs-mk-1.jsonl")
    rs_visible_to = {code: ids(rs, code) for code in ("GB-NCA", "MK-MVR")}
    assert ids(gb) == rs_visible_to["GB-NCA"] | ids(gb, "GB-NCA")
    assert rs_visible_to["GB-NCA"] <= ids(gb)
    assert rs_visible_to["MK-MVR"] <= ids(mk)
    assert not {s for s in ids(gb) if s in ids(rs, "MK-MVR") - ids(rs, "GB-NCA")}  # rs.p3 never reached GB
    send(gb, xk, tmp_path / "gb-xk-1.jsonl")
    xk_ids = ids(xk)
    names = {s.value for s in xk.store.view(xk.principal()).statements(props=["name"])}
    assert names == {"British Record", "Onward Allowed"}  # RS data only where RS allowed onward sharing
    assert xk_ids == ids(gb, "XK-KP")


def test_withdrawals_and_regradings_travel(nodes: dict[str, Node], tmp_path: Path) -> None:
    gb, rs, xk = nodes["GB-NCA"], nodes["RS-MUP"], nodes["XK-KP"]
    stmts = person("rs.p1", "RS-MUP", phone="+381641234567")
    write(rs, stmts)
    send(rs, gb, tmp_path / "1.jsonl")
    assert {s.id for s in stmts} <= ids(gb)
    # consent to XK: a re-grading that reaches XK through GB
    with rs.store.transaction() as conn:
        rs.store.remark(conn, [s.id for s in stmts], parse_marking("B2 P consented=XK-KP"))
    second = build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "2.jsonl")
    assert second is not None
    assert second.statements == len(stmts)
    assert second.sequence == 2
    import_bundle(gb, gb.principal(), tmp_path / "2.jsonl")
    send(gb, xk, tmp_path / "gb-xk.jsonl")
    assert {s.id for s in stmts} <= ids(xk)
    # withdrawal at the originator reaches GB, then XK
    with rs.store.transaction() as conn:
        rs.store.withdraw(conn, [stmts[1].id])
    third = build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "3.jsonl")
    assert third is not None
    assert third.withdrawals == 1
    assert third.statements == 0
    import_bundle(gb, gb.principal(), tmp_path / "3.jsonl")
    assert stmts[1].id not in ids(gb)
    send(gb, xk, tmp_path / "gb-xk-2.jsonl")
    assert stmts[1].id not in ids(xk)
    assert stmts[0].id in ids(xk)
    # nothing new: an empty bundle
    empty = build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "4.jsonl")
    assert empty is not None
    assert (empty.statements, empty.withdrawals) == (0, 0)


def test_tampered_replayed_and_gapped_bundles_change_nothing(nodes: dict[str, Node], tmp_path: Path) -> None:
    gb, rs = nodes["GB-NCA"], nodes["RS-MUP"]
    write(rs, person("rs.p1", "RS-MUP", phone="+381641234567"))
    first = tmp_path / "1.jsonl"
    build_bundle(rs, rs.principal(), "GB-NCA", first)
    lines = first.read_bytes().splitlines(keepends=True)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(b"".join(lines).replace(b"+381641234567", b"+381641234568"))
    before = count(gb)
    with pytest.raises(IntegrityFailure):
        import_bundle(gb, gb.principal(), tampered)
    # a re-signed body with a wrong key: sign with GB's own key pretending to be RS
    assert count(gb) == before
    import_bundle(gb, gb.principal(), first)
    after_first = count(gb)
    assert import_bundle(gb, gb.principal(), first).already_imported  # idempotent
    assert count(gb) == after_first
    write(rs, person("rs.p2", "RS-MUP"))
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "2.jsonl")
    write(rs, person("rs.p3", "RS-MUP"))
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "3.jsonl")
    with pytest.raises(IntegrityFailure, match="sequence gap"):
        import_bundle(gb, gb.principal(), tmp_path / "3.jsonl")  # gap: 2 is missing
    assert count(gb) == after_first
    import_bundle(gb, gb.principal(), tmp_path / "2.jsonl")
    import_bundle(gb, gb.principal(), tmp_path / "3.jsonl")
    settled = count(gb)
    with pytest.raises(IntegrityFailure):
        import_bundle(gb, gb.principal(), tmp_path / "2.jsonl")  # replay of an older bundle
    with pytest.raises(IntegrityFailure):
        import_bundle(gb, gb.principal(), first)
    assert count(gb) == settled


def test_bundle_for_another_node_or_forged_sender_is_refused(nodes: dict[str, Node], tmp_path: Path) -> None:
    gb, rs, mk = nodes["GB-NCA"], nodes["RS-MUP"], nodes["MK-MVR"]
    write(rs, person("rs.p1", "RS-MUP"))
    path = tmp_path / "rs-mk.jsonl"
    build_bundle(rs, rs.principal(), "MK-MVR", path)
    with pytest.raises(IntegrityFailure, match="addressed"):
        import_bundle(gb, gb.principal(), path)
    # MK rewrites the header to claim to be RS; its own key cannot make the signature
    lines = path.read_bytes().splitlines(keepends=True)
    header = json.loads(lines[0])
    header["sender"] = "XK-KP"
    lines[0] = json.dumps(header).encode() + b"\n"
    forged = tmp_path / "forged.jsonl"
    forged.write_bytes(b"".join(lines))
    with pytest.raises(IntegrityFailure):
        import_bundle(mk, mk.principal(), forged)


def test_entitlement_refuses_data_the_sender_may_not_pass_on(nodes: dict[str, Node], tmp_path: Path) -> None:
    """A GB node whose door is misconfigured (RS↔XK agreed locally) still cannot push RS data to XK."""
    from corridor.model import Agreement

    gb, rs, xk = nodes["GB-NCA"], nodes["RS-MUP"], nodes["XK-KP"]
    write(rs, person("rs.p1", "RS-MUP"))
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "1.jsonl")
    import_bundle(gb, gb.principal(), tmp_path / "1.jsonl")
    agencies = list(gb.store.agencies().values())
    wrong = [*gb.store.agreements(), Agreement("RS-XK", "RS-MUP", "XK-KP")]
    with gb.store.transaction() as conn:  # GB's copy of the agreements wrongly lets RS data go onward
        gb.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=wrong)
    path = tmp_path / "gb-xk.jsonl"
    summary = build_bundle(gb, gb.principal(), "XK-KP", path)
    assert summary is not None
    assert summary.statements > 0
    before = count(xk)
    with pytest.raises(IntegrityFailure, match="may not send"):
        import_bundle(xk, xk.principal(), path)
    assert count(xk) == before
