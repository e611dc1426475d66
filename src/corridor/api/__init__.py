"""API: the node's HTTP interface (FastAPI), every response filtered by the one door."""

from corridor.api._app import create_app
from corridor.api._errors import HANDLERS, error_body
from corridor.api._tokens import TokenInfo, create_token, list_tokens, revoke_token

__all__ = ["HANDLERS", "TokenInfo", "create_app", "create_token", "error_body", "list_tokens", "revoke_token"]
