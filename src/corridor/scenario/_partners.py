"""``partners.yml`` for a scenario: agencies, demo users, an operation and the agreements.

Agreements are directional and follow how these partners actually cooperate: every
Balkan force and Turkey share with each UK agency and the other way round; Europol
shares with everyone except Kosovo (Kosovo has a working arrangement, not an operational
agreement); a few Balkan pairs share with each other; and Serbia and Kosovo do not share
with each other at all, in either direction.

Demo passwords are derived from the seed, so a demo is reproducible but never ships a
well-known password.
"""

from __future__ import annotations

import random
import string
from datetime import date
from typing import Any

AGENCIES: tuple[dict[str, str], ...] = (
    {"code": "GB-NCA", "name": "National Crime Agency", "country": "GB", "contact": "oic-desk@nca.example.gov.uk"},
    {
        "code": "GB-BSC",
        "name": "Border Security Command",
        "country": "GB",
        "contact": "bsc-intel@homeoffice.example.gov.uk",
    },
    {"code": "GB-BF", "name": "Border Force", "country": "GB", "contact": "bf-intel@homeoffice.example.gov.uk"},
    {
        "code": "RS-MUP",
        "name": "Министарство унутрашњих послова Републике Србије (Управа граничне полиције)",
        "country": "RS",
        "contact": "ugp@mup.example.rs",
    },
    {
        "code": "MK-MVR",
        "name": "Министерство за внатрешни работи (Оддел за гранични работи и миграции)",
        "country": "MK",
        "contact": "migracii@mvr.example.mk",
    },
    {
        "code": "XK-KP",
        "name": "Policia e Kosovës (Drejtoria për Hetimin e Trafikimit me Njerëz)",
        "country": "XK",
        "contact": "dhtn@kosovopolice.example.org",
    },
    {
        "code": "AL-ASP",
        "name": "Policia e Shtetit (Departamenti i Policisë Kufitare dhe Migracionit)",
        "country": "AL",
        "contact": "kufiri@asp.example.al",
    },
    {
        "code": "TR-EGM",
        "name": "Emniyet Genel Müdürlüğü (Göçmen Kaçakçılığı ile Mücadele Daire Başkanlığı)",
        "country": "TR",
        "contact": "gkmd@egm.example.gov.tr",
    },
    {
        "code": "EU-EUROPOL",
        "name": "Europol – European Migrant Smuggling Centre",
        "country": "NL",
        "contact": "emsc@europol.example.europa.eu",
    },
)
"""Every agency that has files in a scenario (contacts are on reserved example domains)."""

UK = ("GB-NCA", "GB-BSC", "GB-BF")
BALKANS = ("RS-MUP", "MK-MVR", "XK-KP", "AL-ASP", "TR-EGM")
BALKAN_PAIRS: tuple[tuple[str, str], ...] = (
    ("MK-MVR", "RS-MUP"),
    ("MK-MVR", "AL-ASP"),
    ("MK-MVR", "XK-KP"),
    ("AL-ASP", "XK-KP"),
    ("TR-EGM", "MK-MVR"),
    ("TR-EGM", "RS-MUP"),
    ("TR-EGM", "AL-ASP"),
)
"""Balkan partners that share both ways; Serbia and Kosovo are deliberately absent."""

NO_AGREEMENT: frozenset[tuple[str, str]] = frozenset({("RS-MUP", "XK-KP"), ("XK-KP", "RS-MUP")})


def password(seed: int, agency: str, username: str) -> str:
    """A demo password: ``demo-`` and eight characters drawn from the seed."""
    rng = random.Random(f"{seed}:password:{agency}/{username}")
    return "demo-" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=8))


def _agreement(
    provider: str, recipient: str, start: date, purpose: str, handling: tuple[str, ...] = ("P", "C")
) -> dict[str, Any]:
    return {
        "id": f"{provider}-{recipient}",
        "provider": provider,
        "recipient": recipient,
        "handling": list(handling),
        "valid_from": start,
        "purpose": purpose,
    }


def agreements() -> list[dict[str, Any]]:
    """Every directional agreement, in a fixed order."""
    out: list[dict[str, Any]] = []
    for balkan in BALKANS:
        for uk in UK:
            out.append(
                _agreement(balkan, uk, date(2023, 1, 1), "Operational cooperation against organised immigration crime")
            )
            out.append(
                _agreement(uk, balkan, date(2023, 1, 1), "Operational cooperation against organised immigration crime")
            )
    for a in UK:
        for b in UK:
            if a != b:
                out.append(
                    _agreement(a, b, date(2023, 1, 1), "UK domestic sharing (Border Security Command partnership)")
                )
    for partner in (*UK, *BALKANS):
        if partner == "XK-KP":
            continue
        out.append(_agreement(partner, "EU-EUROPOL", date(2023, 1, 1), "Contribution to the EMSC analysis project"))
        out.append(_agreement("EU-EUROPOL", partner, date(2023, 1, 1), "Europol operational agreement"))
    for a, b in BALKAN_PAIRS:
        out.append(_agreement(a, b, date(2024, 1, 1), "Bilateral police cooperation agreement"))
        out.append(_agreement(b, a, date(2024, 1, 1), "Bilateral police cooperation agreement"))
    assert not any((a["provider"], a["recipient"]) in NO_AGREEMENT for a in out)  # an invariant of the table above
    return out


def partners(seed: int) -> dict[str, Any]:
    """The whole ``partners.yml`` document for a scenario generated with ``seed``."""
    users: list[dict[str, Any]] = []
    for agency in AGENCIES:
        code = agency["code"]
        users.append(
            {"agency": code, "username": "analyst", "roles": ["analyst"], "password": password(seed, code, "analyst")}
        )
        if code == "GB-NCA":
            for role in ("supervisor", "sharing_officer", "auditor", "admin"):
                users.append(
                    {
                        "agency": code,
                        "username": role.replace("_", "-"),
                        "roles": [role],
                        "password": password(seed, code, role),
                    }
                )
    operations = [
        {"code": "OP-VARDAR", "lead": "GB-NCA", "name": "Joint operation against the Vardar corridor networks",
         "agencies": ["GB-NCA", "GB-BSC", "MK-MVR", "RS-MUP", "EU-EUROPOL"], "users": []},
        {"code": "OP-KUKES", "lead": "AL-ASP", "name": "Albania–Kosovo route networks",
         "agencies": ["AL-ASP", "XK-KP", "GB-NCA"], "users": []},
    ]  # fmt: skip
    return {
        "agencies": [dict(a) for a in AGENCIES],
        "users": users,
        "operations": operations,
        "agreements": agreements(),
    }
