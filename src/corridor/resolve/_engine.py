"""Blocking and scoring in DuckDB: candidate pairs from shared keys, scores from Splink.

Blocking is done here, not by Splink's rules, for two reasons: a record carries a list of
keys (token pairs, token with birth date, selectors) and one self-join on the exploded
list finds every pair that shares any key, with no rule order to tune; and an incremental
run joins only the new records' keys to everyone's, which Splink's rules cannot express.
Keys held by more than ``max_block`` records are dropped (a whole cell's phone, a name as
common as *Mohammed Ahmed* with no date), because they would compare thousands of records
pairwise and find almost nothing. The pairs are then handed to Splink
(``register_blocked_pairs_for_predict``), which scores them with the model in ``_model``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corridor.resolve._model import COMPARISONS, PRIOR, level_label, prior_for, settings

MAX_BLOCK = 300
"""A blocking key shared by more records than this is not used to make pairs."""

TOKEN_BLOCK = 50
"""A single name token makes pairs only if at most this many records hold it (a rare surname)."""

RARE = 3
"""A phone, e-mail, address or plate held under at most this many names is rare evidence."""

WIDE = 50
"""Held under more names than this, a selector is no evidence at all (a hotline, a hostel)."""

HUBS = 3
"""An identifier held by more than ``max_block`` records pairs each of them with its first few holders only.

