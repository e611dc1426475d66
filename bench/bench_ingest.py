"""Ingest benchmark: rows/s and statements/s from CSV and XLSX into SQLite and PostgreSQL.

Writes ``bench/results/ingest.json``. By default the input is the large scenario's biggest
CSV file (``rs-mup/interceptions.csv``: 218k rows, 2.6M statements; the scenario is
generated once by ``bench/_large.py``, or read from ``CORRIDOR_BENCH_SCENARIO``) with its
own mapping, and an XLSX workbook made from it. ``--synthetic`` uses a generated file of
person rows shaped like a national interceptions export instead (``--rows N``). In the
same run, FollowTheMoney's own pipeline (``QueryMapping`` reading the same CSV and mapping
every record to entities, no store) is timed on the same file, and so is corridor's
mapping without the store, so the ratios compare like with like.

Run: ``.venv/bin/python bench/bench_ingest.py [--synthetic --rows N] [--limit N]
[--postgres-url URL] [--no-postgres] [--no-xlsx]``.
"""
# ruff: noqa: RUF001, RUF100 - Cyrillic, Turkish and typographic letters are data here (RUF100: pyproject already ignores them)

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, postgres_url, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.ingest import ftm_query, ingest_file, load_mapping
from corridor.model import Agency, parse_marking

FIRST = ("Марко", "Јован", "Драган", "Милош", "Ахмед", "Мустафа", "Омар", "Али", "Хасан", "Тарек", "Јелена", "Ана")
LAST = ("Петровић", "Јовановић", "Николић", "Ал-Шами", "Карими", "Хосеини", "Мансур", "Ахмади", "Хоџа", "Леши")
COUNTRIES = ("Сирија", "Авганистан", "Пакистан", "Ирак", "Мароко", "Турска", "Србија", "Албанија")
PLACES = ("Прешево", "Суботица", "Кањижа", "Шид", "Београд", "Зајечар")
MAPPING = """\
entities:
  person:
    schema: Person
    id_column: ид
    properties:
      name: {columns: [име, презиме], join: " "}
      firstName: {column: име}
      lastName: {column: презиме}
      birthDate: {column: датум_рођења}
      nationality: {column: држављанство}
      phone: {column: телефон}
      notes: {column: напомена}
  event:
    schema: Event
    id_column: број_предмета
    properties:
      name: {column: број_предмета}
      date: {column: датум}
      location: {column: место}
      involved: {entity: person}
corridor:
  lang: srp
  script: Cyrl
  phone_region: RS
  date_formats:
    датум: ["%d.%m.%Y."]
    датум_рођења: ["%d.%m.%Y."]
"""
HEADER = (
    "ид",
    "број_предмета",
    "датум",
    "место",
    "презиме",
    "име",
    "датум_рођења",
    "држављанство",
    "телефон",
    "напомена",
)


def rows(count: int, seed: int = 1) -> list[tuple[str, ...]]:
    """Realistic person rows (each person unique, cases shared by groups of about ten)."""
    rng = random.Random(seed)
    out: list[tuple[str, ...]] = []
    for i in range(count):
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1960, 2006)
        out.append(
            (
                f"RS-INT-{i:07d}",
                f"RS-KU-2024-{i // 10:06d}",
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024.",
                rng.choice(PLACES),
                rng.choice(LAST) + ("" if i % 3 else f"-{i % 97}"),
                rng.choice(FIRST),
                f"{day:02d}.{month:02d}.{year}.",
                rng.choice(COUNTRIES),
                f"06{rng.choice('012345')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}" if i % 4 else "",
                "Пешице преко зелене границе" if i % 2 else "",
            )
        )
    return out


def write_csv(path: Path, data: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(HEADER) + "\n")
        for row in data:
            handle.write(";".join(row) + "\n")


