"""Leak hunt: a random world loaded through every entry, read by every principal through every exit.

The world (``_leak_world``) plants unique canary tokens in every record: ids, names,
aliases, phone numbers, payment purposes. The reference (``_leak_reference``) decides
from the markings and agreements alone which tokens each principal may meet. Then every
exit — every API endpoint, every CLI command with ``--json``, every export format, the
bundles the hub would send each partner and the hub's side of a hit/no-hit query — is
grepped for the tokens the principal may not see, and the visible records are counted
against the reference. "Not found" must read the same for an invisible id as for an
absent one.

``make test`` runs one world and a few principals; ``make soak`` (CORRIDOR_SOAK_SCALE)
runs more worlds, bigger, with every principal, and records principals × exits checked.
Set CORRIDOR_LEAK_SEED to replay a world.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _cli import in_process
from api._helpers import TestClient
from corridor.access import Node
from corridor.api import create_app
from corridor.share import add_watch, blind, build_bundle, intersect, match_key, serve_evaluate, serve_tags

from ._leak_entries import Cli, check_marking_texts, load_partners, load_world, origin_nodes
from ._leak_exits import (
    Output,
    api_outputs,
    cli_outputs,
    neutral,
    readable,
    scan,
    unknown_api_routes,
    unknown_cli_commands,
)
from ._leak_reference import Expected, Reader, expected
from ._leak_world import AGENCIES, HOME, World, build_world, token
from ._soak import SCALE, record, scaled


@pytest.fixture
def cli(node: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``corridor …`` in-process against the hub node."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_DB", node.settings.database_url)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(node.keys_path))

    return in_process(capsys)


AUDIT_EXITS = {"api GET /api/audit", "cli audit log"}


def _readers(world: World, rng: random.Random) -> list[Reader]:
    everyone = [Reader(u.agency, u.username) for u in world.users]
    if SCALE > 1:
        return everyone
    partners = [r for r in everyone if r.agency != HOME]
    return [Reader(HOME, "analyst"), Reader(HOME, "outsider"), rng.choice(partners)]


def _context(world: World, exp: Expected, rng: random.Random) -> dict[str, Any]:
    """Probes for one reader: visible and invisible ids, absent ids, pairs, search terms."""
    planted = sorted({s.entity_id for s in world.statements})
    visible = sorted(exp.entity_ids)
    hidden = [i for i in planted if i not in exp.entity_ids]
    absent = [f"{rng.choice(AGENCIES).lower()}.lk{token(rng)}" for _ in range(3)]
    people = sorted({s.entity_id for s in exp.statements if s.schema == "Person"})
    hidden_people = sorted({s.entity_id for s in world.statements if s.schema == "Person"} - set(people))
    hidden_phones = sorted({s.value for s in world.statements if s.prop == "phone"} - {s.value for s in exp.statements})
    pairs = []
    if len(people) >= 2:
        pairs.append((people[0], people[-1]))
    if people and hidden_people:
        pairs.append((people[0], hidden_people[0]))
    queries = ["Marko", "Petar", "Interception", *rng.sample(sorted(exp.forbidden), min(6, len(exp.forbidden)))]
    queries += list(rng.sample(sorted(exp.allowed), min(2, len(exp.allowed))))
    shown = rng.sample(visible, min(3, len(visible)))
    unseen = rng.sample(hidden, min(5, len(hidden)))
    return {
        "few": shown[:1] + unseen[:2] + absent[:1],
        "thorough": SCALE > 1,
        "probe_ids": shown + unseen + absent,
        "hidden": hidden,
        "hidden_phones": rng.sample(hidden_phones, min(3, len(hidden_phones))),
        "absent": absent,
        "pairs": pairs,
        "queries": queries,
    }


def _token_for(cli: Cli, reader: Reader) -> dict[str, str]:
    code, out, err = cli("--json", "token", reader.key, "--label", "leak hunt")
    assert code == 0, err or out
    import json

    data = json.loads(out)
    return {"Authorization": f"Bearer {data['token']}"}


def _not_found_alike(outputs: list[Output], ctx: dict[str, Any]) -> list[str]:
    """An invisible id must get the answer an absent id gets (same status, same words)."""
    findings = []
    by_exit: dict[str, dict[str, Output]] = {}
    for out in outputs:
        for probe in ctx["hidden"] + ctx["absent"]:
            if probe in out.label:
                by_exit.setdefault(out.exit, {})[probe] = out
    for exit_name, answers in by_exit.items():
        absent = [answers[a] for a in ctx["absent"] if a in answers]
        if not absent:
            continue
        want = {(a.status, neutral(a.data, p)) for p, a in answers.items() if p in ctx["absent"]}
        for probe, answer in answers.items():
            if probe in ctx["absent"]:
                continue
            got = (answer.status, neutral(answer.data, probe))
            if got not in want:
                findings.append(
                    f"{exit_name}: invisible id {probe} answers {got[0]} {got[1][:160]!r}, "
                    f"an absent id {sorted(want)[0][0]} {sorted(want)[0][1][:160]!r}"
                )
    return findings


def _standing_watches(node: Node, world: World) -> None:
    """The hub's analyst (inside the compartment) watches records only it may see, and a phone."""
    analyst = Reader(HOME, "analyst")
    mine = expected(analyst, world)
    others = set.union(*(expected(Reader(HOME, u), world).entity_ids for u in ("outsider", "auditor")))
    private = sorted(mine.entity_ids - others)[:3] or sorted(mine.entity_ids)[:1]
    principal = node.store.principal(HOME, "analyst")
    for target in private:
        add_watch(node, principal, target)


