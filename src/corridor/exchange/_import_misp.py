"""Import of MISP events: corridor's own exactly, a partner's through templates and tags.

An object whose ``comment`` reads ``corridor <Schema> <id>`` was written by ``corridor
export --format misp``: each attribute's ``corridor:`` comment names its record and FtM
property and its ``corridor:marking`` tag its marking. Any other object is mapped by its
template (person → Person, legal-entity → LegalEntity, bank-account → BankAccount, …)
and relation names, and each attribute's marking is derived from its own tags, then the
event's (``tlp:``, ``PAP:``, ``admiralty-scale:``), with ``--marking`` filling the gaps.
Attributes outside objects and objects of other templates are counted as skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model

from corridor.core import FieldError, InvalidInput
from corridor.exchange._markings import marking_from_tags
from corridor.exchange._misp import COMMENT_PREFIX, OBJECT_PREFIX, RELATIONS
from corridor.exchange._write import Loader, read_text, write_import
from corridor.ingest import IngestReport
from corridor.model import BASE_PROP, Marking, Statement, utc_now

SCHEMA_OF_TEMPLATE = {
    "person": "Person", "legal-entity": "LegalEntity", "organization": "Organization", "bank-account": "BankAccount",
    "coin-address": "CryptoWallet", "vehicle": "Vehicle", "postal-address": "Address", "event": "Event",
    "transaction": "Payment", "phone": "LegalEntity",
}  # fmt: skip
FOREIGN_RELATIONS = {"phone": {"phone-number": "phone", "number": "phone"}}


def _event(text: str, where: str) -> Any:
    from pymisp import MISPEvent
    from pymisp.exceptions import PyMISPError

    try:
        event = MISPEvent()
        event.load(text)
    except (PyMISPError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("invalid MISP event", errors=[FieldError(str(exc).splitlines()[0], file=where)]) from None
    except Exception as exc:  # noqa: BLE001 - pymisp fails on some damaged events with its own bugs (UnboundLocalError)
        reason = f"unreadable MISP event ({exc.__class__.__name__})"
        raise InvalidInput("invalid MISP event", errors=[FieldError(reason, file=where)]) from None
    objects = _listed(event, "objects")
    attributes = [*_listed(event, "attributes"), *(a for o in objects for a in _listed(o, "attributes"))]
    parts = [
        (event, "attributes"), (event, "objects"), (event, "tags"),
        *((o, name) for o in objects for name in ("attributes", "references")),
        *((a, "tags") for a in attributes),
    ]  # fmt: skip
    for item, name in parts:
        if getattr(item, name, None) is not None and not isinstance(getattr(item, name), list):
            raise InvalidInput("invalid MISP event", errors=[FieldError("must be a list", file=where, field=name)])
    for item in [event, *attributes]:
        for tag in _listed(item, "tags"):
            # pymisp loads a tag without a name; its grading or handling could not be read
            if not isinstance(getattr(tag, "name", None), str):
                raise InvalidInput(
                    "invalid MISP event", errors=[FieldError("a tag without a name", file=where, field="Tag")]
                )
    return event


def _listed(item: Any, name: str) -> list[Any]:
    """A list attribute of a pymisp object, or nothing when a damaged event gave it another type."""
    value = getattr(item, name, None)
    return value if isinstance(value, list) else []


def _tags(item: Any) -> list[str]:
    return [str(t.name) for t in getattr(item, "tags", []) or []]


def _stamp(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:19] + "Z"


def _statements(
    loader: Loader, event: Any, where: str, source: str, default: Marking | None, report: IngestReport
) -> Iterator[Statement]:
    event_tags = _tags(event)
    based: set[tuple[str, str, str]] = set()
    report.skipped += len(event.attributes)
    for index, obj in enumerate(event.objects, start=1):
        comment = str(getattr(obj, "comment", "") or "")
        ours = comment.startswith(OBJECT_PREFIX)
        if ours:
            schema_name, _, entity_id = comment[len(OBJECT_PREFIX) :].partition(" ")
        else:
            schema_name, entity_id = (
                SCHEMA_OF_TEMPLATE.get(str(obj.name), ""),
                loader.record_id(str(obj.uuid), loader.agency),
            )
        schema = model.get(schema_name)
        if schema is None:
            report.skipped += 1
            continue
        report.rows += 1
        report.entities += 1
        reverse = {v: k for k, v in RELATIONS.get(str(obj.name), {}).items()} | FOREIGN_RELATIONS.get(str(obj.name), {})
        for attr in obj.attributes:
            field = f"Object[{index}] {obj.uuid} attribute {attr.object_relation}"
            note: dict[str, Any] = {}
            text = str(getattr(attr, "comment", "") or "")
            if ours and text.startswith(COMMENT_PREFIX):
                try:
                    note = json.loads(text[len(COMMENT_PREFIX) :])
                    if not isinstance(note, dict):
                        raise json.JSONDecodeError("not an object", text, 0)
                except json.JSONDecodeError:
                    raise InvalidInput("bad corridor comment", errors=[FieldError("not JSON after corridor:", file=where, row=index, field=field, value=text[:80])]) from None  # fmt: skip
            prop_name = str(note.get("prop") or reverse.get(str(attr.object_relation)) or attr.object_relation)
            rec_schema = model.get(str(note.get("schema") or schema.name)) or schema
            prop = rec_schema.get(prop_name)
            if prop is None:
                report.rejected += 1
                report.errors.append(
                    FieldError(
                        f"no FtM property for relation in {rec_schema.name}",
                        file=where,
                        row=index,
                        field=field,
                        value=prop_name,
                    )
                )
                continue
            tags = _tags(attr) or event_tags
            try:
                marking, origin_tag = marking_from_tags(
                    tags, default=default, where=f"{where} {field}", recipient=loader.recipient
                )
            except InvalidInput as exc:
                report.rejected += 1
                report.errors += [
                    FieldError(e.reason, file=where, row=index, field=field, value=e.value) for e in exc.errors
                ]
                continue
            origin = loader.origin(origin_tag or loader.agency, where=FieldError("unknown originator tag", file=where, row=index, field=field)) if ours else loader.agency  # fmt: skip
            record = loader.record_id(str(note.get("record") or entity_id), origin)
            value = str(attr.value)
            if not ours:
                if prop.type.name == "entity":
                    value = loader.record_id(value, loader.agency)
                else:
                    cleaned = prop.type.clean(value, proxy=None)
                    if cleaned is None:
                        report.rejected += 1
                        report.errors.append(
                            FieldError(f"not a valid {prop.type.name}", file=where, row=index, field=field, value=value)
                        )
                        continue
                    value = cleaned
            first_seen = _stamp(getattr(attr, "first_seen", None)) or utc_now()
            last_seen = _stamp(getattr(attr, "last_seen", None)) or first_seen
            src = str(note.get("source") or source)
            if (record, origin, src) not in based:
                based.add((record, origin, src))
                yield Statement(record, rec_schema.name, BASE_PROP, record, src, origin, marking, first_seen, last_seen)
            yield Statement(record, rec_schema.name, prop.name, value, src, origin, marking, first_seen, last_seen,
                            note.get("lang"), note.get("original_value"))  # fmt: skip
        if not ours:
            for ref in getattr(obj, "ObjectReference", []) or getattr(obj, "references", []):
                kind, uuid = getattr(ref, "relationship_type", None), getattr(ref, "referenced_uuid", None)
                if not isinstance(kind, str) or not isinstance(uuid, str):
                    report.rejected += 1
                    report.errors.append(
                        FieldError("a reference needs a relationship_type and a referenced_uuid", file=where,
                                   row=index, field=f"Object[{index}] {obj.uuid} ObjectReference")
                    )  # fmt: skip
                    continue
                prop = schema.get(kind)
                if prop is None or prop.type.name != "entity":
                    continue
                target = loader.record_id(uuid, loader.agency)
                marking, _ = marking_from_tags(event_tags, default=default, where=where, recipient=loader.recipient)
                now = utc_now()
                yield Statement(entity_id, schema.name, prop.name, target, source, loader.agency, marking, now, now)


def import_misp(loader: Loader, path: Path, *, marking: Marking | None, source: str | None = None) -> IngestReport:
    """Load a MISP event in one transaction; returns the ingest report."""
    where = str(path)
    event = _event(read_text(path), where)
    report = IngestReport(file=where, format="misp")
    name = source or path.name
    stmts = list(_statements(loader, event, where, name, marking, report))
    return write_import(loader, path, report, stmts, source=name, marking_text=str(marking or "from the tags"))
