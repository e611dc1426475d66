"""Choosing the reader for a file: by the mapping's ``format``, else by its extension."""

from __future__ import annotations

from pathlib import Path

from corridor.core import FieldError, InvalidInput
from corridor.ingest._csv import open_csv
from corridor.ingest._json import open_json
from corridor.ingest._options import Options
from corridor.ingest._table import Table
from corridor.ingest._xlsx import open_xlsx

EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".ftm": "ftm",
}


def file_format(path: Path, options: Options, *, mapped: bool) -> str:
    """The format to read ``path`` as; without a mapping a file is FtM entities."""
    if options.format:
        return options.format
    if not mapped:
        return "ftm"
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-2] == ".ftm":
        return "ftm"
    found = EXTENSIONS.get(suffixes[-1] if suffixes else "")
    if found is None:
        known = ", ".join(sorted(set(EXTENSIONS.values())))
        reason = f"cannot tell the format from the extension; set corridor.format ({known})"
        raise InvalidInput("unknown file format", errors=[FieldError(reason, file=str(path))])
    return found


def open_tables(path: Path, fmt: str, options: Options) -> list[Table]:
    """Open ``path`` as ``fmt``: the tables to ingest, their headers already read."""
    if fmt == "csv":
        delimiter = options.delimiter
        if delimiter is None and path.suffix.lower() == ".tsv":
            delimiter = "\t"
        return [open_csv(path, encoding=options.encoding, delimiter=delimiter)]
    if fmt == "xlsx":
        return open_xlsx(path, sheets=options.sheets)
    if fmt in ("json", "jsonl"):
        lines = True if fmt == "jsonl" else None
        return [open_json(path, lines=lines, records=options.records, encoding=options.encoding)]
    raise InvalidInput("unknown file format", errors=[FieldError(f"cannot map {fmt} files", file=str(path))])
