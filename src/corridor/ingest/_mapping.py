"""Reading a mapping file: FollowTheMoney mapping queries plus corridor's options.

FtM itself checks the queries (schemata, properties, entity references and their ranges,
circular references) by building a ``QueryMapping``; its ``EntityMapping`` and
``PropertyMapping`` objects are then compiled into plain plans (``_compile.py``) that map
rows without building an FtM proxy per entity, which is what makes ingest fast. Keeping
FtM as the parser means a mapping that FtM accepts means the same thing here.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from corridor.core import FieldError, InvalidInput
from corridor.ingest._options import Options, parse_options

QUERY_KEYS = frozenset({"entities", "filters", "filters_not", "csv_url", "csv_urls", "database", "tables", "joins"})


@dataclass(frozen=True, slots=True)
class MappingFile:
    """A parsed mapping file: its FtM queries (as data) and its corridor options."""

    path: Path
    sha256: str
    queries: tuple[dict[str, Any], ...]
    options: Options


def _fail(path: Path, reason: str, field: str | None = None) -> InvalidInput:
    return InvalidInput("invalid mapping", errors=[FieldError(reason, file=str(path), field=field)])


def load_mapping(path: Path) -> MappingFile:
    """Read a mapping YAML file, or raise ``InvalidInput`` naming what is wrong in it.

    Accepted shapes: a bare query (``entities:`` at the top), ``query:`` or ``queries:``
    at the top, or an FtM mapping file (``dataset_name: {queries: [...]}``, one dataset).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no such mapping file: {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read mapping {path}: {exc.strerror}") from None
    try:
        # The C loader when PyYAML has it: the pure-Python one takes ~50 ms per mapping.
        data = yaml.load(raw.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders only
    except UnicodeDecodeError:
        raise _fail(path, "mapping file is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise _fail(path, f"not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise _fail(path, "a mapping file is a YAML mapping with an entities: block")
    corridor_block = data.get("corridor")
    queries = _queries(path, {k: v for k, v in data.items() if k != "corridor"})
    if corridor_block is None:
        for query in queries:
            corridor_block = query.pop("corridor", None) or corridor_block
    options = parse_options(corridor_block, str(path))
    for query in queries:
        query.pop("corridor", None)
        _check_query(path, query)
    return MappingFile(path=path, sha256=hashlib.sha256(raw).hexdigest(), queries=tuple(queries), options=options)


def _queries(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    if "entities" in data:
        return [dict(data)]
    if "query" in data or "queries" in data:
        found = data.get("queries", data.get("query"))
        items = found if isinstance(found, list) else [found]
        if not items or not all(isinstance(q, dict) for q in items):
            raise _fail(path, "queries must be a list of mappings with an entities: block", "queries")
        return [dict(q) for q in items if isinstance(q, dict)]
    datasets = [v for v in data.values() if isinstance(v, dict) and ("queries" in v or "query" in v)]
    if len(datasets) == 1:
        inner = dict(datasets[0])
        queries = _queries(path, {k: v for k, v in inner.items() if k in ("query", "queries")})
        if "corridor" in inner:
            queries[0].setdefault("corridor", inner["corridor"])
        return queries
    raise _fail(path, "no entities: block (an FtM mapping query names the entities each row makes)", "entities")


def _check_query(path: Path, query: dict[str, Any]) -> None:
    entities = query.get("entities")
    if not isinstance(entities, dict) or not entities:
        raise _fail(path, "entities: must map names to entity mappings", "entities")
    for key in ("filters", "filters_not"):
        if query.get(key) is not None and not isinstance(query.get(key), dict):
            raise _fail(path, f"{key}: must map column names to values", key)
    for name, entity in entities.items():
        if not isinstance(entity, dict):
            raise _fail(path, f"entity {name!r} must be a mapping with a schema", f"entities.{name}")
        props = entity.get("properties") or {}
        if not isinstance(props, dict):
            raise _fail(path, f"properties of {name!r} must be a mapping", f"entities.{name}.properties")
        for prop, spec in props.items():
            if not isinstance(spec, dict):
                raise _fail(
                    path,
                    f"property {prop!r} of {name!r} must be a mapping (column:, literal:, …)",
                    f"entities.{name}.{prop}",
                )


def ftm_query(path: Path, query: dict[str, Any], *, csv_url: str = "/dev/null") -> Any:
    """Build FollowTheMoney's own ``QueryMapping`` for a query, or raise ``InvalidInput``.

    FtM insists on a data source in the query; ``csv_url`` satisfies it and is never read
    here (the benchmark passes the real file to compare with FtM's own pipeline).
    """
    from followthemoney import model
    from followthemoney.exc import InvalidMapping
    from followthemoney.mapping.query import QueryMapping

    data = {k: v for k, v in query.items() if k in QUERY_KEYS - {"database", "tables", "joins", "csv_urls"}}
    data["csv_url"] = csv_url
    try:
        with warnings.catch_warnings():
            # A deprecated schema or property still maps; FtM's warning is no reason to fail.
            warnings.simplefilter("ignore", DeprecationWarning)
            return QueryMapping(model, data)
    except InvalidMapping as exc:
        raise _fail(path, str(exc)) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise _fail(path, f"malformed query: {exc}") from None
