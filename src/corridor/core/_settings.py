"""Settings, declared once and read from ``CORRIDOR_*`` environment variables.

Entry points (the CLI callback, the API app factory) build one ``Settings`` and pass it
down; nothing else reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from corridor.core._errors import ConfigError

PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "password", "admin", ""})
"""Values a secret may never have: they are what people leave in copied config files."""


def database_url(value: str) -> str:
    """Turn a SQLite path or a database URL into a SQLAlchemy URL, or raise ``ConfigError``.

    Partners pass plain paths (``x.db``) and plain ``postgresql://`` URLs; SQLAlchemy needs
    ``sqlite:///`` and a named driver, so the normalisation lives here once.
    """
    text = value.strip()
    if not text:
        raise ConfigError("bad database URL: empty")
    if text.startswith(("postgresql://", "postgres://")):
        rest = text.split("://", 1)[1]
        return f"postgresql+psycopg://{rest}"
    if text.startswith("postgresql+psycopg://"):
        return text
    if text.startswith("sqlite://"):
        return text
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise ConfigError(
            f"bad database URL {text!r}: scheme {scheme!r} is not supported "
            "(use a SQLite path, sqlite:///PATH or postgresql://…)"
        )
    return f"sqlite:///{text}"


class Settings(BaseSettings):
    """Everything a corridor node can be configured with."""

    model_config = SettingsConfigDict(env_prefix="CORRIDOR_", extra="ignore", populate_by_name=True)

    db: Annotated[
        str,
        Field(description="The store: a SQLite path or sqlite:///PATH, or postgresql://… URL."),
    ] = "./corridor.db"
    as_principal: Annotated[
        str | None,
        Field(
            alias="CORRIDOR_AS",
            validation_alias="CORRIDOR_AS",
            description="The principal commands act as, AGENCY or AGENCY/USER; "
            "default: the node's own agency as local admin.",
        ),
    ] = None
    json_output: Annotated[
        bool,
        Field(
            alias="CORRIDOR_JSON",
            validation_alias="CORRIDOR_JSON",
            description="Print one JSON document on stdout instead of tables.",
        ),
    ] = False
    key_dir: Annotated[
        Path | None,
        Field(
            description="Directory holding the node's secret keys (audit chain key, signing "
            "key); default: next to a SQLite store, or ./corridor-keys for PostgreSQL.",
        ),
    ] = None
    batch_size: Annotated[
        int,
        Field(ge=1, le=1_000_000, description="Rows per write batch for bulk loads."),
    ] = 20_000
    log_level: Annotated[
        str,
        Field(description="Python log level name for corridor's own log."),
    ] = "WARNING"

    @field_validator("db")
    @classmethod
    def _check_db(cls, value: str) -> str:
        database_url(value)
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return upper

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the store."""
        return database_url(self.db)

    @property
    def keys_path(self) -> Path:
        """Where the node's secret keys live."""
        if self.key_dir is not None:
            return self.key_dir
        url = self.database_url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url.removeprefix("sqlite:///"))
            return path.with_name(path.name + ".keys")
        return Path("corridor-keys")


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus explicit overrides, or raise ``ConfigError``."""
    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        raise ConfigError(f"invalid setting {where}: {message}") from None
    except ConfigError:
        raise
