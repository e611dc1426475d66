"""API: the node's HTTP interface (FastAPI), every response filtered by the one door."""

from corridor.api._app import create_app
from corridor.api._errors import HANDLERS, error_body

__all__ = ["HANDLERS", "create_app", "error_body"]
