"""Published statistics: Frontex detections by route and UK small-boat arrivals.

Loaders read the publishers' own layouts as well as the processed CSVs corridor ships:

* Frontex's monthly spreadsheet (``Monthly_detections_of_IBC_*.xlsx``): sheet
  ``Detections_of_IBC``, a header row ``Route | Border location | Nationality | JAN2009 |
  FEB2009 | …`` (possibly below a title row), one row per route × border type × nationality;
* the long CSV of the same series (``route, border_type, nationality_iso3, month[, year],
  detections``), as republished by IOM's GDI data package;
* the Home Office's small-boat time series (``Date | Migrants arrived | Boats arrived …``,
  CSV or XLSX, notes above the header), and the daily/monthly CSVs compiled by The
  National (``full_date``/``date_month``, ``migrants_arrived``, ``boats_arrived``).

Processed copies ship in ``data/`` (see ``data/README.md`` for provenance and
attribution) so that dashboards show the published figures with no download.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.core import FieldError, InvalidInput

FRONTEX_FILE = "data/frontex_detections_monthly.csv.gz"
UK_FILE = "data/uk_small_boats_daily.csv.gz"
SHIPPED_ROUTES = ("Western Balkan Route", "Eastern Mediterranean Route", "Circular Route from Albania to Greece")
"""Frontex routes corridor ships: the Balkan route and the routes that feed it."""

ATTRIBUTION = {
    "frontex": "© Frontex (European Border and Coast Guard Agency), detections of irregular border crossings; "
    "via the IOM Global Data Institute data package (iom/gdidata, MIT). Counts are detections, not persons.",
    "uk_small_boats": "UK Home Office / Border Force, migrants detected crossing the English Channel in small "
    "boats (Open Government Licence v3.0); compiled by The National (thenationalnews-datavis/uk_small_boats, CC BY 4.0).",
}
WB_OWN_COUNTRIES = frozenset({"rs", "mk", "xk", "al", "ba", "me", "hu", "hr", "si"})
"""Countries whose interceptions are compared with Frontex's Western Balkan route."""

_MONTHS = {
    m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)
}
_MONTH_COLUMN = re.compile(r"^([A-Za-z]{3})[ _-]?(\d{4})$")


@dataclass(frozen=True, slots=True)
class Detections:
    """One Frontex figure: detections on a route, border type, nationality and month."""

    route: str
    border_type: str
    nationality: str
    month: str
    detections: int


@dataclass(frozen=True, slots=True)
class Arrivals:
    """One day's (or month's) small-boat figure; ``day`` is the first of the month for monthly data."""

    day: str
    migrants: int
    boats: int | None


# --- Frontex ---------------------------------------------------------------------------------


def _int(value: object, *, file: str, row: int, field: str) -> int:
    if value is None or value == "":
        return 0
    try:
        return int(float(str(value).replace(",", "").strip()))
    except ValueError:
        raise InvalidInput(
            "not a number", errors=[FieldError("expected a count", file=file, row=row, field=field, value=str(value))]
        ) from None


def read_frontex_csv(path: Path | str, text: str | None = None) -> Iterator[Detections]:
    """The long CSV layout (IOM GDI republication, or corridor's shipped copy)."""
    name = str(path)
    body = text if text is not None else Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(body))
    needed = {"route", "border_type", "month", "detections"}
    if not needed <= set(reader.fieldnames or ()):
        raise InvalidInput(
            f"{name} is not a Frontex detections CSV",
            errors=[FieldError(f"needs columns {sorted(needed)}", file=name, row=1)],
        )
    for n, row in enumerate(reader, start=2):
        nationality = row.get("nationality_iso3") or row.get("nationality") or ""
        yield Detections(
            row["route"],
            row["border_type"],
            nationality,
            row["month"][:7],
            _int(row["detections"], file=name, row=n, field="detections"),
        )


def _iso3(name: str) -> str:
    import pycountry

    text = name.strip().rstrip("*").strip()
    special = {"Kosovo": "XKX", "Türkiye": "TUR", "Turkey": "TUR", "Syria": "SYR", "Iran": "IRN", "Russia": "RUS",
               "Palestine": "PSE", "Congo (Kinshasa)": "COD", "Ivory Coast": "CIV", "Côte d'Ivoire": "CIV"}  # fmt: skip
    if text in special:
        return special[text]
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return text


