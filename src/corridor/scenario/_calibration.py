"""Published figures the scenario is scaled from, each with where it comes from.

The generator never invents a volume, a share or a price on the spot: it reads them from
this one table, so that a reviewer can check every number against its source and a
change of calibration is a one-line diff. Figures marked "assumption" are not published
as such; their note says what they are inferred from.

Yearly totals are copied from the real series in ``shared/data/stats`` (see its README):
Frontex detections on the Western Balkan route and UK small-boat arrivals. They are copied
rather than read at run time, because a scenario must be reproducible byte for byte
without that folder being present.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """One calibration figure: its value, its unit and where it comes from."""

    value: float
    unit: str
    source: str


FRONTEX = (
    "Frontex detections of irregular border crossings, monthly by route and nationality "
    "(shared/data/stats/frontex_irregular_border_crossings_monthly.csv; © Frontex, via IOM GDI)"
)
HOME_OFFICE = (
    "UK Home Office / Border Force small-boat arrivals "
    "(shared/data/stats/uk_small_boats_monthly.csv; OGL, compiled by The National)"
)

CALIBRATION: dict[str, Figure] = {
    "wb_detections_2022": Figure(144_118, "detections/year", FRONTEX),
    "wb_detections_2023": Figure(99_002, "detections/year", FRONTEX),
    "wb_detections_2024": Figure(21_525, "detections/year", FRONTEX),
    "uk_small_boat_arrivals_2023": Figure(29_437, "persons/year", HOME_OFFICE),
    "uk_small_boat_arrivals_2024": Figure(36_816, "persons/year", HOME_OFFICE),
    "uk_small_boats_2023": Figure(602, "boats/year", HOME_OFFICE),
    "uk_small_boats_2024": Figure(695, "boats/year", HOME_OFFICE),
    "uk_bound_share": Figure(
        0.45,
        "share of groups",
        "assumption: UK small-boat arrivals 2023-24 (66,253) over WB detections 2023-24 "
        "(120,527) is 0.55; not every arrival came through the Balkans, and the scenario "
        "models the networks UK agencies target, so a little under half the groups head for "
        "the Channel",
    ),
    "channel_prevention_rate": Figure(
        0.40,
        "share of launch attempts",
        "AP, Nov 2021: ~23,000 crossed and ~19,000 were intercepted by France that year "
        "(0.45); later Home Office statements put French prevention near a third",
    ),
    "land_group_min": Figure(4, "persons", "assumption: field reports of walking groups"),
    "land_group_mode": Figure(12, "persons", "assumption: a van load on the Balkan route"),
    "land_group_max": Figure(30, "persons", "assumption: a lorry load"),
    "smuggler_share": Figure(
        0.04,
        "smugglers per true person",
        "assumption: a network of a few dozen members moves hundreds to thousands of people "
        "a year (GI-TOC, 'Smuggling of migrants in the Western Balkans', 2021)",
    ),
    "members_per_organisation": Figure(32, "persons", "assumption: Europol EMSC describes networks of tens of members"),
    "max_attempts": Figure(
        4,
        "attempts per leg",
        "assumption: migrants report repeated attempts at the Hungarian and Croatian "
        "borders ('the game', Quartz 2016: 14 attempts for one man); capped for the model",
    ),
}
"""Every scalar calibration figure, by name."""

BOAT_PERSONS_PER_BOAT = (
    CALIBRATION["uk_small_boat_arrivals_2023"].value + CALIBRATION["uk_small_boat_arrivals_2024"].value
) / (CALIBRATION["uk_small_boats_2023"].value + CALIBRATION["uk_small_boats_2024"].value)
"""About 51 people per small boat over 2023-24 (Home Office series)."""

WB_MONTHLY_DETECTIONS: dict[str, int] = {
    "2023-01": 5023, "2023-02": 3652, "2023-03": 6723, "2023-04": 7372,
    "2023-05": 8483, "2023-06": 7308, "2023-07": 10199, "2023-08": 14207,
    "2023-09": 16642, "2023-10": 17125, "2023-11": 1206, "2023-12": 1062,
    "2024-01": 1927, "2024-02": 1938, "2024-03": 1897, "2024-04": 1478,
    "2024-05": 1849, "2024-06": 1452, "2024-07": 1626, "2024-08": 2445,
    "2024-09": 2477, "2024-10": 2103, "2024-11": 1403, "2024-12": 930,
}  # fmt: skip
"""Western Balkan route detections by month, 2023-24 (Frontex series): when trips start.

