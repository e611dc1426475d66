"""Settings and errors: declared once, documented, and mapped to one table."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.core import (
    ERROR_TABLE,
    AccessDenied,
    BackendUnavailable,
    ConfigError,
    Conflict,
    FieldError,
    IntegrityFailure,
    InvalidInput,
    NotFound,
    Settings,
    database_url,
    load_settings,
)

STYLE_TABLE = {
    InvalidInput: (400, 1),
    NotFound: (404, 1),
    Conflict: (409, 1),
    AccessDenied: (403, 3),
    IntegrityFailure: (422, 4),
    BackendUnavailable: (503, 69),
    ConfigError: (500, 78),
}


def test_error_table_matches_the_house_style() -> None:
    assert {cls: (cls.http_status, cls.exit_code) for cls in ERROR_TABLE} == STYLE_TABLE


def test_error_shape_is_pinned() -> None:
    error = InvalidInput(
        "bad file", errors=[FieldError("not a date", file="a.csv", row=3, field="dob", value="31.02.")]
    )
    assert error.as_dict() == {
        "error": "invalid_input",
        "message": "bad file",
        "errors": [{"reason": "not a date", "file": "a.csv", "row": 3, "field": "dob", "value": "31.02."}],
    }
    assert error.one_line() == "bad file: a.csv, row 3, field 'dob': not a date (value '31.02.')"
    assert "\n" not in InvalidInput("two\nlines").one_line()


def test_every_setting_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"


def test_every_setting_and_error_is_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for name, field in Settings.model_fields.items():
        env = field.validation_alias if isinstance(field.validation_alias, str) else f"CORRIDOR_{name.upper()}"
        assert env in readme, f"{env} is not documented in README.md"
    for cls in ERROR_TABLE:
        assert cls.__name__ in readme, f"{cls.__name__} is not documented in README.md"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("x.db", "sqlite:///x.db"),
        ("/srv/corridor/x.db", "sqlite:////srv/corridor/x.db"),
        ("sqlite:///a.db", "sqlite:///a.db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_urls(given: str, expected: str) -> None:
    assert database_url(given) == expected


@pytest.mark.parametrize("bad", ["mysql://x/y", "", "   "])
def test_bad_database_urls(bad: str) -> None:
    with pytest.raises(ConfigError, match="bad database URL"):
        database_url(bad)


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_DB", "env.db")
    monkeypatch.setenv("CORRIDOR_AS", "RS-MUP/analyst")
    monkeypatch.setenv("CORRIDOR_JSON", "1")
    settings = load_settings()
    assert settings.db == "env.db"
    assert settings.as_principal == "RS-MUP/analyst"
    assert settings.json_output is True
    assert load_settings(db="other.db").db == "other.db"


def test_invalid_setting_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_BATCH_SIZE", "0")
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings()


def test_keys_live_next_to_sqlite_store() -> None:
    assert Settings(db="/srv/x.db").keys_path == Path("/srv/x.db.keys")
    assert Settings(db="postgresql://h/db").keys_path == Path("corridor-keys")
