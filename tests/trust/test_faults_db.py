"""The database goes away under a running node and comes back: 503 and exit 69 while it is
down, answers again without a restart once it is up, and nothing half-written is left."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings
from share.conftest import person, write
from trust._faults import cli, judgement_rows, pg_server, served, statement_rows, token
from trust._soak import record, scaled

pytestmark = pytest.mark.postgres


def test_postgres_stopped_and_started_under_a_serving_node(tmp_path: Path) -> None:
    with pg_server() as pg:
        if pg is None:
            pytest.skip("PostgreSQL binaries not installed")
        db = pg.database("faults")
        keys = tmp_path / "keys"
        with Node.initialise(Settings(db=db, key_dir=keys), "GB-NCA") as node:
            load_test_partners(node)
            write(node, person("rs.a", "RS-MUP", name="Dragan Kovač") + person("rs.b", "RS-MUP", name="Dragan Kovac"))
        bearer = {"Authorization": f"Bearer {token(db, keys)}"}
        before = statement_rows(db, keys)
        outages = scaled(2)
        with (
            served(db, keys, tmp_path / "serve.log") as (base, proc),
            httpx.Client(base_url=base, headers=bearer, timeout=60) as client,
        ):
            assert client.get("/api/search", params={"q": "Dragan"}).status_code == 200
            for round_ in range(outages):
                pg.stop()
                down = {
                    "health": client.get("/api/health"),
                    "search": client.get("/api/search", params={"q": "Kovač"}),
                    "profile": client.get("/api/entities/rs.a"),
                    "judge": client.post(
                        "/api/review", json={"left": "rs.a", "right": "rs.b", "verdict": "same", "reason": "down"}
                    ),
                }
                assert {k: r.status_code for k, r in down.items()} == dict.fromkeys(down, 503)
                assert all(r.json()["error"] == "backend_unavailable" for r in down.values())
                assert "Traceback" not in down["search"].text
                assert cli(db, "audit", "verify", keys=keys)[0] == 69
                assert cli(db, "ingest", str(tmp_path / "none.csv"), "--agency", "RS-MUP", keys=keys)[0] in (1, 69)
                pg.start()
                assert proc.poll() is None, "the server died with its database"
                assert client.get("/api/health").status_code == 200
                found = client.get("/api/search", params={"q": "Dragan"})
                assert found.status_code == 200, found.text
                assert client.get("/api/entities/rs.a").status_code == 200
                decided = client.post(
                    "/api/review",
                    json={"left": "rs.a", "right": "rs.b", "verdict": "same", "reason": f"up {round_}"},
                )
                assert decided.status_code == 201, decided.text
        code, out = cli(db, "audit", "verify", keys=keys)
        assert code == 0, out
        assert statement_rows(db, keys) == before
        reasons = [r[4] for r in judgement_rows(db, keys) if r[3] == "analyst"]
        assert reasons == [f"up {i}" for i in range(outages)], "a write made while the database was down was kept"
        record("faults", faults=outages, lost=0, duplicated=0)
