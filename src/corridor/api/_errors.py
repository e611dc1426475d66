"""One error shape for every failure, mapped from the error table (``corridor.core``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from corridor.core import CorridorError, FieldError, InvalidInput

log = logging.getLogger("corridor.api")
Handler = Callable[[Request, Any], Coroutine[Any, Any, JSONResponse]]


def error_body(code: str, message: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The documented error shape: ``{"error", "message", "errors"?}``."""
    body: dict[str, Any] = {"error": code, "message": message}
    if errors:
        body["errors"] = errors
    return body


async def corridor_error(_: Request, exc: CorridorError) -> JSONResponse:
    """A corridor error with the status its class declares."""
    return JSONResponse(exc.as_dict(), status_code=exc.http_status)


async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's request validation, in corridor's shape (400 ``invalid_input``)."""
    errors = [
        FieldError(str(e.get("msg", "invalid")), field=".".join(str(p) for p in e.get("loc", ()))) for e in exc.errors()
    ]
    return await corridor_error(_, InvalidInput("invalid request", errors=errors))


_HTTP_CODES: Mapping[int, str] = {
    400: "invalid_input",
    401: "unauthenticated",
    403: "access_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
}


async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Routing and framework errors (unknown path, wrong method) in the same shape."""
    code = _HTTP_CODES.get(exc.status_code, "error")
    return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers)


async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    """A bug: log the traceback, tell the client nothing about the internals."""
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


HANDLERS: dict[type[Exception], Handler] = {
    CorridorError: corridor_error,
    RequestValidationError: validation_error,
    StarletteHTTPException: http_error,
    Exception: unexpected_error,
}
"""Exception class -> handler; passed to ``create_app`` like yente's ``HANDLERS``."""
