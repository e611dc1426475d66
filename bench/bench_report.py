"""Report benchmark: a target profile's gathering, HTML and PDF time, against Chromium's print.

Run as ``.venv/bin/python bench/bench_report.py [--scenario tiny|demo] [--targets N]
[--no-large]``. Writes ``bench/results/report.json``.

**Large**: on the large scenario's store (``bench/_large.py``, about 12 million
statements, records merged by the truth), target profiles of the smugglers paid most often and of
the travellers with the most records (chosen from the scenario's truth, so choosing them
reads nothing): gathering (the target's neighbourhood through the door), HTML and PDF,
with CPU seconds and the peak memory of the process.

The scenario is generated, ingested into a SQLite node and merged by its truth (as the
geo tests do); the targets are the people with the most events and payments. For each:

* **gather**: ``target_data`` — the cluster, the graph and key-player score, events,
  payments, through the door;
* **html**: Jinja2 rendering with the banner;
* **pdf**: WeasyPrint (what corridor uses: no browser on the node, paged-media CSS for
  the banner on every page);
* **chromium**: the same HTML printed to PDF by headless Chromium through Playwright —
  what a user would otherwise pick — reported as the ratio ``pdf / chromium``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]


def _targets(view: Any, count: int) -> list[str]:
    from corridor.finance import read_ledger
    from corridor.geo import read_observations

    seen: Counter[str] = Counter()
    for obs in read_observations(view).observations:
        seen.update(obs.persons)
    for t in read_ledger(view).transfers:
        seen.update(t.payers + t.beneficiaries)
    visible = {s.entity_id for s in view.statements(entity_ids=[p for p, _ in seen.most_common(count * 5)])}
    return [p for p, _ in seen.most_common(count * 5) if p in visible][:count]


def _banner_pages(pdf: bytes, text: str) -> str:
    """``k/n``: on how many of the PDF's pages the banner text is found."""
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return f"{sum(text in (p.extract_text() or '') for p in pages)}/{len(pages)}"


def _large_targets(truth: Path, count: int) -> list[str]:
    """Record ids of the most-paid smugglers and the most-recorded travellers, from the truth."""
    import json

    from corridor.ingest import namespaced_id

    paid: Counter[str] = Counter()
    records: dict[str, list[str]] = {}

    def add(kind: str, item: dict[str, Any]) -> None:
        if kind == "payment":
            paid[item["payee"]] += 1
        elif kind == "record":
            records.setdefault(item["person"], []).append(namespaced_id(item["agency"], item["source_id"]))

    if truth.exists():  # large scenarios write the truth as JSON lines
        with truth.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(('{"kind":"payment"', '{"kind":"record"')):
                    item = json.loads(line)
                    add(item["kind"], item)
    else:
        whole = json.loads(truth.with_suffix(".json").read_text(encoding="utf-8"))
        for kind, key in (("payment", "payments"), ("record", "records")):
            for item in whole[key]:
                add(kind, item)
    smugglers = [p for p, _ in paid.most_common() if p in records][:count]
    travellers = sorted((p for p in records if p not in paid), key=lambda p: (-len(records[p]), p))[:count]
    return [min(records[p]) for p in smugglers + travellers]


