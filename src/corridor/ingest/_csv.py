"""CSV: encoding and delimiter detected (or declared), rows streamed.

Encodings seen in partners' exports: UTF-8 with or without BOM, UTF-16 with BOM (Excel's
"Unicode text"), Windows-1250/1251/1254 and ISO-8859-x. A byte-order mark decides first;
then a sample (the file's start and three slices further in, cut at line ends) that is
valid UTF-8 is UTF-8, because other encodings almost never validate as UTF-8 by accident;
otherwise the single-byte encodings of the route are ranked by how plausible the decoded
text is (written here: see ``plausibility``), charset-normalizer breaking ties. A byte that does not decode
later in the file stops the ingest with the offset and a hint to declare the encoding.

The delimiter is the one among ``, ; TAB |`` that splits the sample's lines into the same
number of fields, more than one, most often (csv.Sniffer guesses from character
frequencies and is easily fooled by names with commas, so it is not used).

Row numbers are the analyst's: the header is row 1, the first record row 2, counting
records (a quoted field spanning lines stays one row, as in a spreadsheet).
"""
# ruff: noqa: RUF001, RUF002, RUF100 - Cyrillic, Turkish and typographic letters are data here (RUF100: pyproject already ignores them)

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from corridor.core import FieldError, InvalidInput
from corridor.ingest._table import Row, Table, unique_header