def _drop_watches(client: TestClient, headers: dict[str, str], outputs: list[Output]) -> None:
    """Stop the probe's watches, so the next principal of the agency does not meet them."""
    for out in outputs:
        if out.label.startswith("POST /api/watches") and out.status == 201:
            watch_id = json.loads(out.data)["id"]
            assert client.delete(f"/api/watches/{watch_id}", headers=headers).status_code == 204


def _bundle_outputs(node: Node, tmp: Path) -> Iterator[tuple[Reader, Output]]:
    """What the hub would send each partner."""
    admin = node.store.principal(HOME)
    for agency in AGENCIES:
        if agency == HOME:
            continue
        path = tmp / f"out-{agency.lower()}.jsonl"
        build_bundle(node, admin, agency, path)
        data = path.read_bytes() if path.exists() else b""
        yield Reader(agency), Output("bundle", f"hub -> {agency}", 0, data)


def _hit_findings(node: Node, world: World) -> tuple[int, list[str]]:
    """A partner asking for every planted phone hits only the hub's own records' phones."""
    own = {s.value for s in world.statements if s.prop == "phone" and s.origin == HOME}
    phones = sorted({s.value for s in world.statements if s.prop == "phone"})
    findings, checks = [], 0
    for agency in AGENCIES:
        if agency == HOME:
            continue
        query = blind([match_key("phone", p) for p in phones])
        answer = serve_evaluate(node, agency, "held", query.payload)
        hits = intersect(query, answer, serve_tags(node, "held"))
        checks += 1
        extra = sorted({h.split(":", 1)[1] for h in hits} - own)
        if extra:
            findings.append(f"hits for {agency}: {extra} are held only from other agencies' records")
    return checks, findings


