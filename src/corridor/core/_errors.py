"""One error hierarchy for corridor, each error carrying its HTTP status and CLI exit code.

Lower layers raise these and never exit or build HTTP responses; only ``cli`` maps them to
exit codes and only ``api`` maps them to responses, both from the class attributes below,
so the table in STYLE.md lives in exactly one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """Where a bad value sits: file, row and field, and why it is bad."""

    reason: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """Render the location and the reason on one line."""
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        shown = f" (value {self.value!r})" if self.value is not None else ""
        return f"{prefix}: {self.reason}{shown}" if prefix else f"{self.reason}{shown}"

    def as_dict(self) -> dict[str, Any]:
        """Serialise for JSON output, leaving out empty parts."""
        data = {"reason": self.reason, "file": self.file, "row": self.row, "field": self.field}
        data["value"] = self.value
        return {k: v for k, v in data.items() if v is not None}


class CorridorError(Exception):
    """Root of every error corridor raises on purpose."""

    http_status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 70
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, *, errors: Sequence[FieldError] = (), **details: Any):
        super().__init__(message)
        self.message = message
        self.errors: list[FieldError] = list(errors)
        self.details: Mapping[str, Any] = details

    def one_line(self) -> str:
        """The message for a terminal: one line, never a traceback."""
        text = self.message
        if self.errors:
            text = f"{text}: {self.errors[0].describe()}"
            if len(self.errors) > 1:
                text += f" (and {len(self.errors) - 1} more)"
        return " ".join(text.split())

    def as_dict(self) -> dict[str, Any]:
        """The single error shape used by the API and by ``--json`` output."""
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.errors:
            body["errors"] = [e.as_dict() for e in self.errors]
        if self.details:
            body["details"] = dict(self.details)
        return body


class InvalidInput(CorridorError):
    """Bad input; ``errors`` names the file, row and field of each problem."""

    http_status = 400
    exit_code = 1
    code = "invalid_input"


class NotFound(CorridorError):
    """Absent, or not visible to the caller: the two are never told apart."""

    http_status = 404
    exit_code = 1
    code = "not_found"


class Conflict(CorridorError):
    """A duplicate, a stale version or a gap in a sequence."""

    http_status = 409
    exit_code = 1
    code = "conflict"


class AccessDenied(CorridorError):
    """The caller's role may not do this."""

    http_status = 403
    exit_code = 3
    code = "access_denied"


class IntegrityFailure(CorridorError):
    """A bad signature, a broken audit chain or a replayed bundle."""

    http_status = 422
    exit_code = 4
    code = "integrity_failure"


class BackendUnavailable(CorridorError):
    """The database or a partner node cannot be reached."""

    http_status = 503
    exit_code = 69
    code = "backend_unavailable"


class ConfigError(CorridorError):
    """Settings are invalid at start-up."""

    http_status = 500
    exit_code = 78
    code = "config_error"


ERROR_TABLE: tuple[type[CorridorError], ...] = (
    InvalidInput,
    NotFound,
    Conflict,
    AccessDenied,
    IntegrityFailure,
    BackendUnavailable,
    ConfigError,
)
"""Every documented error class, in the order of the table in STYLE.md."""

UNEXPECTED_EXIT_CODE = 70
"""Exit code for a bug (sysexits EX_SOFTWARE); the traceback goes to the log."""

__all__ = [
    "ERROR_TABLE",
    "UNEXPECTED_EXIT_CODE",
    "AccessDenied",
    "BackendUnavailable",
    "ConfigError",
    "Conflict",
    "CorridorError",
    "FieldError",
    "IntegrityFailure",
    "InvalidInput",
    "NotFound",
]
