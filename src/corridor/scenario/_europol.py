"""Europol's view: the high-value targets member states and partners have contributed.

One JSON object per line, in English, with lists for aliases, nationalities, phones and
countries of activity (each list is several values of one property on ingest). Aliases
keep the native script a contributor used, so a Cyrillic name and its Latin form meet
here, as they do in Europol's analysis projects.
"""

from __future__ import annotations

from datetime import date

from corridor.scenario._gb import network_name
from corridor.scenario._geography import PLACES
from corridor.scenario._lexicon import ISO3, ROLE_NAMES
from corridor.scenario._noise import Style, render_person
from corridor.scenario._scripts import latin, latin_variants
from corridor.scenario._views import Context, FileSpec, View, chance
from corridor.scenario._writers import JsonLinesWriter

EUROPOL = Style(target="en", lang="en", home="gb", date_format="%Y-%m-%d", p_variant=0.3, iso3=True,
                p_dob_missing=0.15, p_swap=0.02, p_father_missing=1.0, p_phone_missing=0.0)  # fmt: skip

SELECTED: dict[str, float] = {
    "leader": 0.7, "broker": 0.6, "hawala_banker": 0.6, "coordinator": 0.25, "money_collector": 0.2,
    "document_forger": 0.3,
}  # fmt: skip
"""Chance that a smuggler of a role is a contributed high-value target (assumption)."""

CONTRIBUTORS = {"rs": "RS-MUP", "mk": "MK-MVR", "al": "AL-ASP", "tr": "TR-EGM", "gb": "GB-NCA",
                "at": "AT-BK", "de": "DE-BKA", "fr": "FR-OFAST", "gr": "GR-HP", "hu": "HU-ORFK",
                "bg": "BG-GDBP", "xk": "GB-NCA", "ba": "BA-SIPA", "hr": "HR-MUP", "me": "ME-UP",
                "si": "SI-POL"}  # fmt: skip


class EuropolView(View):
    """EU-EUROPOL: the contributed high-value targets of its migrant smuggling analysis project."""

    agency = "EU-EUROPOL"
    COLUMNS = ("id", "surname", "given_names", "aliases", "date_of_birth", "nationalities", "role",
               "network_id", "network", "countries_of_activity", "phones", "contributors")  # fmt: skip

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.add(
            FileSpec(
                "hvt",
                "eu-europol/high_value_targets.jsonl",
                self.agency,
                "jsonl",
                "id",
                "EU-HVT-",
                "B2 C conditions='Europol handling code H2: not for court without consent' "
                "to=GB-NCA,GB-BSC,GB-BF,RS-MUP,MK-MVR,AL-ASP,TR-EGM",
                "High-value targets contributed to the migrant smuggling analysis project",
                {
                    "entities": {
                        "person": {
                            "schema": "Person",
                            "id_column": "id",
                            "properties": {
                                "name": {"columns": ["given_names", "surname"], "join": " "},
                                "firstName": {"column": "given_names"},
                                "lastName": {"column": "surname"},
                                "alias": {"column": "aliases"},
                                "birthDate": {"column": "date_of_birth"},
                                "nationality": {"column": "nationalities"},
                                "phone": {"column": "phones"},
                                "position": {"column": "role"},
                                "country": {"column": "countries_of_activity"},
                                "publisher": {"column": "contributors"},
                            },
                        },
                        "network": {
                            "schema": "Organization",
                            "id_column": "network_id",
                            "properties": {"name": {"column": "network"}},
                        },
                        "membership": {
                            "schema": "Membership",
                            "keys": ["id", "network_id"],
                            "key_literal": "eu-europol-membership",
                            "properties": {
                                "member": {"entity": "person"},
                                "organization": {"entity": "network"},
                                "role": {"column": "role"},
                            },
                        },
                    },
                    "corridor": {
                        "format": "jsonl",
                        "lang": "eng",
                        "script": "Latn",
                        "phone_region": "GB",
                        "date_formats": {"date_of_birth": ["%Y-%m-%d", "%Y"]},
                    },
                },
            ),
            JsonLinesWriter(ctx.out / "eu-europol/high_value_targets.jsonl"),
        )

    def finish(self) -> None:
        """The targets, one line each, contributed by the forces of the countries they work in."""
        world = self.ctx.world
        for pid, person in world.smugglers.items():
            if not chance(self.rng, SELECTED.get(person.role, 0.0)):
                continue
            day = date(2024, 6, 1)
            r = render_person(self.rng, person, EUROPOL, day)
            aliases = [latin(n, person.lang) for n in person.nicknames]
            aliases += list(latin_variants(person.family, person.lang))[:1]
            if person.lang in ("srp", "mkd", "bul"):
                aliases.append(f"{person.given} {person.family}")
            orgs = [world.org(o) for o in person.orgs]
            countries = list(dict.fromkeys(c for org in orgs for c in org.countries))
            countries.append(PLACES[person.residence].country)
            dob = r.dob if r.dob and chance(self.rng, 0.85) else (str(person.dob.year) if r.dob else "")
            row = {
                "surname": r.family.upper(),
                "given_names": r.given,
                "aliases": list(dict.fromkeys(aliases)),
                "date_of_birth": dob,
                "nationalities": [r.nationality] if r.nationality else [],
                "role": ROLE_NAMES["en"][person.role],
                "network_id": self.org_ref(orgs[0], "EU-NET-"),
                "network": network_name(self.rng, orgs[0], self.ctx),
                "countries_of_activity": [ISO3[c] for c in dict.fromkeys(countries) if c in ISO3],
                "phones": [u.number for u in person.phones if chance(self.rng, 0.6)],
                "contributors": sorted({CONTRIBUTORS.get(c, "EU-EUROPOL") for c in countries[:3]}),
            }
            self.emit("hvt", day, {"id": "", **row}, [("id", "", pid, r.noise)])
