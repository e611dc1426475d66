"""Records as the resolver sees them: one row of comparable features per visible entity.

Features are computed once per record in Python (names through ICU and the phonetic keys,
dates split into parts, selectors normalised by ``corridor.model``) and handed to DuckDB
as one Arrow table, so blocking and scoring run in SQL over plain columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from corridor.model import Statement, selector_kind_for_property, try_selector
from corridor.resolve._names import name_tokens, phonetic, sound, turkish_reading, variants, vowel_blind

KINDS: dict[str, str] = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "LegalEntity": "org",
    "Vehicle": "vehicle",
    "Vessel": "vessel",
}
"""Schemata the resolver links, and the kind that keeps a person from meeting a car."""

STRONG = frozenset({"passport", "idnumber", "iban", "imei", "crypto", "vin", "mmsi", "imo"})
"""Selector kinds that identify one thing: sharing one is a deterministic link."""

WEAK = frozenset({"phone", "email", "plate", "address"})
"""Selector kinds that several people share (a cell's phone, a safe house): evidence only."""

_NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
_READ_PROPS = (
    "id",
    *_NAME_PROPS,
    "firstName",
    "lastName",
    "fatherName",
    "birthDate",
    "nationality",
    "citizenship",
    "gender",
    "phone",
    "email",
    "passportNumber",
    "idNumber",
    "registrationNumber",
    "mmsi",
    "imoNumber",
    "address",
    "country",
    "ibanMentioned",
)
"""Properties the resolver reads (everything else stays in the store)."""


@dataclass(slots=True)
class Record:
    """The comparable features of one record."""

    entity_id: str
    kind: str
    names: list[str] = field(default_factory=list)
    display: str = ""
    dob: str | None = None
    nationality: list[str] = field(default_factory=list)
    gender: str | None = None
    father: str | None = None
    strong: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)

    def features(self) -> dict[str, Any]:
        """The row the SQL engine compares (see ``_engine``)."""
        names = name_features(self.kind, tuple(self.names))
        year = month = day = None
        if self.dob:
            year, month, day = _date_parts(self.dob)
        father = None
        if self.father:
            ftoks = name_tokens(self.father)
            father = phonetic(ftoks[0]) if ftoks else None
        keys = list(names.keys)
        if year is not None:
            keys.extend(f"{self.kind}|y|{token}|{year}" for token in names.block_sdx)
            if month is not None and day is not None:
                low, high = (month, day) if month < day else (day, month)
                keys.extend(f"{self.kind}|d|{token}|{year}|{low}|{high}" for token in names.block_phon)
        elif len(names.block_phon) == 1:
            keys.append(f"{self.kind}|1|{names.block_phon[0]}")
        keys.extend(f"{self.kind}|S|{key}" for key in self.strong)
        keys.extend(f"{self.kind}|W|{key}" for key in self.weak)
        return {
            "bkeys": keys,
            "entity_id": self.entity_id,
            "kind": self.kind,
            "names": names.joined or None,
            "name1": names.joined[0] if names.joined else None,
            "pkeys": names.pkeys or None,
            "toks": names.tokens or None,
            "phon": names.phon or None,
            "sdx": names.sdx or None,
            "dob_y": year,
            "dob_m": month,
            "dob_d": day,
            "nat": sorted(set(self.nationality)) or None,
            "gender": self.gender,
            "father": father,
            "strong": sorted(set(self.strong)) or None,
            "weak": sorted(set(self.weak)) or None,
        }


@lru_cache(maxsize=100_000)
def _date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    parts = text.split("-")
    year = int(parts[0]) if parts[0].isdigit() else None
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else None
    # A part out of range is a clerk's slip, not a date: month 13-31 with a day up to 12 was
    # written day first; otherwise what is out of range is unknown (``1990-02-70``: February 1990).
    if month is not None and not 1 <= month <= 12:
        if day is not None and 1 <= day <= 12 and month <= 31:
            month, day = day, month
        else:
            month = day = None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


class NameFeatures(NamedTuple):
    """What a record's names give the engine: keys, tokens, phonetic codes, blocking keys."""

    joined: list[str]
    pkeys: list[str]
    tokens: list[str]
    phon: list[str]
    sdx: list[str]
    keys: tuple[str, ...]
    block_phon: list[str]
    block_sdx: list[str]


