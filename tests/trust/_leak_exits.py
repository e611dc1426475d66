"""Every exit of a node, as bytes to grep: API endpoints, CLI commands, exports, bundles, hits.

The API's endpoints are read from the app's OpenAPI document and the CLI's commands from
its command tree, so an endpoint or command added later is either queried here or makes
the leak hunt fail with its name (``unknown_api_routes``, ``unknown_cli_commands``).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from corridor.cli._app import app as cli_app
from corridor.cli._cmd_export import EXPORTERS
from corridor.cli._registry import register_commands

Cli = Callable[..., tuple[int, str, str]]


@dataclass
class Output:
    """One answer a principal got: where from, its status, its bytes."""

    exit: str
    label: str
    status: int
    data: bytes


TIMES: dict[str, float] = {}
"""Seconds spent per exit (to keep the fast run fast)."""

# -- the API ---------------------------------------------------------------------------

API_NOT_EXITS = {
    ("POST", "/api/login"): "authentication (tests/trust/test_auth_*.py)",
    ("POST", "/api/logout"): "authentication",
    ("POST", "/api/tokens"): "authentication; returns only the caller's token",
    ("DELETE", "/api/tokens/{token_id}"): "authentication",
    ("DELETE", "/api/watches/{watch_id}"): "stops one of the agency's own watches",
    ("POST", "/api/sharing/consent/{request_id}"): "answers a consent request about this node's own data",
    ("POST", "/api/operations/conflicts/{conflict_id}/acknowledge"): "an entry (joint operations)",
    ("POST", "/api/operations/{code}/approve"): "an entry (joint operations)",
    ("POST", "/api/operations"): "an entry (joint operations)",
    ("POST", "/api/operations/{code}/targets"): "an entry (joint operations)",
    ("POST", "/api/operations/{code}/status"): "an entry (joint operations)",
    ("POST", "/api/share/bundles"): "node-to-node, signed: an entry, not an exit",
    ("GET", "/api/share/bundles/next"): "node-to-node, signed: the partner bundles are checked as the 'bundle' exit",
    ("POST", "/api/share/psi/evaluate"): "node-to-node, signed: checked as the 'hits' exit",
    ("GET", "/api/share/psi/set"): "node-to-node, signed: checked as the 'hits' exit",
    ("POST", "/api/share/psi/hits"): "node-to-node, signed: the asker reports its own hits",
    ("POST", "/api/share/consent"): "node-to-node, signed: a partner's request to this node",
    ("GET", "/api/share/consent/{request_id}"): "node-to-node, signed: the answer to a partner's own request",
}
"""Endpoints that disclose no stored statement, with the reason (anything new must be added)."""

ENTITY_ROUTES = (
    "/api/entities/{entity_id}",
    "/api/entities/{entity_id}/statements",
    "/api/entities/{entity_id}/neighbours",
)
API_EXITS: dict[tuple[str, str], Callable[[dict[str, Any]], Iterator[tuple[str, str, dict[str, Any]]]]] = {}
"""(method, path) -> requests (method, url, kwargs) given the probe context."""


def _exit(
    method: str, path: str
) -> Callable[[Callable[[dict[str, Any]], Iterator[tuple[str, str, dict[str, Any]]]]], Any]:
    def register(fn: Callable[[dict[str, Any]], Iterator[tuple[str, str, dict[str, Any]]]]) -> Any:
        API_EXITS[(method, path)] = fn
        return fn

    return register


def _get(url: str, **params: Any) -> tuple[str, str, dict[str, Any]]:
    return "GET", url, {"params": params}


def _simple(path: str, **params: Any) -> None:
    API_EXITS[("GET", path)] = lambda ctx: iter([_get(path, **params)])


for _path, _params in {
    "/api/analyse/key-players": {"top": 200},
    "/api/analyse/communities": {},
    "/api/analyse/brokers": {"top": 200},
    "/api/analyse/routes": {},
    "/api/analyse/money": {"top": 200},
    "/api/audit": {"limit": 1000},
    "/api/session": {},
    "/api/tokens": {},
    "/api/statements": {},
    "/api/graph": {"limit": 5000},
    "/api/health": {},
    "/api/map": {"limit": 5000},
    "/api/partners": {},
    "/api/review": {"limit": 500},
    "/api/stats": {},
    "/api/share/key": {},
    "/api/alerts": {},
    "/api/sharing": {},
    "/api/statistics/published": {},
    "/api/operations": {},
    "/api/operations/OP-LEAK": {},
    "/api/operations/OP-LEAK/effect": {},
    "/api/operations/OP-LEAK/report": {},
}.items():
    _simple(_path, **_params)


@_exit("GET", "/api/analyse/path")
def _paths(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for left, right in ctx["pairs"]:
        yield _get("/api/analyse/path", **{"from": left, "to": right})


@_exit("POST", "/api/analyse/disrupt")
def _disrupt(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield "POST", "/api/analyse/disrupt", {"json": {"greedy": 3}}
    for entity_id in ctx["probe_ids"]:
        yield "POST", "/api/analyse/disrupt", {"json": {"remove": [entity_id]}}


@_exit("POST", "/api/watches")
def _watch(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Watching an invisible record or selector: answered like an absent one, never alerted."""
    for target in ctx["probe_ids"] + [f"phone:{p}" for p in ctx["hidden_phones"]]:
        yield "POST", "/api/watches", {"json": {"target": target}}
    yield "POST", "/api/alerts/refresh", {}
    yield _get("/api/alerts")


