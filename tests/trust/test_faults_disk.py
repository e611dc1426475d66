"""The disk fills up in the middle of an ingest: a clear error (exit 69), nothing half-written,
the audit chain intact, and once space is freed the same command finishes the job."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings
from ingest._helpers import run_ingest, write_mapping
from ingest.test_kill import MAPPING, write_big_csv
from trust._faults import audit_verifies, cli, small_disk, statement_rows
from trust._soak import record, scaled

pytestmark = pytest.mark.slow


def fill(disk: Path, leave: int) -> Path:
    """A ballast file that leaves ``leave`` bytes free on ``disk``."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    ballast = disk / "ballast"
    with ballast.open("wb") as out:
        os.posix_fallocate(out.fileno(), 0, max(0, free - leave))
    return ballast


def test_disk_full_during_ingest_then_rerun(tmp_path: Path) -> None:
    with small_disk(96 * 1024) as disk:
        if disk is None:
            pytest.skip("needs root to mount a size-limited tmpfs")
        data = tmp_path / "big.csv"
        write_big_csv(data)
        mapping = write_mapping(tmp_path / "m.yml", MAPPING)
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        with Node.initialise(Settings(db=str(fresh / "f.db"), key_dir=fresh / "keys"), "GB-NCA") as clean:
            load_test_partners(clean)
            run_ingest(clean, data, mapping)
        expected = statement_rows(str(fresh / "f.db"), fresh / "keys")

        keys = tmp_path / "keys"
        db = str(disk / "store.db")
        with Node.initialise(Settings(db=db, key_dir=keys), "GB-NCA") as node:
            load_test_partners(node)
        command = ("ingest", str(data), "--mapping", str(mapping), "--agency", "RS-MUP", "--marking", "B2 P")
        faults = 0
        for round_ in range(scaled(2)):
            ballast = fill(disk, leave=(256 + 512 * round_) * 1024)
            code, err = cli(db, *command, keys=keys)
            assert code == 69, err
            assert "full" in err
            assert "Traceback" not in err
            faults += 1
            assert audit_verifies(db, keys)
            assert statement_rows(db, keys) == []
            with Node.open(Settings(db=db, key_dir=keys)) as node:
                assert [e for e in node.audit.events() if e.action == "collection"] == []
            ballast.unlink()
        code, out = cli(db, *command, keys=keys)
        assert code == 0, out
        assert audit_verifies(db, keys)
        got = statement_rows(db, keys)
        lost, extra = len(set(expected) - set(got)), len(got) - len(expected)
        assert got == expected
        record("faults", faults=faults, lost=lost, duplicated=extra)