def read_frontex_xlsx(path: Path) -> Iterator[Detections]:
    """Frontex's own monthly spreadsheet: one column per month (``JAN2009``…), wide."""
    from openpyxl import load_workbook

    name = str(path)
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb["Detections_of_IBC"] if "Detections_of_IBC" in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header: list[str] | None = None
        line = 0
        for values in rows:
            line += 1
            cells = ["" if v is None else str(v).strip() for v in values]
            if cells and cells[0].lower() == "route":
                header = cells
                break
        if header is None:
            raise InvalidInput(
                f"{name} is not a Frontex detections workbook",
                errors=[FieldError("no header row starting with 'Route'", file=name)],
            )
        months: dict[int, str] = {}
        for i, cell in enumerate(header):
            match = _MONTH_COLUMN.match(cell)
            if match and match.group(1).upper() in _MONTHS:
                months[i] = f"{match.group(2)}-{_MONTHS[match.group(1).upper()]:02d}"
        if not months:
            raise InvalidInput(
                f"{name} has no month columns",
                errors=[FieldError("expected columns like JAN2009", file=name, row=line)],
            )
        for values in rows:
            line += 1
            if not values or values[0] in (None, ""):
                continue
            route, border, nationality = (str(values[i] or "").strip() for i in range(3))
            if route.lower().startswith("total"):
                continue
            iso3 = _iso3(nationality)
            for i, month in months.items():
                count = _int(values[i] if i < len(values) else None, file=name, row=line, field=header[i])
                if count:
                    yield Detections(route, border, iso3, month, count)
    finally:
        wb.close()


