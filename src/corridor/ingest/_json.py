"""JSON Lines and JSON documents, streamed, with nested objects flattened to dotted columns.

JSON Lines are read a line at a time; a line that is not a JSON object rejects that row.
A JSON document (a top-level array, or an object holding the array under ``records:``,
a dotted path such as ``data.items``) is streamed by ``JsonArrayStream``, written here
because the standard library only parses whole documents and no streaming JSON parser is
installed: ``json.JSONDecoder.raw_decode`` parses one element at a time out of a window
of the file that grows only as far as the element being read (at most ``MAX_RECORD``).
A syntax error inside an array cannot be skipped (where the next element starts is
unknowable), so it fails the file, which rolls the ingest back.

Without ``records:`` a document that is an object is searched for its first member whose
value is an array, which is where export tools put the records.

JSON has no header: the columns are those seen in the first ``SAMPLE_RECORDS`` records, so
a mapped column that none of them has fails the ingest as a missing column would.
"""

from __future__ import annotations

import codecs
import itertools
import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

from corridor.core import FieldError, InvalidInput
from corridor.ingest._table import Row, Table, scalar_text

CHUNK = 1 << 20
MAX_RECORD = 64 << 20
"""The largest single JSON record read (64 MiB of text); bigger is taken as a broken file."""
SAMPLE_RECORDS = 1000
_WHITESPACE = " \t\r\n"
_DECODER = json.JSONDecoder()


