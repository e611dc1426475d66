"""The ``corridor:`` block of a mapping: what FtM's mapping format has no words for.

FtM mappings say which columns make which entity; a partner's export also needs the file's
encoding and delimiter, the language and script of its names, its date formats, the region
its phone numbers are dialled in, and where its grading sits. Every key is checked here,
once, so a typo in a mapping fails the ingest before a row is read instead of being
silently ignored.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from corridor.core import FieldError, InvalidInput
from corridor.model import Marking, parse_marking

FORMATS = ("csv", "xlsx", "json", "jsonl", "ftm")
"""File formats ``corridor ingest`` reads."""

KNOWN_KEYS = frozenset(
    {
        "format",
        "encoding",
        "delimiter",
        "sheets",
        "records",
        "lang",
        "script",
        "phone_region",
        "date_formats",
        "marking",
        "marking_column",
        "handling_column",
        "column_markings",
    }
)


@dataclass(frozen=True, slots=True)
class Options:
    """The parsed ``corridor:`` block (every field optional)."""

    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheets: tuple[str, ...] = ()
    records: str | None = None
    lang: str | None = None
    script: str | None = None
    phone_region: str | None = None
    date_formats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    marking: Marking | None = None
    marking_column: str | None = None
    handling_column: str | None = None
    column_markings: Mapping[str, Marking] = field(default_factory=dict)

    @property
    def columns(self) -> frozenset[str]:
        """Columns the options themselves read (they must exist like mapped ones)."""
        named = {self.marking_column, self.handling_column, *self.column_markings}
        return frozenset(c for c in named if c)


def _text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad(where, key, "must be a text", value)
    text = str(value)
    return text if text.strip() else None


def _bad(where: str, key: str, reason: str, value: object = None) -> InvalidInput:
    shown = None if value is None else str(value)
    return InvalidInput(
        "invalid mapping", errors=[FieldError(reason, file=where, field=f"corridor.{key}", value=shown)]
    )


def _texts(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
        raise _bad(where, key, "must be a text or a list of texts", value)
    return tuple(str(item) for item in items)


def parse_options(data: object, where: str) -> Options:
    """Read and check the ``corridor:`` block of the mapping file ``where``."""
    if data is None:
        return Options()
    if not isinstance(data, dict):
        raise _bad(where, "", "the corridor block must be a mapping of options")
    unknown = sorted(str(k) for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise _bad(where, unknown[0], f"unknown option; known: {', '.join(sorted(KNOWN_KEYS))}")
    fmt = _text(data, "format", where)
    if fmt is not None and fmt.lower() not in FORMATS:
        raise _bad(where, "format", f"must be one of {', '.join(FORMATS)}", fmt)
    encoding = _text(data, "encoding", where)
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise _bad(where, "encoding", "unknown text encoding", encoding) from None
    delimiter = data.get("delimiter")
    if delimiter is not None:
        if not isinstance(delimiter, str) or len(delimiter.replace("\\t", "\t")) != 1:
            raise _bad(where, "delimiter", "must be one character (write a tab as \\t)", delimiter)
        delimiter = delimiter.replace("\\t", "\t")
    marking_text = _text(data, "marking", where)
    marking = parse_marking(marking_text, where=f"{where}: corridor.marking") if marking_text else None
    return Options(
        format=fmt.lower() if fmt else None,
        encoding=encoding,
        delimiter=delimiter,
        sheets=_texts(data, "sheets", where),
        records=_text(data, "records", where),
        lang=_lang(data, where),
        script=_text(data, "script", where),
        phone_region=_region(data, where),
        date_formats=_date_formats(data, where),
        marking=marking,
        marking_column=_text(data, "marking_column", where),
        handling_column=_text(data, "handling_column", where),
        column_markings=_column_markings(data, where),
    )


def _lang(data: Mapping[str, Any], where: str) -> str | None:
    lang = _text(data, "lang", where)
    if lang is None:
        return None
    lang = lang.strip().lower()
    if not (2 <= len(lang) <= 8 and lang.replace("-", "").isalpha()):
        raise _bad(where, "lang", "must be an ISO 639 language code such as srp, mkd, sqi or tur", lang)
    return lang


def _region(data: Mapping[str, Any], where: str) -> str | None:
    region = _text(data, "phone_region", where)
    if region is None:
        return None
    region = region.strip().upper()
    if not (len(region) in (2, 3) and region.isalpha()):
        raise _bad(where, "phone_region", "must be an ISO 3166 country code such as RS", region)
    return region


def _date_formats(data: Mapping[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    raw = data.get("date_formats")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _bad(where, "date_formats", "must map column names to strptime formats")
    out: dict[str, tuple[str, ...]] = {}
    for column, formats in raw.items():
        items = formats if isinstance(formats, list) else [formats]
        if not items or not all(isinstance(f, str) and "%" in f for f in items):
            raise _bad(
                where, "date_formats", f"formats of column {column!r} must be strptime patterns like %d.%m.%Y", formats
            )
        out[str(column)] = tuple(items)
    return out


def _column_markings(data: Mapping[str, Any], where: str) -> dict[str, Marking]:
    raw = data.get("column_markings")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _bad(where, "column_markings", "must map column names to markings such as \"A1 C conditions='…'\"")
    return {
        str(column): parse_marking(str(text), where=f"{where}: corridor.column_markings.{column}")
        for column, text in raw.items()
    }