def bench_large(count: int) -> dict[str, Any]:
    """Target profiles on the large store: gather, HTML, PDF per target."""
    import os

    from _large import merged_store

    from corridor.access import Node
    from corridor.report import banner, pdf_bytes, render
    from corridor.report._target import target_data

    store = merged_store()
    targets = _large_targets(store.scenario / "truth.jsonl", count)
    pdf_bytes("<p>warm-up: fonts</p>")
    rows: list[dict[str, Any]] = []
    with Node.open(store.settings()) as node, peak_memory() as memory:
        view = node.store.view(node.principal())
        for target in targets:
            load = os.getloadavg()[0]
            t0, c0 = time.perf_counter(), time.process_time()
            data = target_data(view, target)
            t1, c1 = time.perf_counter(), time.process_time()
            html = render("target.html.j2", data.context, markings=banner(data.facts), title=data.title)
            t2 = time.perf_counter()
            pdf = pdf_bytes(html)
            t3 = time.perf_counter()
            rows.append(
                {
                    "target": target,
                    "facts": len({s.id for s in data.facts}),
                    "events": len(data.context["events"]),
                    "payments": len(data.context["payments"]),
                    "associates": len(data.context["associates"]),
                    "pdf_bytes": len(pdf),
                    "gather_s": round(t1 - t0, 2),
                    "gather_cpu_s": round(c1 - c0, 2),
                    "html_s": round(t2 - t1, 2),
                    "pdf_s": round(t3 - t2, 2),
                    "loadavg_1min": round(load, 2),
                }
            )
            print(f"large: {rows[-1]}", flush=True)
    return {
        "store": store.summary(),
        "targets": rows,
        "median": {
            "gather_s": statistics.median(r["gather_s"] for r in rows),
            "gather_cpu_s": statistics.median(r["gather_cpu_s"] for r in rows),
            "pdf_s": statistics.median(r["pdf_s"] for r in rows),
        },
        "peak_rss_mib": memory.peak_mib,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="tiny")
    parser.add_argument("--targets", type=int, default=3)
    parser.add_argument("--large-targets", type=int, default=3, help="of each kind on the large store")
    parser.add_argument("--no-large", action="store_true", help="skip the large scenario")
    parser.add_argument("--only-large", action="store_true", help="only the large scenario (keep the rest)")
    args = parser.parse_args(argv)
    if args.only_large:
        import json

        from _common import RESULTS

        kept = json.loads((RESULTS / "report.json").read_text())
        kept = {k: v for k, v in kept.items() if k not in ("benchmark", "measured_at", "machine")}
        kept["large"] = bench_large(args.large_targets)
        write_results("report", kept)
        return 0
    from playwright.sync_api import sync_playwright

    from corridor.report import banner, pdf_bytes, render
    from corridor.report._target import target_data
    from geo._scenario import load

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        scenario = load(Path(tmp) / "scenario", Path(tmp) / "node.db", size=args.scenario)
        load_s = time.perf_counter() - started
        node = scenario.node
        view = node.store.view(node.principal())
        statements = view.count()
        targets = _targets(view, args.targets)
        pdf_bytes("<p>warm-up: fonts</p>")
        rows: list[dict[str, Any]] = []
        with sync_playwright() as pw, peak_memory() as memory:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for target in targets:
                t0 = time.perf_counter()
                data = target_data(view, target)
                t1 = time.perf_counter()
                html = render("target.html.j2", data.context, markings=banner(data.facts), title=data.title)
                t2 = time.perf_counter()
                pdf = pdf_bytes(html)
                t3 = time.perf_counter()
                page.set_content(html)
                chrome_pdf = page.pdf(format="A4")
                t4 = time.perf_counter()
                rows.append(
                    {
                        "target": target,
                        "facts": len({s.id for s in data.facts}),
                        "events": len(data.context["events"]),
                        "payments": len(data.context["payments"]),
                        "associates": len(data.context["associates"]),
                        "html_bytes": len(html),
                        "pdf_bytes": len(pdf),
                        "gather_s": round(t1 - t0, 3),
                        "html_s": round(t2 - t1, 3),
                        "pdf_s": round(t3 - t2, 3),
                        "chromium_pdf_s": round(t4 - t3, 3),
                        "chromium_pdf_bytes": len(chrome_pdf),
                        "banner_pages": _banner_pages(pdf, data_banner := banner(data.facts).text),
                        "chromium_banner_pages": _banner_pages(chrome_pdf, data_banner),
                    }
                )
                print(rows[-1], flush=True)
            browser.close()
        node.close()
    pdf = statistics.median(r["pdf_s"] for r in rows)
    chrome = statistics.median(r["chromium_pdf_s"] for r in rows)
    large = None if args.no_large else bench_large(args.large_targets)
    write_results(
        "report",
        {
            "scenario": args.scenario,
            "statements": statements,
            "load_s": round(load_s, 1),
            "targets": rows,
            "median": {
                "gather_s": statistics.median(r["gather_s"] for r in rows),
                "html_s": statistics.median(r["html_s"] for r in rows),
                "pdf_s": pdf,
                "chromium_pdf_s": chrome,
                "pdf_vs_chromium": round(pdf / chrome, 2) if chrome else None,
            },
            "peak_rss_mib": memory.peak_mib,
            "note": "banner_pages / chromium_banner_pages: pages whose text carries the handling banner "
            "(drawn by @page margin boxes) in each renderer's PDF.",
            **({"large": large} if large else {}),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