def write_xlsx(path: Path, data: list[tuple[str, ...]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Лица")
    sheet.append(list(HEADER))
    for row in data:
        sheet.append(list(row))
    book.save(path)


def large_input(work: Path, limit: int | None) -> tuple[Path, Path, str, str]:
    """The large scenario's biggest CSV (its first ``limit`` rows if given), its mapping, agency, marking."""
    import json

    from _large import scenario_dir

    scenario = scenario_dir("large")
    manifest = json.loads((scenario / "manifest.json").read_text(encoding="utf-8"))
    item = max((f for f in manifest["files"] if f["format"] == "csv"), key=lambda f: f["records"])
    source = scenario / item["path"]
    path = work / Path(item["path"]).name
    with source.open(encoding="utf-8-sig") as handle, path.open("w", encoding="utf-8", newline="") as target:
        for number, line in enumerate(handle):
            if limit is not None and number > limit:
                break
            target.write(line)
    mapping = work / "mapping.yml"
    mapping.write_text((scenario / item["mapping"]).read_text(encoding="utf-8"), encoding="utf-8")
    return path, mapping, item["agency"], item["marking"]


def xlsx_copy(csv_path: Path, mapping: Path, work: Path) -> tuple[Path, Path]:
    """The CSV as a one-sheet workbook (xlsxwriter, constant memory) and the mapping for it."""
    import csv

    import xlsxwriter
    import yaml

    parsed = load_mapping(mapping)
    target = work / (csv_path.stem + ".xlsx")
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("rows")
    delimiter = parsed.options.delimiter or ","
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter=delimiter)):
            sheet.write_row(number, 0, row)
    book.close()
    document = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    block = document.setdefault("corridor", {})
    for key in ("encoding", "delimiter"):
        block.pop(key, None)
    block["format"] = "xlsx"
    xlsx_mapping = work / "mapping-xlsx.yml"
    xlsx_mapping.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return target, xlsx_mapping