The monthly shape (the autumn 2023 peak, the collapse after the Serbian police operations
of November 2023) is what the scenario reproduces; the scale is set by ``--people``.
"""

UK_MONTHLY_ARRIVALS: dict[str, int] = {
    "2023-01": 1180, "2023-02": 1773, "2023-03": 840, "2023-04": 2153,
    "2023-05": 1664, "2023-06": 3823, "2023-07": 3299, "2023-08": 5369,
    "2023-09": 4729, "2023-10": 1869, "2023-11": 1661, "2023-12": 1077,
    "2024-01": 1335, "2024-02": 920, "2024-03": 3180, "2024-04": 2132,
    "2024-05": 2881, "2024-06": 3041, "2024-07": 3414, "2024-08": 4149,
    "2024-09": 4192, "2024-10": 5417, "2024-11": 2901, "2024-12": 3254,
}  # fmt: skip
"""UK small-boat arrivals by month, 2023-24 (Home Office series): the weather window.

Used as the relative chance that a boat launches in a month (normalised to the busiest),
so that crossings bunch in summer and autumn as they do in the published series.
"""

NATIONALITY_SHARES: dict[str, int] = {
    "sy": 79_959, "tr": 15_140, "af": 9_390, "iq": 2_244, "pk": 2_675,
    "ma": 1_457, "eg": 546 + 150, "bd": 1_198, "ir": 226 + 150, "in": 747,
}  # fmt: skip
"""Migrants' nationalities: Frontex WB detections 2023+2024 for the ten largest groups.

Egypt and Iran are small in 2023; their 2023 counts, below the top twelve, are rounded to
150. Iraqi nationals on this route are mostly Kurds from the Kurdistan Region.
"""

PRICE_EUR: dict[str, tuple[int, int, str]] = {
    "evros": (1_000, 2_500, "Irish Times 2015: ~€1,000 Turkey to a Greek island; the Evros land crossing dearer"),
    "bulgaria": (1_000, 2_500, "assumption: comparable to Evros, a longer walk"),
    "greece_north": (400, 1_200, "GI-TOC 2021: GR-MK/AL entry points worth €19.5-29m in 2020"),
    "green_border": (300, 1_500, "Quartz 2016: up to €300 to a hole in the HU fence; guided crossings dearer"),
    "tunnel": (500, 2_500, "GI-TOC 2021 via N1: Serbia-Hungary tunnels €500-5,000, most near the low end"),
    "road": (100, 300, "assumption: a car or van ride between neighbouring towns"),
    "long_road": (200, 600, "assumption: a ride between cities of one country"),
    "central_europe": (800, 1_800, "Quartz 2016: car trips to Budapest or Vienna €1,000-1,800"),
    "channel_boat": (1_500, 3_500, "BBC 2022: up to £2,800 a person; AP 2021: €3,000-7,000"),
    "channel_lorry": (3_000, 7_000, "AP 2021: €3,000-7,000 for the Channel; lorries dearer than boats"),
}
"""Price ranges per person and leg type, euros, with their sources.

Summed over a trip they give €9,000-16,000 from Istanbul to Dover, in the range reported
for the whole journey, and half that to Vienna."""

PAYMENT_METHODS: dict[str, float] = {
    "hawala": 0.50,
    "cash": 0.25,
    "bank": 0.13,
    "crypto": 0.07,
    "money_transfer": 0.05,
}
"""How migrants pay (assumption: hawala and cash dominate, per Europol EMSC and FATF 2022)."""

INTERCEPTION_RATES: dict[str, float] = {
    "evros": 0.30,
    "bulgaria": 0.30,
    "greece_north": 0.22,
    "green_border": 0.30,
    "tunnel": 0.35,
    "road": 0.05,
    "long_road": 0.08,
    "central_europe": 0.10,
    "channel_boat": CALIBRATION["channel_prevention_rate"].value,
    "channel_lorry": 0.30,
}
"""Chance that one attempt at a leg of each type ends in an interception (assumption).

Set so that detections per person moved are of the order the Frontex series implies for
2023 (roughly one detection per person transiting) with hard borders (HU, HR) dominating.
"""

ARREST_RATES: dict[str, float] = {
    "driver": 0.65,
    "guide": 0.30,
    "boat_pilot": 0.55,
}
"""Chance that the smuggler caught with an intercepted group is arrested (assumption)."""
