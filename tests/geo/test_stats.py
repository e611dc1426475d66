"""Published statistics: the shipped copies, the shared series, and the publishers' own layouts."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from corridor.core import InvalidInput
from corridor.geo import (
    arrivals_monthly,
    frontex_detections,
    frontex_monthly,
    published_statistics,
    read_frontex,
    read_uk_small_boats,
    uk_small_boat_arrivals,
    yearly,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "stats"
WB_YEARLY = {"2015": 764_033, "2022": 144_118, "2023": 99_002, "2024": 21_525}
"""Western Balkan route yearly totals, as shared/data/stats/README.md gives them."""
UK_YEARLY = {"2023": 29_437, "2024": 36_816, "2025": 41_472}


def test_shipped_copies_reproduce_the_published_yearly_totals() -> None:
    wb = yearly(frontex_monthly(frontex_detections()))
    assert {y: wb[y] for y in WB_YEARLY} == WB_YEARLY
    uk = yearly(arrivals_monthly(uk_small_boat_arrivals()))
    assert {y: uk[y] for y in UK_YEARLY} == UK_YEARLY


@pytest.mark.skipif(not SHARED.exists(), reason="shared/data/stats is not beside this checkout")
def test_loaders_reproduce_the_shared_series() -> None:
    rows = read_frontex(SHARED / "frontex_irregular_border_crossings_monthly.csv")
    assert len(rows) == 34_273
    wb = yearly(frontex_monthly(rows))
    assert {y: wb[y] for y in WB_YEARLY} == WB_YEARLY
    for name in ("uk_small_boats_daily.csv", "uk_small_boats_monthly.csv"):
        uk = yearly(arrivals_monthly(read_uk_small_boats(SHARED / name)))
        assert {y: uk[y] for y in UK_YEARLY} == UK_YEARLY, name


def test_published_statistics_for_dashboards() -> None:
    stats = published_statistics(since="2023-01")
    assert stats["frontex"]["Western Balkan Route"]["2023-10"] == 17125
    assert stats["uk_small_boats"]["2024-10"]["migrants"] == 5417
    assert min(stats["uk_small_boats"]) >= "2023-01"
    assert "Home Office" in stats["attribution"]["uk_small_boats"]


def test_frontex_spreadsheet_layout(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Detections_of_IBC"
    ws.append(["Monthly detections of illegal border-crossings, data as of 2025-06-03"])
    ws.append(["Route", "Border location", "Nationality", "JAN2023", "FEB2023", "MAR2023"])
    ws.append(["Western Balkan Route", "Land", "Syria", 3000, 2000, None])
    ws.append(["Western Balkan Route", "Land", "Afghanistan", 1000, "1,500", 700])
    ws.append(["Western Balkan Route", "Land", "Kosovo*", 23, 0, 1])
    ws.append(["Eastern Mediterranean Route", "Sea", "Syria", 400, 500, 600])
    path = tmp_path / "Monthly_detections_of_IBC_2025_06_03.xlsx"
    wb.save(path)
    rows = read_frontex(path)
    assert frontex_monthly(rows) == {"2023-01": 4023, "2023-02": 3500, "2023-03": 701}
    assert {r.nationality for r in rows} == {"SYR", "AFG", "XKX"}
    assert frontex_monthly(rows, "Eastern Mediterranean Route")["2023-03"] == 600


def test_home_office_time_series_layouts(tmp_path: Path) -> None:
    csv_path = tmp_path / "small-boats-time-series.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Migrants detected crossing the English Channel in small boats"])
        writer.writerow(["Source: Home Office"])
        writer.writerow(["Date", "Migrants arrived", "Boats arrived", "Boats involved in uncontrolled landings"])
        writer.writerow(["01/10/2023", "120", "3", "0"])
        writer.writerow(["02/10/2023", "", "", ""])
        writer.writerow(["15/10/2023", "1,020", "18", "1"])
        writer.writerow(["03/11/2023", "55", "1", "0"])
    assert arrivals_monthly(read_uk_small_boats(csv_path)) == {"2023-10": 1140, "2023-11": 55}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Notes: provisional figures"])
    ws.append(["Date", "Migrants arrived", "Boats arrived"])
    ws.append([datetime(2024, 3, 6), 514, 10])
    ws.append([datetime(2024, 3, 7), 99, 2])
    xlsx = tmp_path / "small-boats.xlsx"
    wb.save(xlsx)
    rows = read_uk_small_boats(xlsx)
    assert [(r.day, r.migrants, r.boats) for r in rows] == [("2024-03-06", 514, 10), ("2024-03-07", 99, 2)]


def test_bad_files_are_named_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InvalidInput) as err:
        read_frontex(path)
    assert "other.csv" in err.value.one_line()
    with pytest.raises(InvalidInput):
        read_uk_small_boats(path)
    bad = tmp_path / "bad.csv"
    bad.write_text("route,border_type,nationality_iso3,month,detections\nWestern Balkan Route,Land,SYR,2023-01,lots\n")
    with pytest.raises(InvalidInput) as err:
        read_frontex(bad)
    assert err.value.errors[0].row == 2
    assert err.value.errors[0].field == "detections"