def run_corridor(
    url: str, key_dir: Path, path: Path, mapping: Path, rows_count: int, agency: str = "RS-MUP", marking: str = "B2 P"
) -> dict[str, Any]:
    """One ingest into a fresh store; rows/s, statements/s and peak RSS."""
    settings = Settings(db=url, key_dir=key_dir)
    with Node.initialise(settings, "GB-NCA") as node:
        with node.store.transaction() as conn:
            node.store.replace_partners(
                conn, agencies=[Agency(agency, agency, agency[:2])], users=[], operations=[], agreements=[]
            )
        load = os.getloadavg()[0]
        with peak_memory() as memory:
            start, cpu = time.perf_counter(), time.process_time()
            report = ingest_file(
                node, node.principal(), path, agency=agency, marking=parse_marking(marking), mapping=mapping
            )
            seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
        assert report.rejected == 0, report.errors[:3]
        assert report.rows == rows_count
    return {
        "rows": report.rows,
        "entities": report.entities,
        "statements": report.statements,
        "seconds": round(seconds, 2),
        "rows_per_s": round(report.rows / seconds),
        "statements_per_s": round(report.statements / seconds),
        "cpu_seconds": round(cpu_s, 2),
        "statements_per_cpu_s": round(report.statements / cpu_s),
        "peak_rss_mib": memory.peak_mib,
        "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def run_corridor_mapping_only(path: Path, mapping: Path, agency: str = "RS-MUP") -> dict[str, Any]:
    """corridor's reader, mapping and cleaning, without the store (statements built, not written)."""
    from corridor.ingest import compile_query, open_tables
    from corridor.ingest._rejects import RejectsWriter
    from corridor.ingest._run import IngestReport, _Emitter, _map_tables, _RowMarkings

    parsed = load_mapping(mapping)
    plans = [compile_query(ftm_query(mapping, q), q, parsed.options, agency) for q in parsed.queries]
    load = os.getloadavg()[0]
    with peak_memory() as memory:
        start, cpu = time.perf_counter(), time.process_time()
        tables = open_tables(path, "csv", parsed.options)
        report = IngestReport(file=str(path))
        rejects = RejectsWriter(path)
        marks = _RowMarkings(parse_marking("B2 P"), parsed.options)
        emitter = _Emitter("b", agency, "t")
        statements = sum(1 for _ in _map_tables(tables, plans, marks, emitter, agency, report, rejects, None))
        seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
        rejects.discard()
        for table in tables:
            table.close()
    return {
        "rows": report.rows,
        "statements": statements,
        "seconds": round(seconds, 2),
        "rows_per_s": round(report.rows / seconds),
        "statements_per_s": round(statements / seconds),
        "cpu_seconds": round(cpu_s, 2),
        "statements_per_cpu_s": round(statements / cpu_s),
        "peak_rss_mib": memory.peak_mib,
        "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def run_ftm(path: Path, mapping: Path) -> dict[str, Any]:
    """FollowTheMoney's own pipeline on the same file: its CSV source and ``QueryMapping.map``."""
    import logging

    logging.getLogger("followthemoney").setLevel(logging.ERROR)
    parsed = load_mapping(mapping)
    query = dict(parsed.queries[0])
    # FtM reads CSV with the default dialect; give it a comma-separated copy of the file.
    comma = path.with_name(path.stem + ".comma.csv")
    with path.open(encoding="utf-8-sig") as source, comma.open("w", encoding="utf-8", newline="") as target:
        import csv

        writer = csv.writer(target)
        for row in csv.reader(source, delimiter=parsed.options.delimiter or ";"):
            writer.writerow(row)
    ftm = ftm_query(mapping, query, csv_url=str(comma))
    load = os.getloadavg()[0]
    with peak_memory() as memory:
        start, cpu = time.perf_counter(), time.process_time()
        records = entities = statements = 0
        for record in ftm.source.records:
            records += 1
            for entity in ftm.map(record).values():
                entities += 1
                statements += 1 + sum(len(values) for values in entity.properties.values())
        seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    comma.unlink()
    return {
        "rows": records,
        "entities": entities,
        "statements": statements,
        "seconds": round(seconds, 2),
        "rows_per_s": round(records / seconds),
        "statements_per_s": round(statements / seconds),
        "cpu_seconds": round(cpu_s, 2),
        "statements_per_cpu_s": round(statements / cpu_s),
        "peak_rss_mib": memory.peak_mib,
        "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        "note": "FtM maps to entities in memory: no store, no selectors, no transliteration, "
        "and it drops the dd.mm.yyyy. dates it cannot parse without a format; "
        "its statement count is the entities' values, corridor's adds Latin forms and keeps originals",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", action="store_true", help="a generated file instead of the large scenario's")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the --synthetic file")
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows of the scenario's file")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="corridor-bench-ingest-"))
    if args.synthetic:
        data = rows(args.rows)
        csv_path, mapping = work / "interceptions.csv", work / "m.yml"
        write_csv(csv_path, data)
        mapping.write_text(MAPPING, encoding="utf-8")
        agency, marking = "RS-MUP", "B2 P"
        described = "interceptions-like person rows, Cyrillic, ; separated; mapping: Person + Event per row"
        del data
    else:
        csv_path, mapping, agency, marking = large_input(work, args.limit)
        described = f"large scenario (seed 7): {csv_path.name} of {agency} with its own mapping"
    with csv_path.open(encoding="utf-8") as handle:
        row_count = sum(1 for _ in handle) - 1
    inputs = [("csv", csv_path, mapping)]
    xlsx_path: Path | None = None
    if not args.no_xlsx:
        xlsx_path, xlsx_mapping = xlsx_copy(csv_path, mapping, work)
        inputs.append(("xlsx", xlsx_path, xlsx_mapping))
    # Warm the one-off costs (FtM's country index, ICU, phone metadata) outside the timings.
    run_corridor_mapping_only(csv_path, mapping, agency)

    results: list[dict[str, Any]] = []
    ftm = run_ftm(csv_path, mapping)
    print("ftm", ftm)
    mapping_only = run_corridor_mapping_only(csv_path, mapping, agency)
    print("corridor mapping only", mapping_only)
    for fmt, path, fmt_mapping in inputs:
        result = run_corridor(
            str(work / f"{fmt}.db"), work / f"keys-{fmt}", path, fmt_mapping, row_count, agency, marking
        )
        results.append({"backend": "sqlite", "format": fmt, **result})
        print(results[-1])

    def postgres(admin: str) -> None:
        import psycopg

        for fmt, path, fmt_mapping in inputs:
            name = f"bench_ingest_{fmt}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            url = admin.rsplit("/", 1)[0] + "/" + name
            result = run_corridor(url, work / f"keys-pg-{fmt}", path, fmt_mapping, row_count, agency, marking)
            results.append({"backend": "postgresql", "format": fmt, **result})
            print(results[-1])

    if args.postgres_url:
        postgres(args.postgres_url)
    elif not args.no_postgres:
        with postgres_url() as admin:
            if admin is not None:
                postgres(admin)

    csv_sqlite = next(r for r in results if r["backend"] == "sqlite" and r["format"] == "csv")
    write_results(
        "ingest",
        {
            "sizes": {
                "rows": row_count,
                "csv_bytes": csv_path.stat().st_size,
                "xlsx_bytes": xlsx_path.stat().st_size if xlsx_path is not None else None,
            },
            "input": described,
            "goal": {"statements_per_s_csv_sqlite": 100_000, "peak_rss_mib_max": 1024},
            "results": results,
            "corridor_mapping_only": mapping_only,
            "followthemoney_pipeline": ftm,
            "ratios": {
                "corridor_csv_sqlite_rows_vs_ftm_rows": round(csv_sqlite["rows_per_s"] / ftm["rows_per_s"], 2),
                "corridor_mapping_only_rows_vs_ftm_rows": round(mapping_only["rows_per_s"] / ftm["rows_per_s"], 2),
                "corridor_csv_sqlite_rows_per_cpu_s_vs_ftm": round(
                    (csv_sqlite["rows"] / csv_sqlite["cpu_seconds"]) / (ftm["rows"] / ftm["cpu_seconds"]), 2
                ),
            },
            "note": "machine shared with other engineers' jobs (see loadavg_1min, before and after each run); "
            "per CPU-second figures count this process's every thread and are the least disturbed by the load",
        },
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