def hunt(node: Node, cli: Cli, tmp: Path, seed: int, cells: int) -> tuple[int, list[str]]:
    """One world: load it, read it as several principals through every exit; (checks, findings)."""
    rng = random.Random(seed)
    world = build_world(seed, cells=cells)
    check_marking_texts(world)
    origins = origin_nodes(world, tmp)
    try:
        load_partners({HOME: node, **origins}, world)
        load_world(node, origins, world, cli, tmp)
    finally:
        for origin in origins.values():
            origin.close()
    _standing_watches(node, world)
    findings: list[str] = []
    checks = 0
    asked_by_anyone = ""
    app = create_app(node.settings, node=node)
    with TestClient(app, raise_server_exceptions=False) as client:  # a 500 is a finding, not a crash
        openapi = client.get("/openapi.json").json()
        unknown = unknown_api_routes(openapi)
        assert unknown == [], f"endpoints the leak hunt does not query (add them to _leak_exits): {unknown}"
        for reader in _readers(world, rng):
            exp = expected(reader, world)
            ctx = _context(world, exp, rng)
            missing = unknown_cli_commands(ctx, tmp)
            assert missing == [], f"commands the leak hunt does not run (add them to _leak_exits): {missing}"
            headers = _token_for(cli, reader)
            outputs = list(api_outputs(client, headers, ctx)) + list(cli_outputs(cli, reader.key, ctx, tmp / "cli"))
            _drop_watches(client, headers, outputs)
            asked = json.dumps([ctx[k] for k in ("probe_ids", "hidden_phones", "pairs", "queries")])
            asked_by_anyone += asked
            for out in outputs:
                checks += 1
                if out.exit in AUDIT_EXITS:
                    # The audit log shows an auditor every principal's consultations (what they
                    # asked) and the record ids judgements combined — its purpose (SECURITY.md,
                    # known limits); no statement's content may show there.
                    content = {t: w for t, w in exp.forbidden.items() if not w.startswith("id of")}
                    findings += [f"{reader.key}: {f}" for f in scan(out, content, asked_by_anyone)]
                    continue
                if out.status >= 500 or out.status == 70:
                    findings.append(
                        f"{reader.key}: {out.exit} [{out.label[:120]}] failed with {out.status}: {out.data[-300:]!r}"
                    )
                findings += [f"{reader.key}: {f}" for f in scan(out, exp.forbidden, asked)]
            findings += [f"{reader.key}: {f}" for f in _not_found_alike(outputs, ctx)]
            findings += _count_findings(reader, exp, outputs)
    for reader, out in _bundle_outputs(node, tmp):
        checks += 1
        findings += [f"{reader.key}: {f}" for f in scan(out, expected(reader, world).forbidden)]
    hit_checks, hit_findings = _hit_findings(node, world)
    return checks + hit_checks, [f"seed {seed}: {f}" for f in findings + hit_findings]


def _count_findings(reader: Reader, exp: Expected, outputs: list[Output]) -> list[str]:
    """The statement export lists exactly the records the reference says are visible."""
    import json

    export = next(o for o in outputs if o.exit == "api GET /api/statements")
    if export.status == 403:  # a role without export (the auditor): nothing to count, nothing shown
        return []
    if export.status != 200:
        return [f"{reader.key}: /api/statements answered {export.status}"]
    lines = [json.loads(line) for line in readable(export.data).decode().splitlines() if line.strip()]
    got = {row["entity_id"] for row in lines}
    if got == exp.entity_ids:
        return []
    return [
        f"{reader.key}: /api/statements lists {len(got)} records, the reference {len(exp.entity_ids)}; "
        f"extra {sorted(got - exp.entity_ids)[:5]}, missing {sorted(exp.entity_ids - got)[:5]}"
    ]


def test_leak_hunt(node: Node, cli: Cli, tmp_path: Path) -> None:
    fixed = os.environ.get("CORRIDOR_LEAK_SEED")
    seed = int(fixed) if fixed else random.randrange(1 << 30)
    try:
        checks, findings = hunt(node, cli, tmp_path, seed, cells=scaled(6))
    except AssertionError as exc:  # a load or coverage failure: name the world to replay it
        raise AssertionError(f"seed {seed} (CORRIDOR_LEAK_SEED={seed} replays it): {exc}") from exc
    record("leak_hunt", checks=checks, leaked=len(findings), seed=seed)
    assert findings == [], "\n".join(findings[:40])
