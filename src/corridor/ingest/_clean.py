"""Cleaning one source value for one FtM property: types, dates, selectors, scripts.

Rules, in the order they apply:

- dates: the property's FtM ``format`` and the mapping's ``date_formats`` for the column
  are tried in order; ISO dates always work (FtM's own date cleaning);
- selector properties (phones, IBANs, passport and ID numbers, plates, IMEIs, e-mails,
  wallets, MMSIs, VINs; see ``corridor.model._selectors``) are normalised to the selector's
  canonical form. A value the selector refuses keeps FtM's cleaned form if FtM accepts it
  (a passport number that fails a national check digit is still worth keeping as text);
  if FtM refuses it too, the row is rejected with the selector's reason;
- everything else gets FtM's cleaning for its type; a value FtM refuses (a country that is
  no country, a date that is no date) rejects the row, so nothing is dropped silently.

A cleaned value that differs from the source text keeps the source as ``original_value``.
"""

from __future__ import annotations

from datetime import datetime

from followthemoney.property import Property
from followthemoney.types import registry

from corridor.core import InvalidInput
from corridor.ingest._ids import namespaced_id
from corridor.model import normalise_selector

MAX_CACHE = 100_000
"""Memoised values per property before the memo is dropped (keeps memory bounded)."""


class RowError(Exception):
    """A value that makes its row unusable: the reason, the column and the value."""

    def __init__(self, reason: str, column: str | None = None, value: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.value = value


def iso_from_format(text: str, fmt: str) -> str | None:
    """Parse ``text`` with a strptime format; the ISO text at the precision the format has."""
    try:
        parsed = datetime.strptime(text, fmt)
    except ValueError:
        return None
    if any(code in fmt for code in ("%H", "%I", "%M", "%S", "%X", "%c")):
        return parsed.strftime("%Y-%m-%dT%H:%M:%S" if "%S" in fmt or "%X" in fmt or "%c" in fmt else "%Y-%m-%dT%H:%M")
    if any(code in fmt for code in ("%d", "%j", "%x")):
        return parsed.strftime("%Y-%m-%d")
    if any(code in fmt for code in ("%m", "%b", "%B")):
        return parsed.strftime("%Y-%m")
    return parsed.strftime("%Y")


def clean_date(text: str, formats: tuple[str, ...]) -> str | None:
    """A date in the partner's formats, or ISO (any precision FtM reads), as ISO text."""
    for fmt in formats:
        found = iso_from_format(text, fmt)
        if found is not None:
            return found
    cleaned = registry.date.clean_text(text)
    return str(cleaned) if cleaned else None


class ValueCleaner:
    """Cleans the values of one mapped property (with a bounded memo per property)."""

    __slots__ = ("_cache", "agency", "date_formats", "format", "fuzzy", "prop", "region", "selector", "type_name")

    def __init__(
        self,
        prop: Property,
        *,
        agency: str,
        selector: str | None,
        region: str | None,
        fmt: str | None,
        fuzzy: bool,
        date_formats: dict[str | None, tuple[str, ...]],
    ) -> None:
        self.prop = prop
        self.type_name = prop.type.name
        self.agency = agency
        self.selector = selector
        self.region = region
        self.format = fmt
        self.fuzzy = fuzzy
        self.date_formats = date_formats
        self._cache: dict[tuple[str | None, str, str | None], str | RowError] = {}

    def clean(self, column: str | None, text: str, country: str | None = None) -> str:
        """The stored form of ``text`` from ``column``, or raise ``RowError``."""
        key = (column, text, country)
        found = self._cache.get(key)
        if found is None:
            try:
                found = self._clean(column, text, country)
            except RowError as exc:
                found = exc
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            self._cache[key] = found
        if isinstance(found, RowError):
            raise RowError(found.reason, column, text)
        return found

    def _clean(self, column: str | None, text: str, country: str | None) -> str:
        kind = self.type_name
        if kind == "date":
            formats = self.date_formats.get(column, ())
            if self.format:
                formats = (self.format, *formats)
            cleaned = clean_date(text, formats)
            if cleaned is None:
                expected = ", ".join(formats) if formats else "an ISO date (YYYY-MM-DD)"
                raise RowError(f"not a date in the expected format ({expected})")
            return cleaned
        if self.selector is not None:
            # FtM reads a phone property's ``format`` as the region it is dialled in.
            region = self.format if self.type_name == "phone" and self.format else self.region
            try:
                return normalise_selector(self.selector, text, country=country, default_region=region).value
            except InvalidInput as exc:
                fallback = self._ftm(text)
                if fallback is None:
                    reason = exc.errors[0].reason if exc.errors else exc.message
                    raise RowError(f"not a valid {self.selector}: {reason}") from None
                return fallback
        if kind == "entity":
            cleaned = self._ftm(text)
            if cleaned is None:
                raise RowError("not a valid entity id (letters, digits, dots and dashes)")
            return namespaced_id(self.agency, cleaned)
        cleaned = self._ftm(text)
        if cleaned is None:
            raise RowError(f"not a valid {self.type_name}")
        return cleaned

    def _ftm(self, text: str) -> str | None:
        fmt = self.format
        if self.type_name == "phone" and fmt is None:
            fmt = self.region
        try:
            value = self.prop.type.clean_text(text, fuzzy=self.fuzzy, format=fmt, proxy=None)
        except (ValueError, TypeError, LookupError):
            return None
        return str(value) if value else None
