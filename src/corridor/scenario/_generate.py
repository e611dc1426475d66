"""``generate``: build a world, run its trips month by month, and write every agency's view.

Randomness comes from independent seeded streams (the world, the trips, each agency's
view, each demo password), never from the global ``random`` module, set order or
``hash()``: the same seed gives the same bytes, and adding a file to one agency's view
does not change what another agency writes. Nothing is read from the clock.

Memory stays bounded for large sizes: smugglers and organisations (a few per cent of the
people) are held for the whole run, migrants, legs, payments and events only for the
month that produced them; rows are written and truth items spooled as they come.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from corridor.core import FieldError, InvalidInput
from corridor.scenario._balkans import national_views
from corridor.scenario._calibration import CALIBRATION
from corridor.scenario._europol import EuropolView
from corridor.scenario._gb_bf import BorderForceView
from corridor.scenario._gb_bsc import BorderSecurityView
from corridor.scenario._gb_nca import CrimeAgencyView
from corridor.scenario._geography import PLACES, VARIANTS
from corridor.scenario._model import Batch, Person
from corridor.scenario._operation import OperationPlay, check_spec
from corridor.scenario._partners import partners
from corridor.scenario._scripts import latin
from corridor.scenario._simulate import Simulator
from corridor.scenario._truth import TruthSink
from corridor.scenario._views import Context, View, mapping_path
from corridor.scenario._world import World, build_world

SIZES: dict[str, dict[str, Any]] = {
    "tiny": {"people": 300, "truth": "json", "description": "hundreds of records, for tests"},
    "demo": {"people": 10_000, "truth": "json", "description": "tens of thousands of records, for the demo"},
    "large": {"people": 320_000, "truth": "jsonl", "description": "over a million person records, for benchmarks"},
}
"""Named sizes: true persons (smugglers and migrants) and the truth file's format."""

MIN_PEOPLE = 100
MAX_PEOPLE = 20_000_000
JSONL_ABOVE = 200_000
"""Above this many people the truth is written as JSON Lines whatever the size name."""


def _check(size: str, people: int | None) -> int:
    if size not in SIZES:
        raise InvalidInput(
            f"unknown scenario size {size!r}",
            errors=[FieldError(f"size must be one of {', '.join(SIZES)}", field="size", value=str(size))],
        )
    if people is None:
        return int(SIZES[size]["people"])
    if isinstance(people, bool) or not isinstance(people, int) or not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise InvalidInput(
            "invalid number of people",
            errors=[
                FieldError(
                    f"people must be a whole number from {MIN_PEOPLE} to {MAX_PEOPLE}",
                    field="people",
                    value=str(people),
                )
            ],
        )
    return people


