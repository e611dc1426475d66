"""Node keys, their rotation, signed requests and rate limits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corridor.access import Node, load_partners_file
from corridor.core import ConfigError, IntegrityFailure
from corridor.model import Agency
from corridor.share import (
    NonceCache,
    RateLimiter,
    build_bundle,
    import_bundle,
    load_node_key,
    parse_public_keys,
    rotate_node_key,
    sign_request,
    verify_request,
)
from share.conftest import person, write


def test_key_file_is_private_and_stable(tmp_path: Path) -> None:
    key = load_node_key(tmp_path)
    assert (tmp_path / "node.key").stat().st_mode & 0o777 == 0o600
    assert load_node_key(tmp_path).public == key.public
    assert parse_public_keys(key.public_text) == [key.public]
    assert parse_public_keys(key.public.hex()) == [key.public]
    with pytest.raises(ConfigError):
        parse_public_keys("ed25519:notakey")


def test_partners_file_takes_a_list_of_keys_for_rotation(tmp_path: Path) -> None:
    old, new = load_node_key(tmp_path / "a"), load_node_key(tmp_path / "b")
    path = tmp_path / "partners.yml"
    path.write_text(
        "agencies:\n"
        f"  - {{code: RS-MUP, name: MUP, country: RS, public_key: [{old.public_text}, {new.public_text}]}}\n"
        f"  - {{code: GB-NCA, name: NCA, country: GB, public_key: {old.public_text}}}\n"
    )
    parsed = {a.code: a for a in load_partners_file(path).agencies}
    assert parse_public_keys(parsed["RS-MUP"].public_key) == [old.public, new.public]
    assert parse_public_keys(parsed["GB-NCA"].public_key) == [old.public]


def test_rotation_keeps_old_bundles_verifiable_while_listed(make_node, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from share.conftest import load_partners

    rs: Node = make_node("RS-MUP")
    gb: Node = make_node("GB-NCA")
    load_partners({"RS-MUP": rs, "GB-NCA": gb})
    write(rs, person("rs.p1", "RS-MUP"))
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "old.jsonl")
    new, old = rotate_node_key(rs.keys_path)
    assert old is not None
    assert new.public != old.public
    assert list(rs.keys_path.glob("node.key.retired-*"))
    write(rs, person("rs.p2", "RS-MUP"))
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "new.jsonl")

    def listed(*keys: str) -> None:
        agencies = [
            replace(a, public_key=" ".join(keys)) if a.code == "RS-MUP" else a for a in gb.store.agencies().values()
        ]
        agreements = gb.store.agreements()
        with gb.store.transaction() as conn:
            gb.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=agreements)

    listed(new.public_text)  # the partner only knows the new key: the old bundle fails
    with pytest.raises(IntegrityFailure):
        import_bundle(gb, gb.principal(), tmp_path / "old.jsonl")
    listed(old.public_text, new.public_text)  # during the rotation both are listed
    import_bundle(gb, gb.principal(), tmp_path / "old.jsonl")
    import_bundle(gb, gb.principal(), tmp_path / "new.jsonl")


def test_signed_requests_are_checked(tmp_path: Path) -> None:
    key = load_node_key(tmp_path)
    agencies = {"RS-MUP": Agency("RS-MUP", "MUP", "RS", public_key=key.public_text)}
    body = b'{"hits": []}'
    headers = sign_request(key, "RS-MUP", "GB-NCA", "POST", "/api/share/psi/hits", body)
    nonces = NonceCache()
    assert verify_request(agencies, "GB-NCA", "POST", "/api/share/psi/hits", headers, body, nonces).code == "RS-MUP"
    with pytest.raises(IntegrityFailure, match="replayed"):
        verify_request(agencies, "GB-NCA", "POST", "/api/share/psi/hits", headers, body, nonces)
    fresh = sign_request(key, "RS-MUP", "GB-NCA", "POST", "/api/share/psi/hits", body)
    with pytest.raises(IntegrityFailure):  # another body
        verify_request(agencies, "GB-NCA", "POST", "/api/share/psi/hits", fresh, b"{}", NonceCache())
    with pytest.raises(IntegrityFailure):  # sent to another node
        verify_request(agencies, "XK-KP", "POST", "/api/share/psi/hits", fresh, body, NonceCache())
    stale = {**fresh, "x-corridor-timestamp": str(int(fresh["x-corridor-timestamp"]) - 3600)}
    with pytest.raises(IntegrityFailure, match="window"):
        verify_request(agencies, "GB-NCA", "POST", "/api/share/psi/hits", stale, body, NonceCache())
    with pytest.raises(IntegrityFailure, match="unsigned"):
        verify_request(agencies, "GB-NCA", "POST", "/api/share/psi/hits", {}, body, NonceCache())


def test_rate_limits_per_partner() -> None:
    limiter = RateLimiter(requests_per_minute=2, selectors_per_day=100)
    assert limiter.allow("XK-KP", 50, now=0) is None
    assert limiter.allow("XK-KP", 60, now=1) is not None  # over the daily selectors
    assert limiter.allow("XK-KP", 10, now=2) is None
    assert limiter.allow("XK-KP", 0, now=3) is not None  # third request in a minute
    assert limiter.allow("RS-MUP", 10, now=3) is None  # other partners are not affected
    assert limiter.allow("XK-KP", 10, now=100) is None
