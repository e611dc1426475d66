"""Core: settings and the error hierarchy, the ground every other layer stands on."""

from corridor.core._errors import (
    ERROR_TABLE,
    UNEXPECTED_EXIT_CODE,
    AccessDenied,
    BackendUnavailable,
    ConfigError,
    Conflict,
    CorridorError,
    FieldError,
    IntegrityFailure,
    InvalidInput,
    NotFound,
)
from corridor.core._settings import PLACEHOLDER_SECRETS, Settings, database_url, load_settings

__all__ = [
    "ERROR_TABLE",
    "PLACEHOLDER_SECRETS",
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
    "Settings",
    "database_url",
    "load_settings",
]