SAMPLE_BYTES = 1 << 16
DELIMITERS = (",", ";", "\t", "|")
ROUTE_ENCODINGS = (
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_9",
    "iso8859_15",
    "iso8859_16",
    "cp1256",
)
"""Single-byte encodings of the partners' systems (Central European, Cyrillic, Greek, Turkish, Arabic)."""
MAX_FIELD = 1 << 20
"""Largest field accepted (1 MiB): past it, an unclosed quote has swallowed the file."""

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def sample_bytes(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    """The start of the file and three slices further in, each cut to whole lines."""
    total = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(size)
        if total <= size:
            return head
        parts = [head[: head.rfind(b"\n") + 1] or head]
        for fraction in (0.33, 0.66, 0.99):
            handle.seek(max(int(total * fraction) - size // 4, 0))
            chunk = handle.read(size // 4)
            start = chunk.find(b"\n") + 1
            end = chunk.rfind(b"\n") + 1
            if 0 < start < end:
                parts.append(chunk[start:end])
        return b"".join(parts)


_ROUTE_LETTERS = frozenset("čćšžđČĆŠŽĐşŞğĞıİçÇöÖüÜëË")
"""Accented Latin letters of the route's languages (Serbian, Croatian, Bosnian, Turkish, Albanian)."""
_LATIN_LETTERS = frozenset("äÄßéÉèÈêÊàÀâÂîÎïÏôÔûÛùÙíÍóÓúÚáÁñÑãÃõÕșȘțȚăĂőŐűŰłŁńŃśŚźŹżŻąĄęĘřŘěĚůŮťŤďĎňŇľĽĺĹŕŔ")
"""Other accented Latin letters of Europe's languages (not Ţ, ©, Þ and the like)."""
_NEUTRAL = frozenset("«»„“”‘’‚–—…€№°·\u00a0")
_WORD = re.compile(r"[^\W\d_]+")


def _letter_score(ch: str) -> tuple[str, int]:
    """The script of a non-ASCII letter and what it adds to plausibility (-3 if implausible)."""
    code = ord(ch)
    if ch in _ROUTE_LETTERS:
        return "Latn", 2
    if ch in _LATIN_LETTERS:
        return "Latn", 1
    if 0x400 <= code <= 0x45F:
        return "Cyrl", 2
    if 0x386 <= code <= 0x3CE:
        return "Grek", 1
    if 0x620 <= code <= 0x64A or code in (0x67E, 0x686, 0x698, 0x6A9, 0x6AF, 0x6CC):
        return "Arab", 1
    return "", -3


def plausibility(text: str) -> int:
    """How much ``text`` looks like names and words of the route's languages.

    Each non-ASCII letter of the route's languages scores 2 (Cyrillic, č ć š ž đ, ş ğ ı,
    ë ç), one of another European or the Greek or Arabic alphabet 1; any other non-ASCII
    character (a symbol, a letter no partner writes) costs 3, and a word that mixes
    scripts (``Šariζ``) costs 5: a wrong code page turns letters into exactly those.
    """
    score = 0
    for ch in text:
        if not ch.isascii() and not ch.isalpha() and ch not in _NEUTRAL and not ch.isspace():
            score -= 3
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = set()
        for ch in word:
            if ch.isascii():
                scripts.add("Latn")
                continue
            found, points = _letter_score(ch)
            score += points
            if found:
                scripts.add(found)
        if len(scripts) > 1:
            score -= 5
    return score


def detect_encoding(path: Path, where: str) -> str:
    """The text encoding of a CSV file (see the module docstring), or ``InvalidInput``.

    charset-normalizer alone confuses the route's code pages (Windows-1254 Turkish read
    as Arabic, ISO-8859-2 as Windows-1250), so the candidates are first ranked by
    ``plausibility`` of the decoded text, and charset-normalizer only breaks ties (such as
    Windows-1251 against ISO-8859-5, where both give Cyrillic letters).
    """
    with path.open("rb") as handle:
        start = handle.read(4)
    for bom, name in _BOMS:
        if start.startswith(bom):
            return name
    sample = sample_bytes(path)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    scores: dict[str, int] = {}
    for candidate in ROUTE_ENCODINGS:
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        if any("\x80" <= ch <= "\x9f" for ch in text):
            continue
        scores[candidate] = plausibility(text)
    if not scores:
        raise InvalidInput(
            "cannot tell the file's text encoding",
            errors=[FieldError("declare it in the mapping (corridor: encoding: windows-1251)", file=where)],
        )
    top = max(scores.values())
    tied = [name for name, score in scores.items() if score == top]
    if len(tied) == 1:
        return tied[0]
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=tied).best()
    return str(best.encoding) if best is not None and best.encoding in tied else tied[0]


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample lines most consistently into several fields."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(1 for r in rows if len(r) == width) / len(rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Lines:
    """Text lines for ``csv.reader`` with NUL bytes dropped (the csv module refuses them)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text

    def __iter__(self) -> Iterator[str]:
        for line in self._text:
            yield line.replace("\0", "") if "\0" in line else line


def open_csv(path: Path, *, encoding: str | None, delimiter: str | None) -> Table:
    """Open a CSV file: detect what is not declared, read its header, stream its rows."""
    where = str(path)
    chosen = encoding or detect_encoding(path, where)
    # A declared UTF-8 may still start with a BOM; utf-8-sig reads both.
    decoding = "utf-8-sig" if codecs.lookup(chosen).name == "utf-8" else chosen
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=decoding, errors="strict", newline="")
    try:
        sep, reader, header_cells = _read_header(text, where, chosen, delimiter)
    except BaseException:
        text.close()
        raise
    header = unique_header(header_cells)
    details = {"encoding": chosen, "delimiter": sep}
    return Table(
        where,
        [name for _, name in header],
        _rows(reader, text, header, len(header_cells), where, chosen),
        details,
        closer=text.close,
    )


def _read_header(
    text: IO[str], where: str, encoding: str, delimiter: str | None
) -> tuple[str, Iterator[list[str]], list[str]]:
    try:
        sample = text.readlines(SAMPLE_BYTES)
        text.seek(0)
    except UnicodeDecodeError as exc:
        raise _decode_error(where, encoding, exc) from None
    sep = delimiter or detect_delimiter(sample[:200])
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(_Lines(text), delimiter=sep)
    try:
        header_cells = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise _stream_error(where, 1, encoding, exc) from None
    if header_cells is None:
        raise InvalidInput("empty file", errors=[FieldError("no header row", file=where, row=1)])
    return sep, reader, header_cells


def _decode_error(where: str, encoding: str, exc: UnicodeDecodeError) -> InvalidInput:
    reason = f"bytes that are not {encoding} text; declare corridor.encoding in the mapping"
    return InvalidInput(
        "cannot decode file", errors=[FieldError(reason, file=where, value=repr(exc.object[exc.start : exc.start + 8]))]
    )


def _stream_error(where: str, row: int, encoding: str, exc: Exception) -> InvalidInput:
    if isinstance(exc, UnicodeDecodeError):
        reason = f"bytes that are not {encoding} text; declare corridor.encoding in the mapping"
        return InvalidInput("cannot decode file", errors=[FieldError(reason, file=where, row=row)])
    return InvalidInput("malformed CSV", errors=[FieldError(f"{exc} (an unclosed quote?)", file=where, row=row)])


def _rows(
    reader: Iterator[list[str]], text: IO[str], header: list[tuple[int, str]], width: int, where: str, encoding: str
) -> Iterator[tuple[int, Row | FieldError]]:
    number = 1
    try:
        while True:
            try:
                cells = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                raise _stream_error(where, number + 1, encoding, exc) from None
            if cells is None:
                return
            number += 1
            if not cells:
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                reason = f"row has {len(cells)} fields, the header {width} (a delimiter inside an unquoted value?)"
                yield number, FieldError(reason, file=where, row=number)
                continue
            row: Row = {}
            size = len(cells)
            for index, name in header:
                if index < size:
                    value = cells[index].strip()
                    if value:
                        row[name] = value
            yield number, row
    finally:
        text.close()
