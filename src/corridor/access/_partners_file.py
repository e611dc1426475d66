"""Reading ``partners.yml``: agencies, users, operations and agreements, with clear errors.

Every problem names the file, the entry (as ``row``: its position in its list) and the
field, and the whole file is checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from corridor.access._passwords import hash_password
from corridor.core import FieldError, InvalidInput
from corridor.model import ROLES, Agency, Agreement, Operation, User

AGENCY_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,16}$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True, slots=True)
class PartnersFile:
    """The parsed content of a ``partners.yml``."""

    agencies: tuple[Agency, ...]
    users: tuple[User, ...]
    operations: tuple[Operation, ...]
    agreements: tuple[Agreement, ...]


class _Collector:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[FieldError] = []

    def add(self, section: str, index: int | None, field: str, reason: str, value: Any = None) -> None:
        name = f"{section}.{field}" if field else section
        shown = None if value is None else str(value)
        self.errors.append(
            FieldError(reason, file=self.path, row=None if index is None else index + 1, field=name, value=shown)
        )


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value).strip()


def _day(entry: dict[str, Any], key: str, errors: _Collector, section: str, index: int) -> date | None:
    value = entry.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.add(section, index, key, "must be a date YYYY-MM-DD", value)
        return None


def _list(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    return [str(v).strip() for v in value if str(v).strip()]


def load_partners_file(path: Path) -> PartnersFile:
    """Parse and validate ``partners.yml``, or raise ``InvalidInput`` listing every problem."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {where}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {where}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InvalidInput(
            "malformed partners file",
            errors=[FieldError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=where, row=row)],
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            "malformed partners file",
            errors=[FieldError("expected a mapping with agencies, users, agreements", file=where)],
        )
    errors = _Collector(where)
    for key in data:
        if key not in {"agencies", "users", "operations", "agreements", "node"}:
            errors.add(str(key), None, "", "unknown section (known: agencies, users, operations, agreements)")
    sections: dict[str, list[dict[str, Any]]] = {}
    for section in ("agencies", "users", "operations", "agreements"):
        items = data.get(section) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            errors.add(section, None, "", "must be a list of mappings")
            items = []
        sections[section] = items

    agencies: list[Agency] = []
    for i, entry in enumerate(sections["agencies"]):
        code = _text(entry, "code").upper()
        if not AGENCY_CODE.match(code):
            errors.add("agencies", i, "code", "must look like GB-NCA (country, dash, letters)", code)
            continue
        country = _text(entry, "country").upper() or code[:2]
        if not re.fullmatch(r"[A-Z]{2}", country):
            errors.add("agencies", i, "country", "must be an ISO 3166 alpha-2 code", country)
        if code in {a.code for a in agencies}:
            errors.add("agencies", i, "code", "duplicate agency", code)
        agencies.append(
            Agency(
                code=code,
                name=_text(entry, "name") or code,
                country=country,
                contact=_text(entry, "contact"),
                public_key=" ".join(_list(entry, "public_key")) or None,
            )
        )
    known = {a.code for a in agencies}

    def check_agency(section: str, index: int, field: str, code: str) -> bool:
        if code not in known:
            errors.add(section, index, field, "unknown agency (not in agencies)", code)
            return False
        return True

    users: list[User] = []
    for i, entry in enumerate(sections["users"]):
        agency = _text(entry, "agency").upper()
        username = _text(entry, "username")
        ok = check_agency("users", i, "agency", agency)
        if not USERNAME.match(username):
            errors.add("users", i, "username", "must be lower-case letters, digits, dot, dash or underscore", username)
            ok = False
        roles = frozenset(_list(entry, "roles"))
        bad = sorted(roles - set(ROLES))
        if bad or not roles:
            errors.add("users", i, "roles", f"roles must be among {', '.join(ROLES)}", ",".join(bad) or "(none)")
            ok = False
        password_hash = _text(entry, "password_hash") or None
        password = entry.get("password")
        if password is not None:
            try:
                password_hash = hash_password(str(password), where=where)
            except InvalidInput as exc:
                errors.add("users", i, "password", exc.errors[0].reason)
                ok = False
        if ok:
            users.append(
                User(
                    agency=agency,
                    username=username,
                    roles=roles,
                    password_hash=password_hash,
                    display_name=_text(entry, "name"),
                )
            )

    operations: list[Operation] = []
    for i, entry in enumerate(sections["operations"]):
        code = _text(entry, "code")
        lead = _text(entry, "lead").upper()
        members = frozenset(a.upper() for a in _list(entry, "agencies")) | ({lead} if lead else set())
        ok = bool(code) and check_agency("operations", i, "lead", lead)
        if not code:
            errors.add("operations", i, "code", "missing")
        for member in sorted(members):
            ok = check_agency("operations", i, "agencies", member) and ok
        if ok:
            operations.append(
                Operation(
                    code=code,
                    lead=lead,
                    name=_text(entry, "name"),
                    agencies=members,
                    users=frozenset(_list(entry, "users")),
                )
            )

    agreements: list[Agreement] = []
    for i, entry in enumerate(sections["agreements"]):
        provider = _text(entry, "provider").upper()
        recipient = _text(entry, "recipient").upper()
        ok = check_agency("agreements", i, "provider", provider)
        ok = check_agency("agreements", i, "recipient", recipient) and ok
        if provider and provider == recipient:
            errors.add("agreements", i, "recipient", "an agency needs no agreement with itself", recipient)
            ok = False
        handling = frozenset(h.upper() for h in (_list(entry, "handling") or ["P", "C"]))
        if not handling <= {"P", "C"}:
            errors.add("agreements", i, "handling", "must list P and/or C", ",".join(sorted(handling)))
            ok = False
        valid_from = _day(entry, "valid_from", errors, "agreements", i)
        valid_until = _day(entry, "valid_until", errors, "agreements", i)
        ident = _text(entry, "id") or f"{provider}-{recipient}"
        if ok:
            agreements.append(
                Agreement(
                    id=ident,
                    provider=provider,
                    recipient=recipient,
                    handling=handling,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    purpose=_text(entry, "purpose"),
                )
            )
    if errors.errors:
        raise InvalidInput(f"invalid partners file {where}", errors=errors.errors)
    return PartnersFile(tuple(agencies), tuple(users), tuple(operations), tuple(agreements))