def read_frontex(path: Path) -> list[Detections]:
    """Frontex detections from any supported layout, by file extension (``.csv[.gz]``, ``.xlsx``)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return list(read_frontex_xlsx(path))
    if path.suffix == ".gz":
        return list(read_frontex_csv(path, gzip.decompress(path.read_bytes()).decode("utf-8-sig")))
    return list(read_frontex_csv(path))


# --- UK small boats -------------------------------------------------------------------------


def _parse_day(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%Y-%m"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _arrival_rows(name: str, rows: Iterable[list[object]]) -> Iterator[Arrivals]:
    header: list[str] | None = None
    day_col = migrants_col = -1
    boats_col: int | None = None
    for line, values in enumerate(rows, start=1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            lowered = [c.lower().replace("_", " ") for c in cells]
            migrant_cols = [
                i
                for i, c in enumerate(lowered)
                if c in ("migrants arrived", "migrants detected", "people arrived", "number of migrants")
            ]
            date_cols = [i for i, c in enumerate(lowered) if c in ("date", "full date", "date month", "month")]
            if migrant_cols and date_cols:
                header, day_col, migrants_col = cells, date_cols[0], migrant_cols[0]
                boat_cols = [
                    i for i, c in enumerate(lowered) if c in ("boats arrived", "boats detected", "number of boats")
                ]
                boats_col = boat_cols[0] if boat_cols else None
            continue
        if day_col >= len(values):
            continue
        day = _parse_day(values[day_col])
        if day is None:
            continue
        raw = values[migrants_col] if migrants_col < len(values) else None
        if raw in (None, ""):
            continue  # The National leaves days with no crossings empty, not 0.
        migrants = _int(raw, file=name, row=line, field=header[migrants_col])
        boats = None
        if boats_col is not None and boats_col < len(values) and values[boats_col] not in (None, ""):
            boats = _int(values[boats_col], file=name, row=line, field=header[boats_col])
        yield Arrivals(day, migrants, boats)
    if header is None:
        raise InvalidInput(
            f"{name} is not a small-boat arrivals table",
            errors=[FieldError("no header with a date and 'migrants arrived' column", file=name)],
        )


def read_uk_small_boats(path: Path) -> list[Arrivals]:
    """Small-boat arrivals from the Home Office's table (CSV/XLSX) or The National's CSV."""
    name = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                try:
                    return list(_arrival_rows(name, (list(r) for r in ws.iter_rows(values_only=True))))
                except InvalidInput:
                    continue
        finally:
            wb.close()
        raise InvalidInput(
            f"{name} has no small-boat arrivals sheet",
            errors=[FieldError("no sheet with a date and 'migrants arrived' column", file=name)],
        )
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8-sig")
    return list(_arrival_rows(name, (list(r) for r in csv.reader(io.StringIO(text)))))


# --- shipped copies ---------------------------------------------------------------------------


def frontex_detections() -> list[Detections]:
    """The Frontex series corridor ships (routes in ``SHIPPED_ROUTES``, Jan 2009 – Apr 2025)."""
    raw = resources.files("corridor.geo").joinpath(FRONTEX_FILE).read_bytes()
    return list(read_frontex_csv(FRONTEX_FILE, gzip.decompress(raw).decode("utf-8")))


def uk_small_boat_arrivals() -> list[Arrivals]:
    """The daily UK small-boat series corridor ships (2018 – Aug 2026, days with crossings)."""
    raw = resources.files("corridor.geo").joinpath(UK_FILE).read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return list(_arrival_rows(UK_FILE, (list(r) for r in csv.reader(io.StringIO(text)))))


def build_shipped_statistics(source: Path, target: Path) -> dict[str, int]:
    """Write the processed copies shipped in ``data/`` from ``shared/data/stats``-style files.

    Frontex rows are kept for ``SHIPPED_ROUTES`` only (route, border type, nationality,
    month, detections); the UK series keeps the days with crossings. Gzip with a fixed
    time, so the same input gives the same bytes.
    """
    frontex = [
        d for d in read_frontex(source / "frontex_irregular_border_crossings_monthly.csv") if d.route in SHIPPED_ROUTES
    ]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["route", "border_type", "nationality_iso3", "month", "detections"])
    for d in frontex:
        writer.writerow([d.route, d.border_type, d.nationality, d.month, d.detections])
    (target / Path(FRONTEX_FILE).name).write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), 9, mtime=0))
    uk = read_uk_small_boats(source / "uk_small_boats_daily.csv")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["date", "migrants_arrived", "boats_arrived"])
    for a in uk:
        writer.writerow([a.day, a.migrants, "" if a.boats is None else a.boats])
    (target / Path(UK_FILE).name).write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), 9, mtime=0))
    return {"frontex_rows": len(frontex), "uk_days": len(uk)}


# --- totals and comparison -----------------------------------------------------------------


def frontex_monthly(rows: Iterable[Detections], route: str = "Western Balkan Route") -> dict[str, int]:
    """Detections per month on one route, all border types and nationalities."""
    out: Counter[str] = Counter()
    for d in rows:
        if d.route == route:
            out[d.month] += d.detections
    return dict(sorted(out.items()))


def arrivals_monthly(rows: Iterable[Arrivals]) -> dict[str, int]:
    """Small-boat migrants per month."""
    out: Counter[str] = Counter()
    for a in rows:
        out[a.day[:7]] += a.migrants
    return dict(sorted(out.items()))


def yearly(monthly: dict[str, int]) -> dict[str, int]:
    """Sum a monthly series by year."""
    out: Counter[str] = Counter()
    for month, value in monthly.items():
        out[month[:4]] += value
    return dict(sorted(out.items()))


def published_statistics(*, since: str = "2009-01") -> dict[str, Any]:
    """The shipped published series for dashboards, monthly, from ``since`` (``YYYY-MM``).

    Shape: ``{"frontex": {route: {month: detections}}, "uk_small_boats": {month: {"migrants", "boats"}},
    "attribution": {...}}``.
    """
    detections = frontex_detections()
    frontex = {
        route: {m: n for m, n in frontex_monthly(detections, route).items() if m >= since} for route in SHIPPED_ROUTES
    }
    boats: dict[str, dict[str, int]] = defaultdict(lambda: {"migrants": 0, "boats": 0})
    for a in uk_small_boat_arrivals():
        if a.day[:7] >= since:
            boats[a.day[:7]]["migrants"] += a.migrants
            boats[a.day[:7]]["boats"] += a.boats or 0
    return {"frontex": frontex, "uk_small_boats": dict(sorted(boats.items())), "attribution": ATTRIBUTION}


def own_vs_published(
    own: Iterable[dict[str, Any]], *, frontex: dict[str, int] | None = None, uk: dict[str, int] | None = None
) -> list[dict[str, Any]]:
    """The agency's own figures per month next to the published totals for the same route and month.

    ``own`` is ``by_country_month`` output. Two series: ``western_balkans`` (own
    interceptions and arrests in the route's countries, persons, against Frontex WB
    detections) and ``channel`` (own arrivals in the UK, persons, against Home Office
    small-boat arrivals). The months are those the agency has data for.
    """
    frontex = frontex_monthly(frontex_detections()) if frontex is None else frontex
    uk = arrivals_monthly(uk_small_boat_arrivals()) if uk is None else uk
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for row in own:
        if row["kind"] in ("interception", "arrest") and row["country"] in WB_OWN_COUNTRIES:
            totals["western_balkans"][row["month"]] += row["persons"]
        elif row["kind"] == "arrival" and row["country"] == "gb":
            totals["channel"][row["month"]] += row["persons"]
    out = []
    for series, published, source in (("western_balkans", frontex, "frontex"), ("channel", uk, "uk_small_boats")):
        for month, value in sorted(totals[series].items()):
            total = published.get(month)
            out.append(
                {
                    "series": series,
                    "month": month,
                    "own_persons": value,
                    "published": total,
                    "share": round(value / total, 4) if total else None,
                    "source": source,
                }
            )
    return out