A collector's account turns up in thousands of transfers: every pair would be millions of
comparisons, and dropping the key (as for a hotline) left one person in hundreds of
clusters. A star from a few hubs joins them all with a handful of pairs per record; more
than one hub gives a record whose name is garbled against one hub a second chance.
"""

_COLUMNS = (
    "names",
    "name1",
    "pkeys",
    "toks",
    "phon",
    "sdx",
    "dob_y",
    "dob_m",
    "dob_d",
    "nat",
    "gender",
    "father",
    "strong",
)


@dataclass(frozen=True, slots=True)
class Scored:
    """One scored pair of records (by row number) with the weight of each comparison."""

    left: int
    right: int
    probability: float
    weight: float
    levels: dict[str, tuple[str, float]]
    prior: float = PRIOR

    def explanation(self) -> dict[str, Any]:
        """The comparison levels and match weights behind the score, for analysts."""
        return {
            "score": round(self.probability, 6),
            "match_weight": round(self.weight, 3),
            "prior_weight": round(math.log2(self.prior / (1 - self.prior)), 3),
            "comparisons": [
                {"comparison": name, "level": label, "weight": round(weight, 3)}
                for name, (label, weight) in self.levels.items()
            ],
        }


_SCHEMA: Any = None


def _schema() -> Any:
    global _SCHEMA
    if _SCHEMA is None:
        import pyarrow as pa  # type: ignore[import-untyped]

        _SCHEMA = pa.schema(
            [
                ("unique_id", pa.int64()),
                ("kind", pa.string()),
                ("bkeys", pa.list_(pa.string())),
                ("names", pa.list_(pa.string())),
                ("name1", pa.string()),
                ("pkeys", pa.list_(pa.string())),
                ("toks", pa.list_(pa.string())),
                ("phon", pa.list_(pa.string())),
                ("sdx", pa.list_(pa.string())),
                ("dob_y", pa.int32()),
                ("dob_m", pa.int32()),
                ("dob_d", pa.int32()),
                ("nat", pa.list_(pa.string())),
                ("gender", pa.string()),
                ("father", pa.string()),
                ("strong", pa.list_(pa.string())),
                ("weak_all", pa.list_(pa.string())),
            ]
        )
    return _SCHEMA


def _arrow(rows: Iterable[dict[str, Any]], batch: int = 50_000) -> tuple[Any, int]:
    """The feature rows as one Arrow table, built in batches so the dicts never pile up."""
    import pyarrow as pa

    schema = _schema()
    batches = []
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    count = 0
    for row in rows:
        columns["unique_id"].append(count)
        columns["weak_all"].append(row["weak"])
        for name in ("kind", "bkeys", *_COLUMNS):
            columns[name].append(row[name])
        count += 1
        if count % batch == 0:
            batches.append(pa.RecordBatch.from_pydict(columns, schema=schema))
            columns = {name: [] for name in schema.names}
    batches.append(pa.RecordBatch.from_pydict(columns, schema=schema))
    return pa.Table.from_batches(batches, schema=schema), count


class Engine:
    """One DuckDB database holding the feature table of a resolution run."""

    def __init__(self, rows: Iterable[dict[str, Any]], *, max_block: int = MAX_BLOCK, threads: int | None = None):
        import duckdb

        features, self.size = _arrow(rows)
        self.max_block = max_block
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.register("features_arrow", features)
        # Weak selectors are split by how many differently named records hold them: rare
        # ones are evidence, wide ones barely, and past WIDE (a hotline, a hostel) they are
        # dropped. Names, not records, are counted: one smuggler's phone in forty of his own
        # interception records is still one person's phone, and a cell's phone has many names.
        self.con.execute(
            f"""
            CREATE TABLE weak_keys AS SELECT unique_id AS uid, name1, unnest(weak_all) AS w FROM features_arrow;
            CREATE TABLE weak_counts AS SELECT w, count(DISTINCT name1) AS n FROM weak_keys GROUP BY w;
            CREATE TABLE weak_lists AS
            SELECT uid,
                   list(w) FILTER (WHERE n <= {RARE}) AS weak,
                   list(w) FILTER (WHERE n > {RARE} AND n <= {WIDE}) AS wide
            FROM weak_keys JOIN weak_counts USING (w) GROUP BY uid;
            CREATE TABLE records AS
            SELECT f.* EXCLUDE (weak_all), l.weak, l.wide,
                   count(*) OVER (PARTITION BY f.name1) AS name_n
            FROM features_arrow f LEFT JOIN weak_lists l ON l.uid = f.unique_id;
            DROP TABLE weak_keys; DROP TABLE weak_counts; DROP TABLE weak_lists;
            """  # noqa: S608 - built from constants, integers and table names, never from input
        )
        self.con.unregister("features_arrow")
        self.con.execute(
            """
            UPDATE records SET weak = NULL WHERE len(weak) = 0;
            UPDATE records SET wide = NULL WHERE len(wide) = 0;
            """
        )

    def close(self) -> None:
        """Release the database."""
        self.con.close()

    def block(self, new: Iterable[int] | None = None) -> int:
        """Build the candidate pairs (all, or those touching row numbers ``new``); returns how many."""
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE keys AS
            SELECT unique_id AS uid, unnest(bkeys) AS k FROM records;
            CREATE OR REPLACE TABLE usable AS
            SELECT k FROM keys GROUP BY k
            HAVING count(*) BETWEEN 2 AND CASE WHEN contains(k, '|t|') THEN {int(TOKEN_BLOCK)} ELSE {int(self.max_block)} END;
            CREATE OR REPLACE TABLE kept AS SELECT uid, k FROM keys SEMI JOIN usable USING (k);
            """  # noqa: S608 - built from constants, integers and table names, never from input
        )
        if new is None:
            left = "kept"
        else:
            import pyarrow as pa

            self.con.register("new_arrow", pa.table({"uid": pa.array(sorted(set(new)), pa.int64())}))
            self.con.execute(
                "CREATE OR REPLACE TABLE new_kept AS SELECT uid, k FROM kept SEMI JOIN new_arrow USING (uid)"
            )
            self.con.unregister("new_arrow")
            left = "new_kept"
        touching = (
            ""
            if new is None
            else "WHERE join_key_l IN (SELECT uid FROM new_kept) OR join_key_r IN (SELECT uid FROM new_kept)"
        )
        self.con.execute(
            f"""
            CREATE OR REPLACE TABLE pairs AS
            SELECT DISTINCT least(a.uid, b.uid) AS join_key_l, greatest(a.uid, b.uid) AS join_key_r
            FROM {left} a JOIN kept b ON a.k = b.k AND a.uid <> b.uid;
            CREATE OR REPLACE TABLE star AS
            WITH s AS (SELECT uid, k FROM keys WHERE contains(k, '|S|')),
                 big AS (SELECT k FROM s GROUP BY k HAVING count(*) > {int(self.max_block)}),
                 ranked AS (SELECT uid, k, row_number() OVER (PARTITION BY k ORDER BY uid) AS rn
                            FROM s SEMI JOIN big USING (k))
            SELECT DISTINCT least(a.uid, b.uid) AS join_key_l, greatest(a.uid, b.uid) AS join_key_r
            FROM ranked a JOIN ranked b ON a.k = b.k AND b.rn <= {int(HUBS)} AND a.uid <> b.uid;
            INSERT INTO pairs SELECT * FROM star {touching} EXCEPT SELECT * FROM pairs;
            DROP TABLE star;
            """  # noqa: S608 - built from constants, integers and table names, never from input
        )
        return int(self.con.execute("SELECT count(*) FROM pairs").fetchall()[0][0])

    def score(self, *, minimum: float, prior: float | None = None) -> list[Scored]:
        """Score the candidate pairs with the model; return those at or above ``minimum``."""
        from splink import DuckDBAPI, Linker

        self.con.execute(
            "CREATE OR REPLACE TABLE blocked AS SELECT '0' AS match_key, join_key_l, join_key_r FROM pairs"
        )
        db_api = DuckDBAPI(connection=self.con)
        records = db_api.register("records")
        self.prior = prior_for(self.size) if prior is None else prior
        linker = Linker(records, settings(self.prior), log_level=None)
        linker.table_management.register_blocked_pairs_for_predict(db_api.register("blocked"))
        predictions = linker.inference.predict(threshold_match_probability=minimum, warning_mode="never")
        names = list(COMPARISONS)
        columns = ", ".join(
            ["unique_id_l", "unique_id_r", "match_probability", "match_weight"] + [f"mw_{n}" for n in names]
        )
        rows = self.con.execute(f"SELECT {columns} FROM {predictions.physical_name}").fetchall()  # noqa: S608 - built from constants, integers and table names, never from input
        predictions.drop_table_from_database_and_remove_from_cache()
        out = []
        for row in rows:
            weights = row[4:]
            levels = {
                name: (level_label(name, float(w or 0.0)), float(w or 0.0))
                for name, w in zip(names, weights, strict=True)
            }
            out.append(Scored(int(row[0]), int(row[1]), float(row[2]), float(row[3]), levels, self.prior))
        return out

    def strong_pairs(self) -> list[tuple[int, int, str]]:
        """Pairs of records of one kind that share a strong selector, with the selector (a star past ``max_block``)."""
        rows = self.con.execute(
            f"""
            WITH s AS (SELECT unique_id AS uid, kind, unnest(strong) AS sel FROM records),
                 n AS (SELECT sel, kind, count(*) AS c FROM s GROUP BY sel, kind HAVING count(*) >= 2),
                 r AS (SELECT s.uid, s.kind, s.sel, n.c, row_number() OVER (PARTITION BY s.sel, s.kind ORDER BY s.uid) AS rn
                       FROM s JOIN n USING (sel, kind)),
                 small AS (SELECT * FROM r WHERE c <= {int(self.max_block)}),
                 hubs AS (SELECT * FROM r WHERE c > {int(self.max_block)} AND rn <= {int(HUBS)}),
                 large AS (SELECT * FROM r WHERE c > {int(self.max_block)}),
                 found AS (
                    SELECT a.uid AS l, b.uid AS r, a.sel FROM small a JOIN small b
                    ON a.sel = b.sel AND a.kind = b.kind AND a.uid < b.uid
                    UNION ALL
                    SELECT least(a.uid, b.uid), greatest(a.uid, b.uid), a.sel FROM large a JOIN hubs b
                    ON a.sel = b.sel AND a.kind = b.kind AND a.uid <> b.uid)
            SELECT l, r, min(sel) FROM found GROUP BY l, r
            """  # noqa: S608 - built from constants, integers and table names, never from input
        ).fetchall()
        return [(int(a), int(b), str(s)) for a, b, s in rows]
