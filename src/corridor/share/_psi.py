"""Private hit/no-hit: ECDH private set intersection over ristretto255.

The holder has a secret scalar ``b`` (``KEY_DIR/psi.key``) and keeps, for each of its
selector keys ``x``, the tag of ``H(x)^b`` in ``share_psi_tags``. An asker with selectors
``y`` picks a fresh scalar ``a`` and sends ``H(y)^a``; the holder returns ``(H(y)^a)^b`` in
the same order, and its tags. The asker computes ``((H(y)^a)^b)^(1/a) = H(y)^b`` and looks
its tag up: a hit is exactly a selector both hold. The holder sees only random-looking
group elements (it learns how many selectors were asked, nothing else); the asker sees
the holder's tags, which without ``b`` say nothing about which selectors they stand for,
and each guess would cost an online, rate-limited, audited query. This is the protocol of
Huberman, Franklin and Hogg (1999), as in openmined-psi, with the holder's set sent as
sorted 8-byte tags instead of a Golomb-compressed set.

The holder learns of hits because the asker's node reports them (``report_hits``); the
report names only selectors the holder holds, which it checks. That step relies on the
asker's node following the protocol, as every node of the federation runs corridor.

Sets: ``held`` is every selector value in this node's own (originated, not withdrawn)
statements; ``targets`` is the selectors its live operations registered for
deconfliction. Received data is left out of ``held``: a hit on it would tell the asker
about a third agency's data, so the asker should ask the originator.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, and_, case, delete, exists, func, literal_column, select

from corridor.access import Node
from corridor.core import ConfigError, FieldError, InvalidInput
from corridor.model import SELECTOR_KINDS, normalise_selector, selector_kind_for_property
from corridor.share import _group
from corridor.share._common import own_agency, upsert
from corridor.store import settled, snapshot, tables

PSI_KEY_FILE = "psi.key"
SETS = ("held", "targets")
MAX_QUERY = 1_000_000
"""Most selectors one query may carry."""


def load_psi_scalar(key_dir: Path) -> bytes:
    """The holder's secret scalar, created (mode 0600) on first use.

    Replacing it invalidates every stored tag: delete ``share_psi_tags`` rows and refresh.
    """
    path = key_dir / PSI_KEY_FILE
    if not path.exists():
        key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(_group.random_scalar().hex())
    scalar = bytes.fromhex(path.read_text().strip())
    if len(scalar) != _group.SCALAR_BYTES:
        raise ConfigError(f"hit/no-hit key {str(path)!r} is not a 32-byte scalar")
    return scalar


def match_key(kind: str, value: str) -> str:
    """The text both sides hash: ``kind:value`` of a normalised selector.

    The issuing country of passports, ID numbers and plates is left out: a statement keeps
    the number, not always the country, and a partner's country-less hit is still a lead.
    """
    return f"{kind}:{value}"


def _split_selector(text: str) -> tuple[str, str] | None:
    for sep in (":", ",", "\t", " "):
        kind, found, value = text.strip().partition(sep)
        if found and kind.strip().lower() in SELECTOR_KINDS:
            return kind.strip().lower(), value.strip()
    return None


def is_selector_text(text: str) -> bool:
    """Whether ``text`` is written ``KIND:VALUE`` with a known selector kind."""
    return _split_selector(text) is not None


def parse_selector_line(line: str, where: str) -> str:
    """``KIND:VALUE`` (or ``KIND,VALUE``) from a selectors file, normalised to its match key."""
    parts = _split_selector(line)
    if parts is None:
        raise InvalidInput(
            "bad selector",
            errors=[FieldError("expected KIND:VALUE, e.g. phone:+381641234567", file=where, value=line.strip())],
        )
    selector = normalise_selector(*parts)
    return match_key(selector.kind, selector.value)


def read_selectors(path: Path) -> list[str]:
    """Match keys of every selector in a file (one per line; blank lines and ``#`` skipped)."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    keys: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                keys.append(parse_selector_line(line, f"{path}:{number}"))
    return list(dict.fromkeys(keys))


# -- the holder --------------------------------------------------------------------------

_SELECTOR_PROPS = tables.statements.c.prop.in_([literal_column(f"'{p}'") for p in tables.SELECTOR_PROPS])
"""The partial index's condition written with constants: SQLite uses a partial index only
when the query's terms match its WHERE literally, and bound parameters never do (measured:
a per-tag full scan, minutes for 20,000 tags, against milliseconds)."""


def _version_key(set_name: str) -> str:
    return f"psi_version:{set_name}"


def _bump(node: Node, conn: Connection, set_name: str) -> None:
    # Read through ``conn``: on SQLite every connection begins IMMEDIATE, so a second
    # connection inside this transaction would wait for the lock this one holds.
    found = conn.execute(select(tables.meta.c.value).where(tables.meta.c.key == _version_key(set_name))).scalar()
    node.store.set_meta(conn, _version_key(set_name), str(int(found or 0) + 1))


def _store_tags(node: Node, conn: Connection, set_name: str, pairs: Sequence[tuple[str, str]]) -> None:
    """Blind and store ``(key, value)`` pairs: the only place the holder multiplies."""
    if not pairs:
        return
    scalar = load_psi_scalar(node.keys_path)
    blinded = _group.blind_keys(scalar, [k for k, _ in pairs])
    rows = [
        {"set_name": set_name, "key": k, "value": v, "tag": _group.tag(p).hex()}
        for (k, v), p in zip(pairs, blinded, strict=True)
    ]
    upsert(conn, tables.share_psi_tags, rows, ("set_name", "key"))


@dataclass(frozen=True, slots=True)
class Refresh:
    """What a refresh of a set changed."""

    added: int
    removed: int


_refresh_lock = threading.Lock()


def refresh_held(node: Node) -> Refresh:
    """Bring the ``held`` tags up to date with the store: blind only new selector values.

    Cost: one anti-join each way over the selector index, and a scalar multiplication per
    new value; a store whose statement counts did not change since the last refresh is
    skipped after one count.
    """
    me = own_agency(node)
    s = tables.statements
    h = tables.share_psi_tags
    with _refresh_lock:
        with node.store.engine.connect() as conn:
            # Only published loads: a load in progress is no hit yet (and counts once published).
            published = settled(snapshot(conn))
            mark = conn.execute(
                select(func.count(), func.max(s.c.last_seen), func.sum(case((s.c.withdrawn.is_(True), 1), else_=0)))
                .select_from(s)
                .where(s.c.origin == me, published)
            ).one()
        live = and_(_SELECTOR_PROPS, s.c.withdrawn.is_(False), s.c.origin == me, published)
        stamp = f"{mark[0]}|{mark[1]}|{mark[2] or 0}"
        before = (node.store.get_meta("psi_mark:held") or "||").split("|")
        if before == stamp.split("|"):
            return Refresh(0, 0)
        grew = before[:2] != stamp.split("|")[:2]
        # only a withdrawal or a removal can make a held value stale
        shrank = before[2] != str(mark[2] or 0) or not before[0] or int(before[0]) > mark[0]
        with node.store.transaction() as conn:
            pairs: dict[str, str] = {}
            if grew:
                fresh = conn.execute(
                    select(s.c.schema, s.c.prop, s.c.value)
                    .where(live, ~exists().where((h.c.set_name == "held") & (h.c.value == s.c.value)))
                    .distinct()
                ).all()
                kinds: dict[tuple[str, str], str | None] = {}
                for row in fresh:
                    kind = kinds.get((row.schema, row.prop), "?")
                    if kind == "?":
                        kind = kinds[(row.schema, row.prop)] = selector_kind_for_property(row.schema, row.prop)
                    if kind is not None:
                        pairs[match_key(kind, row.value)] = row.value
                _store_tags(node, conn, "held", list(pairs.items()))
            stale: list[str] = []
            if shrank:
                stale = list(
                    conn.execute(
                        select(h.c.key).where(h.c.set_name == "held", ~exists().where(live & (s.c.value == h.c.value)))
                    ).scalars()
                )
            for start in range(0, len(stale), 5_000):
                conn.execute(delete(h).where((h.c.set_name == "held") & h.c.key.in_(stale[start : start + 5_000])))
            if pairs or stale:
                _bump(node, conn, "held")
            node.store.set_meta(conn, "psi_mark:held", stamp)
        return Refresh(len(pairs), len(stale))


def refresh_targets(node: Node) -> Refresh:
    """Bring the ``targets`` tags up to date with the live deconfliction targets."""
    t = tables.share_targets
    h = tables.share_psi_tags
    with node.store.transaction() as conn:
        wanted = set(conn.execute(select(t.c.key).where(t.c.active.is_(True))).scalars())
        have = set(conn.execute(select(h.c.key).where(h.c.set_name == "targets")).scalars())
        new = sorted(wanted - have)
        gone = sorted(have - wanted)
        _store_tags(node, conn, "targets", [(k, k) for k in new])
        if gone:
            conn.execute(delete(h).where((h.c.set_name == "targets") & h.c.key.in_(gone)))
        if new or gone:
            _bump(node, conn, "targets")
    return Refresh(len(new), len(gone))


_tag_cache: dict[tuple[str, str, str], bytes] = {}


def published_tags(node: Node, set_name: str) -> bytes:
    """The holder's tags of ``set_name``, sorted and concatenated (8 bytes each), cached per version."""
    check_set(set_name)
    version = node.store.get_meta(_version_key(set_name)) or "0"
    cache_key = (node.settings.database_url, set_name, version)
    found = _tag_cache.get(cache_key)
    if found is None:
        with node.store.engine.connect() as conn:
            tags = conn.execute(
                select(tables.share_psi_tags.c.tag).where(tables.share_psi_tags.c.set_name == set_name)
            ).scalars()
            found = b"".join(sorted(bytes.fromhex(x) for x in tags))
        for old in [k for k in _tag_cache if k[:2] == cache_key[:2]]:
            del _tag_cache[old]
        _tag_cache[cache_key] = found
    return found


def check_set(set_name: str) -> None:
    """Refuse an unknown set name."""
    if set_name not in SETS:
        raise InvalidInput(
            "bad set", errors=[FieldError(f"set must be one of {', '.join(SETS)}", field="set", value=set_name)]
        )


def evaluate(node: Node, payload: bytes) -> bytes:
    """The holder's step: ``(H(y)^a)^b`` for every 32-byte point of ``payload``, in order."""
    if len(payload) % _group.POINT_BYTES:
        raise InvalidInput("query is not a whole number of 32-byte points")
    n = len(payload) // _group.POINT_BYTES
    if n > MAX_QUERY:
        raise InvalidInput(f"query of {n} selectors is above the limit of {MAX_QUERY}")
    points = [payload[i : i + _group.POINT_BYTES] for i in range(0, len(payload), _group.POINT_BYTES)]
    return b"".join(_group.multiply(load_psi_scalar(node.keys_path), points))


def held_keys(node: Node, set_name: str, keys: Iterable[str]) -> list[str]:
    """Which of ``keys`` the holder really holds in ``set_name`` (to check a hit report)."""
    wanted = list(dict.fromkeys(keys))
    found: list[str] = []
    with node.store.engine.connect() as conn:
        for start in range(0, len(wanted), 5_000):
            found += conn.execute(
                select(tables.share_psi_tags.c.key).where(
                    (tables.share_psi_tags.c.set_name == set_name)
                    & tables.share_psi_tags.c.key.in_(wanted[start : start + 5_000])
                )
            ).scalars()
    return sorted(found)


# -- the asker ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blinded:
    """The asker's state between sending its query and reading the answer."""

    keys: list[str]
    scalar: bytes
    payload: bytes


def blind(keys: Sequence[str]) -> Blinded:
    """The asker's first step: ``H(y)^a`` for a fresh ``a``."""
    scalar = _group.random_scalar()
    return Blinded(list(keys), scalar, b"".join(_group.blind_keys(scalar, keys)))


def intersect(blinded: Blinded, evaluated: bytes, tags: bytes) -> list[str]:
    """The asker's last step: the selectors whose ``H(y)^b`` tag the holder published."""
    if len(evaluated) != len(blinded.payload):
        raise InvalidInput("the partner answered a different number of selectors than were asked")
    points = [evaluated[i : i + _group.POINT_BYTES] for i in range(0, len(evaluated), _group.POINT_BYTES)]
    unblinded = _group.multiply(_group.invert_scalar(blinded.scalar), points)
    held = {tags[i : i + 8] for i in range(0, len(tags), 8)}
    return [key for key, point in zip(blinded.keys, unblinded, strict=True) if _group.tag(point) in held]