def generate(
    out: Path, *, size: str = "demo", people: int | None = None, seed: int = 7, operation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write a synthetic Western Balkan scenario into ``out`` and return its summary.

    ``size`` names a preset (``SIZES``); ``people`` overrides its number of true persons.
    ``operation`` plays out a joint operation's arrests and their consequences
    (``corridor.scenario._operation``); without it the bytes are those of the seed alone.
    Raises ``InvalidInput`` for an unknown size or an impossible number of people.
    """
    total = _check(size, people)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInput(
            "invalid seed", errors=[FieldError("seed must be a whole number", field="seed", value=str(seed))]
        )
    if operation is not None:
        check_spec(operation)  # refuse a bad option before touching ``out``
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _clear_previous(out)
    jsonl = SIZES[size]["truth"] == "jsonl" or total > JSONL_ABOVE
    smugglers = max(45, round(total * CALIBRATION["smuggler_share"].value))
    world = build_world(random.Random(f"{seed}:world"), smugglers)
    play = OperationPlay(operation, world) if operation is not None else None
    migrants = max(1, total - len(world.smugglers))
    meta = {
        "seed": seed,
        "size": size,
        "people": len(world.smugglers) + migrants,
        "period": {"start": "2023-01-01", "end": "2024-12-31"},
        "calibration": {k: {"value": f.value, "unit": f.unit, "source": f.source} for k, f in CALIBRATION.items()},
    }
    truth = TruthSink(out, jsonl=jsonl, meta=meta)
    ctx = Context(out=out, world=world, seed=seed, truth=truth, size=size)
    views: list[View] = [
        *national_views(ctx),
        BorderForceView(ctx),
        CrimeAgencyView(ctx),
        BorderSecurityView(ctx),
        EuropolView(ctx),
    ]
    _world_truth(truth, world)
    links: dict[tuple[str, str], list[Any]] = {}
    handovers: dict[tuple[str, str, str], int] = {}
    counts = {"groups": 0, "legs": 0, "payments": 0, "events": 0, "calls": 0}
    simulator = Simulator(world, random.Random(f"{seed}:trips"), migrants, seed)
    if play:
        play.install(simulator, links)
    for batch in simulator.batches():
        _batch_truth(truth, batch, world, links, handovers, counts)
        for view in views:
            view.on_batch(batch)
    for view in views:
        view.finish()
        view.close()
    if play and truth.jsonl:
        truth.item("operation", play.record)
    elif play:
        truth.meta["operation"] = play.record
    _end_truth(truth, world, links, handovers)
    files = [entry for view in views for entry in view.manifest()]
    _write_mappings(out, views)
    _write_yaml(
        out / "partners.yml",
        partners(seed),
        header="Agencies, demo users and agreements of a synthetic corridor scenario.",
    )
    manifest = {
        "scenario": {"seed": seed, "size": size, "people": meta["people"], "generator": "corridor.scenario"},
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    per_agency: dict[str, int] = {}
    for entry in files:
        per_agency[entry["agency"]] = per_agency.get(entry["agency"], 0) + entry["records"]
    summary = {
        "organisations": len(world.orgs),
        "true_persons": meta["people"],
        "smugglers": len(world.smugglers),
        "migrants": migrants,
        **counts,
        "person_records": truth.counts.get("record", 0),
        "records": sum(per_agency.values()),
        "records_per_agency": per_agency,
        "statements_estimate": sum(e["statements_estimate"] for e in files),
        "files": [e["path"] for e in files],
    }
    truth_path = truth.close(summary)
    return {
        **summary,
        "out": str(out),
        "truth": truth_path.name,
        "manifest": "manifest.json",
        "partners": "partners.yml",
    }


def _clear_previous(out: Path) -> None:
    """Remove what an earlier scenario wrote into ``out`` (and only that).

    A directory reused for another size or seed would otherwise keep files the new
    manifest does not list, such as a ``truth.jsonl`` next to the new ``truth.json``.
    """
    manifest = out / "manifest.json"
    if manifest.is_file():
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, AttributeError):
            entries = []
        for entry in entries:
            for key in ("path", "mapping"):
                name = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(name, str) and ".." not in Path(name).parts and not Path(name).is_absolute():
                    (out / name).unlink(missing_ok=True)
    for name in ("manifest.json", "partners.yml", "truth.json", "truth.jsonl"):
        (out / name).unlink(missing_ok=True)


class _Dumper(yaml.SafeDumper):
    """A YAML dumper that writes repeated values out instead of as anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Never alias: a mapping is read by people, and ``&id001`` helps nobody."""
        return True


def _write_yaml(path: Path, data: Any, *, header: str) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    path.write_text(f"# {header}\n{text}", encoding="utf-8")


def _write_mappings(out: Path, views: list[View]) -> None:
    for view in views:
        for output in view.outputs.values():
            spec = output.spec
            _write_yaml(
                out / mapping_path(spec.path),
                spec.mapping,
                header=f"FtM mapping for {spec.path} ({spec.agency}): {spec.description}. See docs/mappings.md.",
            )


# --- truth ------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def person_truth(person: Person) -> dict[str, Any]:
    """The truth about one person, in the shape ``truth.json`` lists persons."""
    obj: dict[str, Any] = {
        "id": person.id,
        "name": f"{latin(person.given, person.lang)} {latin(person.family, person.lang)}",
        "given": person.given,
        "family": person.family,
        "father": person.father,
        "lang": person.lang,
        "gender": "male" if person.male else "female",
        "dob": person.dob.isoformat(),
        "nationality": person.nationality,
        "country": person.nationality,
        "role": person.role,
        "organisations": list(person.orgs),
    }
    if person.lang in ("srp", "mkd", "bul"):
        obj["native_name"] = f"{person.given} {person.family}"
    if person.residence:
        obj["residence"] = person.residence
        obj["country"] = PLACES[person.residence].country
    if person.nicknames:
        obj["aliases"] = list(person.nicknames)
    if person.phones:
        obj["phones"] = [u.number for u in person.phones]
    for key in ("id_number", "iban", "wallet", "group"):
        value = getattr(person, key)
        if value:
            obj[key] = value
    if len(person.orgs) > 1:
        obj["broker"] = True
    if person.active_from:
        obj["active_from"] = person.active_from.isoformat()
    if person.arrested:
        obj["arrested"] = person.arrested.isoformat()
        obj["arrested_by"] = person.arrested_by
    return obj


def _world_truth(truth: TruthSink, world: World) -> None:
    for place in PLACES.values():
        truth.item(
            "place",
            {
                "id": place.id,
                "name": place.name,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "type": place.kind,
            },
        )
    for variant in VARIANTS:
        truth.item(
            "place",
            {
                "id": f"route:{variant.id}",
                "name": variant.id,
                "country": "",
                "lat": None,
                "lon": None,
                "type": "route",
                "stage": variant.stage,
                "places": list(variant.places),
            },
        )


def _batch_truth(
    truth: TruthSink,
    batch: Batch,
    world: World,
    links: dict[tuple[str, str], list[Any]],
    handovers: dict[tuple[str, str, str], int],
    counts: dict[str, int],
) -> None:
    for group in batch.groups:
        for migrant in group.migrants:
            truth.item("person", person_truth(migrant))
        truth.item("group", {
            "id": group.id, "migrants": [m.id for m in group.migrants], "start": _iso(group.start),
            "end": _iso(group.end), "end_place": group.end_place, "outcome": group.outcome,
            "uk_bound": group.uk_bound, "route": group.route, "organisations": group.orgs,
        })  # fmt: skip
        for i in range(1, len(group.orgs)):
            hub = next(v.start for v in VARIANTS if v.id == group.route[i])
            key = (group.orgs[i - 1], group.orgs[i], hub)
            handovers[key] = handovers.get(key, 0) + 1
    for leg in batch.legs:
        truth.item("leg", {
            "id": leg.id, "group": leg.group, "organisation": leg.org, "stage": leg.stage, "variant": leg.variant,
            "seq": leg.seq, "attempt": leg.attempt, "from": leg.origin, "to": leg.destination,
            "depart": _iso(leg.depart), "arrive": _iso(leg.arrive), "mode": leg.mode, "leg_type": leg.leg_type,
            "price_eur": leg.price_eur, "smuggler": leg.smuggler, "smuggler_role": leg.smuggler_role,
            "vehicle": leg.vehicle, "safe_house": leg.safe_house, "boat": leg.boat, "outcome": leg.outcome,
            "event": leg.event,
        })  # fmt: skip
    for payment in batch.payments:
        truth.item("payment", {
            "id": payment.id, "group": payment.group, "organisation": payment.org, "payer": payment.payer,
            "payee": payment.payee, "amount_eur": payment.amount_eur, "method": payment.method,
            "date": payment.day.isoformat(), "legs": payment.legs, "payer_account": payment.payer_account or None,
            "payee_account": payment.payee_account or None, "reference": payment.reference or None,
        })  # fmt: skip
    for event in batch.events:
        truth.item("event", {
            "id": event.id, "type": event.kind, "date": _iso(event.day), "place": event.place,
            "country": event.country, "group": event.group, "leg": event.leg, "boat": event.boat,
            "vehicle": event.vehicle, "migrants": [m.id for m in event.migrants],
            "smugglers": [{"person": p, "role": r, "arrested": a} for p, r, a in event.smugglers],
        })  # fmt: skip
    smugglers = world.smugglers
    for call in batch.calls:
        if call.caller not in smugglers or call.callee not in smugglers:
            continue
        pair = (call.caller, call.callee) if call.caller < call.callee else (call.callee, call.caller)
        entry = links.get(pair)
        day = call.when.date().isoformat()
        if entry is None:
            links[pair] = [1, day, day]
        else:
            entry[0] += 1
            entry[1] = min(entry[1], day)
            entry[2] = max(entry[2], day)
    counts["groups"] += len(batch.groups)
    counts["legs"] += len(batch.legs)
    counts["payments"] += len(batch.payments)
    counts["events"] += len(batch.events)
    counts["calls"] += len(batch.calls)


def _end_truth(
    truth: TruthSink, world: World, links: dict[tuple[str, str], list[Any]], handovers: dict[tuple[str, str, str], int]
) -> None:
    for person in world.smugglers.values():
        truth.item("person", person_truth(person))
        for use in person.phones:
            truth.item(
                "selector",
                {
                    "type": "phone",
                    "value": use.number,
                    "person": person.id,
                    "from": use.start.isoformat(),
                    "to": use.end.isoformat(),
                },
            )
        if person.iban:
            truth.item("selector", {"type": "iban", "value": person.iban, "person": person.id})
        if person.wallet:
            truth.item("selector", {"type": "wallet", "value": person.wallet, "person": person.id})
    for org in world.orgs:
        key_players = [org.leader] + [m for m in org.members if len(world.smugglers[m].orgs) > 1]
        key_players += org.roles.get("coordinator", [])
        truth.item("organisation", {
            "id": org.id, "name": org.name, "nickname": org.nickname or None, "stage": org.stage,
            "variants": org.variants, "home": org.home, "base": org.base, "leader": org.leader,
            "members": org.members, "countries": org.countries,
            "roles": {role: ids + org.reserves.get(role, []) for role, ids in org.roles.items()},
            "key_players": list(dict.fromkeys(key_players)),
        })  # fmt: skip
        for vehicle in org.vehicles:
            truth.item(
                "vehicle",
                {
                    "id": vehicle.id,
                    "plate": vehicle.plate,
                    "country": vehicle.country,
                    "type": vehicle.kind,
                    "model": vehicle.model,
                    "colour": vehicle.colour,
                    "organisation": vehicle.org,
                    "owner": vehicle.owner,
                },
            )
            truth.item(
                "selector", {"type": "plate", "value": vehicle.plate, "vehicle": vehicle.id, "person": vehicle.owner}
            )
    for (a, b), (count, first, last) in links.items():
        truth.item("link", {"source": a, "target": b, "type": "calls", "count": count, "first": first, "last": last})
    for org in world.orgs:
        for member in org.members:
            if member != org.leader:
                truth.item("link", {"source": org.leader, "target": member, "type": "leads", "organisation": org.id})
    for (before, after, hub), count in handovers.items():
        truth.item("handover", {"from": before, "to": after, "hub": hub, "groups": count})