def flatten(record: dict[str, Any], prefix: str = "", out: Row | None = None, keys: set[str] | None = None) -> Row:
    """Nested objects become dotted columns, lists several values; ``keys`` collects names seen."""
    row: Row = {} if out is None else out
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flatten(value, name + ".", row, keys)
            continue
        if keys is not None:
            keys.add(name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                flatten(item, name + ".", row, keys)
                continue
            text = scalar_text(item)
            if text is None:
                continue
            found = row.get(name)
            if found is None:
                row[name] = text
            elif isinstance(found, str):
                row[name] = [found, text]
            else:
                found.append(text)
    return row


class JsonSyntaxError(Exception):
    """The document is not valid JSON where the stream reached."""


class JsonArrayStream:
    """Pull-parses a JSON document a window at a time (see the module docstring)."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._buf = ""
        self._pos = 0
        self._eof = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        chunk = self._handle.read(CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        return True

    def peek(self) -> str | None:
        """The next character that is not white space, without consuming it."""
        while True:
            buf, pos = self._buf, self._pos
            while pos < len(buf) and buf[pos] in _WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._fill():
                return None

    def expect(self, char: str) -> None:
        """Consume ``char`` (after white space) or fail."""
        found = self.peek()
        if found != char:
            raise JsonSyntaxError(
                f"expected {char!r}, found {found!r}" if found else f"expected {char!r}, found the end"
            )
        self._pos += 1

    def value(self) -> Any:
        """Parse the next JSON value, reading more of the file as it needs."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if len(self._buf) - self._pos > MAX_RECORD:
                    raise JsonSyntaxError(f"{exc.msg} (or a record larger than {MAX_RECORD >> 20} MiB)") from None
                if not self._fill():
                    raise JsonSyntaxError(exc.msg) from None
                continue
            # A number at the end of the window may continue in the next chunk.
            if end == len(self._buf) and not self._eof and self._fill():
                continue
            self._pos = end
            return value

    def array(self) -> Iterator[Any]:
        """The elements of the array that starts here."""
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            found = self.peek()
            if found == ",":
                self._pos += 1
                continue
            if found == "]":
                self._pos += 1
                return
            raise JsonSyntaxError(
                f"expected ',' or ']' after a record, found {found!r}" if found else "the array is not closed"
            )

    def find_array(self, path: list[str] | None) -> bool:
        """Move to the array at the dotted ``path`` of an object (or its first array member)."""
        self.expect("{")
        while True:
            found = self.peek()
            if found == "}":
                self._pos += 1
                return False
            if found == ",":
                self._pos += 1
                continue
            if found != '"':
                raise JsonSyntaxError("expected a member name")
            key = self.value()
            self.expect(":")
            nxt = self.peek()
            if path is None and nxt == "[":
                return True
            if path is not None and key == path[0]:
                if len(path) == 1:
                    return nxt == "["
                if nxt == "{":
                    return self.find_array(path[1:])
                return False
            self.value()


def _sniff_lines(path: Path, encoding: str) -> bool:
    """Whether the file is JSON Lines: its first non-blank line is a whole JSON object."""
    with path.open("r", encoding=encoding) as handle:
        for line in handle:
            if not line.strip():
                continue
            if not line.lstrip().startswith("{"):
                return False
            try:
                return isinstance(json.loads(line), dict)
            except json.JSONDecodeError:
                return False
            except UnicodeDecodeError:
                return False
    return True


def open_json(path: Path, *, lines: bool | None, records: str | None, encoding: str | None) -> Table:
    """Open JSON Lines (``lines``) or a JSON document; ``None`` decides from the content."""
    where = str(path)
    chosen = encoding or "utf-8"
    decoding = "utf-8-sig" if codecs.lookup(chosen).name == "utf-8" else chosen
    try:
        if lines is None:
            lines = records is None and _sniff_lines(path, decoding)
    except UnicodeDecodeError:
        raise _undecodable(where, chosen, None) from None
    raw = _lines(path, decoding, where) if lines else _document(path, decoding, where, records)
    sample: list[tuple[int, Row | FieldError]] = []
    keys: set[str] = set()
    for number, value in itertools.islice(raw, SAMPLE_RECORDS):
        sample.append((number, _record(value, number, where, keys)))
    rest = ((number, _record(value, number, where, None)) for number, value in raw)
    details = {"encoding": chosen, "layout": "lines" if lines else "document"}
    table = Table(where, sorted(keys), itertools.chain(sample, rest), details, sampled=SAMPLE_RECORDS, closer=raw.close)
    if not sample:
        table.columns = None
    return table


def _undecodable(where: str, encoding: str, row: int | None) -> InvalidInput:
    reason = f"bytes that are not {encoding} text; declare corridor.encoding in the mapping"
    return InvalidInput("cannot decode file", errors=[FieldError(reason, file=where, row=row)])


def _record(value: Any, number: int, where: str, keys: set[str] | None) -> Row | FieldError:
    if isinstance(value, FieldError):
        return value
    if not isinstance(value, dict):
        return FieldError(f"expected a JSON object, found {type(value).__name__}", file=where, row=number)
    return flatten(value, keys=keys)


def _lines(path: Path, encoding: str, where: str) -> Generator[tuple[int, Any], None, None]:
    number = 0
    with path.open("r", encoding=encoding, newline="\n") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, FieldError(f"not valid JSON: {exc.msg}", file=where, row=number)
                    continue
                except RecursionError:
                    yield number, FieldError("not valid JSON: nested too deeply", file=where, row=number)
                    continue
                yield number, value
        except UnicodeDecodeError:
            raise _undecodable(where, encoding, number + 1) from None


def _document(path: Path, encoding: str, where: str, records: str | None) -> Generator[tuple[int, Any], None, None]:
    number = 0
    with path.open("r", encoding=encoding) as handle:
        stream = JsonArrayStream(handle)
        try:
            first = stream.peek()
            if first == "{":
                if not stream.find_array(records.split(".") if records else None):
                    reason = f"no array of records at {records!r}" if records else "no array of records in the document"
                    raise InvalidInput("no records", errors=[FieldError(reason, file=where, field="records")])
            elif first != "[":
                raise JsonSyntaxError("a JSON document of records starts with [ or {")
            for number, value in enumerate(stream.array(), start=1):
                yield number, value
        except JsonSyntaxError as exc:
            raise InvalidInput("malformed JSON", errors=[FieldError(str(exc), file=where, row=number + 1)]) from None
        except RecursionError:
            raise InvalidInput(
                "malformed JSON", errors=[FieldError("nested too deeply", file=where, row=number + 1)]
            ) from None
        except UnicodeDecodeError:
            raise _undecodable(where, encoding, number + 1) from None