@lru_cache(maxsize=300_000)
def name_features(kind: str, names: tuple[str, ...]) -> NameFeatures:
    """The name features of a record, memoised: records repeat the same names many times.

    The blocking keys that depend on names alone are made here. A single phonetic token
    finds a rare name whatever else differs (``|t|`` keys have a lower cap in SQL, so common
    tokens make no pairs); pairs of phonetic tokens (and of soundex codes) find a name in any
    order without a date. ``features`` adds the date keys: a token with the birth date (day
    and month sorted, so a swap still meets) finds a name with one mangled token, and a
    soundex token with the birth year catches what metaphone splits. Over-full keys are
    dropped in SQL (see ``_engine``).
    """
    written = {name_tokens(n) for n in names} - {()}
    # A name read as Turkish (``Maced Hacc`` is *Majed Hajj*) is one more way to write it.
    readings = {tuple(sorted(turkish_reading(t) if "c" in t else t for t in k)) for k in written}
    keys_ = sorted(written | readings)
    joined = [" ".join(k) for k in keys_]
    tokens = sorted({v for k in keys_ for t in k for v in variants(t)})
    phon = sorted({phonetic(t) for t in tokens})
    sdx = sorted({sound(t) for t in tokens})
    pkeys = sorted({" ".join(sorted(phonetic(t) for t in k)) for k in keys_})
    # Blocking is looser than scoring: keys ignore which vowel a name starts with, so
    # Omar/Umar and Ibrahim/Ebrahim meet and are then scored on their spelling.
    block_phon = sorted({vowel_blind(p) for p in phon})
    block_sdx = sorted({vowel_blind(p) for p in sdx})
    keys: set[str] = {f"{kind}|t|{token}" for token in block_phon}
    for table, tag in ((block_phon, "p"), (block_sdx, "s")):
        for i, left in enumerate(table):
            for right in table[i + 1 :]:
                keys.add(f"{kind}|{tag}|{left}|{right}")
    return NameFeatures(joined, pkeys, tokens, phon, sdx, tuple(sorted(keys)), block_phon, block_sdx)


def _selector_keys(schema: str, prop: str, value: str, country: str | None) -> Iterator[tuple[str, str]]:
    kind = selector_kind_for_property(schema, prop)
    if prop == "address":
        yield "address", "address:" + " ".join(name_tokens(value))
        return
    if prop == "imoNumber":
        yield "imo", "imo:" + "".join(ch for ch in value.upper() if ch.isalnum())
        return
    if kind is None:
        if schema == "Vehicle" and prop == "registrationNumber":
            kind = "plate"
        else:
            return
    selector = try_selector(kind, value, country=country)
    if selector is None and kind in ("passport", "idnumber"):
        selector = try_selector(kind, value)
    if selector is None:
        return
    if schema == "Vehicle" and kind == "plate":
        vin = try_selector("vin", value)
        if vin is not None:
            yield "vin", vin.key
            return
    # The document number alone: the issuing country is compared separately, because one
    # record may give it and another not.
    key = f"{selector.kind}:{selector.value}"
    yield selector.kind, key


def build_record(entity_id: str, statements: Sequence[Statement]) -> Record | None:
    """The features of one record from its visible statements, or ``None`` if it is not linkable."""
    kind = None
    for stmt in statements:
        kind = KINDS.get(stmt.schema) or kind
    if kind is None:
        return None
    props: dict[str, list[str]] = {}
    schema = statements[0].schema
    for stmt in statements:
        if KINDS.get(stmt.schema):
            schema = stmt.schema
        props.setdefault(stmt.prop, []).append(stmt.value)
    record = Record(entity_id, kind)
    for prop in _NAME_PROPS:
        record.names.extend(props.get(prop, []))
    if not record.names and (props.get("firstName") or props.get("lastName")):
        record.names.append(" ".join(props.get("firstName", [])[:1] + props.get("lastName", [])[:1]))
    record.display = record.names[0] if record.names else entity_id
    dobs = sorted(props.get("birthDate", []), key=lambda d: (-len(d), d))
    record.dob = dobs[0] if dobs else None
    record.nationality = [n.lower() for n in props.get("nationality", []) + props.get("citizenship", [])]
    genders = props.get("gender", [])
    record.gender = genders[0].lower()[:1] if genders else None
    fathers = props.get("fatherName", [])
    record.father = fathers[0] if fathers else None
    country = record.nationality[0] if len(set(record.nationality)) == 1 else None
    for prop in _READ_PROPS:
        for value in props.get(prop, []):
            for selector_kind, key in _selector_keys(schema, prop, value, country):
                if selector_kind in STRONG:
                    record.strong.append(key)
                elif selector_kind in WEAK:
                    record.weak.append(key)
    return record


def records_from_statements(statements: Iterable[Statement]) -> Iterator[Record]:
    """Group statements ordered by entity id into records (one record in memory at a time)."""
    current: str | None = None
    batch: list[Statement] = []
    for stmt in statements:
        if stmt.entity_id != current:
            if current is not None and batch:
                record = build_record(current, batch)
                if record is not None:
                    yield record
            current, batch = stmt.entity_id, []
        batch.append(stmt)
    if current is not None and batch:
        record = build_record(current, batch)
        if record is not None:
            yield record


READ_PROPS = _READ_PROPS
"""The properties to ask the door for."""