API_EXITS[("POST", "/api/alerts/refresh")] = lambda ctx: iter([("POST", "/api/alerts/refresh", {})])


@_exit("GET", "/api/reports/network")
def _network_report(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield _get("/api/reports/network")
    if ctx["thorough"]:
        yield _get("/api/reports/network", format="pdf")
    for entity_id in ctx["few"]:
        yield _get("/api/reports/network", organisation=entity_id)


@_exit("GET", "/api/reports/target/{entity_id}")
def _target_report(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for entity_id in ctx["few"]:
        yield _get(f"/api/reports/target/{entity_id}")


@_exit("POST", "/api/review")
def _judge(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for left, right in ctx["pairs"]:
        yield (
            "POST",
            "/api/review",
            {"json": {"left": left, "right": right, "verdict": "unsure", "reason": "leak hunt"}},
        )


@_exit("GET", "/api/search")
def _search(ctx: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for query in ctx["queries"]:
        yield _get("/api/search", q=query, limit=100)


for _route in ENTITY_ROUTES:

    def _entity(ctx: dict[str, Any], route: str = _route) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for entity_id in ctx["probe_ids"]:
            yield _get(route.replace("{entity_id}", entity_id))

    API_EXITS[("GET", _route)] = _entity


for _route in ("/api/operations/{code}", "/api/operations/{code}/effect", "/api/operations/{code}/report"):
    API_EXITS[("GET", _route)] = API_EXITS.pop(("GET", _route.replace("{code}", "OP-LEAK")))


def api_routes(openapi: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (method, path) of the OpenAPI document."""
    return {(m.upper(), p) for p, ops in openapi["paths"].items() for m in ops}


def unknown_api_routes(openapi: dict[str, Any]) -> list[str]:
    """Endpoints neither queried by the leak hunt nor listed as disclosing nothing."""
    known = set(API_EXITS) | set(API_NOT_EXITS)
    return sorted(f"{m} {p}" for m, p in api_routes(openapi) - known)


def api_outputs(client: Any, headers: dict[str, str], ctx: dict[str, Any]) -> Iterator[Output]:
    """Every API answer the principal gets."""
    for (method, path), requests in sorted(API_EXITS.items()):
        for verb, url, kwargs in requests(ctx):
            started = time.perf_counter()
            response = client.request(verb, url, headers=headers, **kwargs)
            TIMES[f"api {method} {path}"] = TIMES.get(f"api {method} {path}", 0.0) + time.perf_counter() - started
            label = f"{verb} {url} {json.dumps(kwargs, sort_keys=True)}"
            yield Output(f"api {method} {path}", label, response.status_code, response.content)


# -- the CLI ---------------------------------------------------------------------------

CLI_NOT_EXITS = {
    "init": "administration",
    "demo": "builds its own demo world",
    "serve": "the API (checked through the API exits)",
    "token": "authentication",
    "ingest": "an entry",
    "resolve": "an entry (judgements); its output counts what the node's admin sees",
    "judge": "an entry",
    "partners load": "administration",
    "audit verify": "says only whether the chain holds",
    "scenario generate": "writes a synthetic world, no store",
    "share keygen": "administration",
    "share key": "the node's public key",
    "share bundle": "checked as the 'bundle' exit (build_bundle for every partner)",
    "share import": "an entry",
    "share push": "needs a partner node over HTTP; same bundle as the 'bundle' exit",
    "share pull": "an entry",
    "share consent request": "asks a partner node over HTTP",
    "share consent answer": "administration of this node's own consent",
    "share consent check": "asks a partner node over HTTP",
    "hits query": "needs a partner node over HTTP; the holder's side is checked as the 'hits' exit",
    "hits refresh": "administration",
    "watch add": "an entry",
    "deconflict add": "an entry",
    "deconflict check": "needs a partner node over HTTP",
    "operation create": "an entry (joint operations)",
    "operation approve": "an entry",
    "operation acknowledge": "an entry",
    "operation deconflict": "needs a partner node over HTTP",
    "operation effect": "an entry",
    "operation outcome": "an entry",
    "operation target add": "an entry",
    "operation task": "an entry",
}


def cli_commands() -> list[str]:
    """Every leaf command of ``corridor``, as words."""
    register_commands()
    root = typer.main.get_command(cli_app)

    def walk(command: Any, prefix: tuple[str, ...]) -> Iterator[str]:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, (*prefix, name))
        else:
            yield " ".join(prefix)

    return list(walk(root, ()))


def _cli_exits(ctx: dict[str, Any], out: Path) -> dict[str, list[list[str]]]:
    exits: dict[str, list[list[str]]] = {
        "analyse money": [["analyse", "money", "--top", "200"]],
        "analyse routes": [["analyse", "routes"]],
        "analyse key-players": [["analyse", "key-players", "--top", "200"]],
        "analyse communities": [["analyse", "communities"]],
        "analyse brokers": [["analyse", "brokers", "--top", "200"]],
        "analyse path": [["analyse", "path", a, b] for a, b in ctx["pairs"]],
        "analyse disrupt": [["analyse", "disrupt", "--greedy", "3"]]
        + [["analyse", "disrupt", "--remove", i] for i in ctx["few"]],
        "review": [["review", "--limit", "500"]] + [["review", "--entity", i] for i in ctx["few"]],
        "alerts": [["alerts", "--refresh"]],
        "watch list": [["watch", "list"]],
        "audit log": [["audit", "log"]],
        "share consent list": [["share", "consent", "list"]],
        "operation list": [["operation", "list"]],
        "report network": [["report", "network", "--out", str(out / "export.html")]]
        + ([["report", "network", "--community", "0", "--out", str(out / "export.pdf")]] if ctx["thorough"] else []),
        "report target": [["report", "target", i, "--out", str(out / "export.html")] for i in ctx["few"]],
        **{
            f"operation {c}": [["operation", c, "OP-LEAK"]] for c in ("show", "status", "timeline", "tasks", "outcomes")
        },
        "export": [["export", "--format", f, "--out", str(out / f"export.{f}")] for f in sorted(EXPORTERS)],
    }
    return exits


def unknown_cli_commands(ctx: dict[str, Any], out: Path) -> list[str]:
    """Commands neither run by the leak hunt nor listed as disclosing nothing."""
    known = set(_cli_exits(ctx, out)) | set(CLI_NOT_EXITS)
    return sorted(set(cli_commands()) - known)


def cli_outputs(cli: Cli, reader: str, ctx: dict[str, Any], out: Path) -> Iterator[Output]:
    """Every CLI answer (stdout, stderr and any file written) the principal gets."""
    out.mkdir(parents=True, exist_ok=True)
    for command, runs in sorted(_cli_exits(ctx, out).items()):
        for args in runs:
            for old in out.glob("export.*"):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
            started = time.perf_counter()
            code, stdout, stderr = cli("--as", reader, "--json", *args)
            TIMES[f"cli {command}"] = TIMES.get(f"cli {command}", 0.0) + time.perf_counter() - started
            data = (stdout + "\n" + stderr).encode("utf-8")
            for written in sorted(out.glob("export.*")):
                files = sorted(p for p in written.rglob("*") if p.is_file()) if written.is_dir() else [written]
                for file in files:
                    data += b"\n" + readable(file.read_bytes())
            yield Output(f"cli {command}", " ".join(args), code, data)


def readable(data: bytes) -> bytes:
    """The bytes to grep: a zip's members unpacked, a PDF's text extracted."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    if data[:5] == b"%PDF-":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        return data + text.encode("utf-8")
    return data


def scan(output: Output, forbidden: dict[str, str], asked: str = "") -> list[str]:
    """Findings: each forbidden canary token found in the output, with what it is.

    ``asked`` is everything the principal itself sent (ids, selectors, search terms): an
    answer may repeat what the asker already knows ("no entity X"); whether such an
    answer gives anything away is what the absent-versus-invisible comparison checks.
    """
    text = readable(output.data).decode("utf-8", errors="replace").lower()
    asked = asked.lower()
    # Tokens are ASCII letters and digits, so JSON's escaping never hides one.
    return [
        f"{output.exit} [{output.label[:160]}] shows {tok!r} ({what})"
        for tok, what in forbidden.items()
        if tok in text and tok not in asked
    ]


def neutral(data: bytes, probe: str) -> str:
    """An answer with the probed id blanked, to compare absent and invisible ids."""
    text = data.decode("utf-8", errors="replace")
    text = text.replace(probe, "<ID>")
    text = re.sub(r'"id":\s*\d+', '"id":0', text)  # a new watch's own number
    return re.sub(r'"(at|created_at|time|timestamp|request_id)":\s*"[^"]*"', r'"\1":""', text)
