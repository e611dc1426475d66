"""API: the node's HTTP interface (FastAPI), every response filtered by the one door."""

from corridor.api._app import APP_FACTORY, SETTINGS_ENV, app_from_environment, create_app
from corridor.api._errors import HANDLERS, error_body
from corridor.api._tokens import TokenInfo, create_token, list_tokens, revoke_token

__all__ = [
    "APP_FACTORY",
    "HANDLERS",
    "SETTINGS_ENV",
    "TokenInfo",
    "app_from_environment",
    "create_app",
    "create_token",
    "error_body",
    "list_tokens",
    "revoke_token",
]
