"""The HTTP client one node uses to call a partner node, every request signed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from corridor.access import Node
from corridor.core import (
    AccessDenied,
    BackendUnavailable,
    Conflict,
    CorridorError,
    IntegrityFailure,
    InvalidInput,
    NotFound,
)
from corridor.share._auth import sign_request
from corridor.share._common import own_agency
from corridor.share._keys import load_node_key

_ERRORS: dict[int, type[CorridorError]] = {
    400: InvalidInput,
    403: AccessDenied,
    404: NotFound,
    409: Conflict,
    422: IntegrityFailure,
    429: Conflict,
}


class PartnerClient:
    """Signed calls to one partner node at ``base_url``."""

    def __init__(self, node: Node, base_url: str, *, timeout: float = 600.0) -> None:
        self.node = node
        self.base_url = base_url.rstrip("/")
        self.me = own_agency(node)
        self.key = load_node_key(node.keys_path)
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)
        self._agency: str | None = None

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PartnerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def agency(self) -> str:
        """The agency that runs the partner node (asked once)."""
        if self._agency is None:
            data = self._send("GET", "/api/health", signed=False).json()
            agency = data.get("agency") if isinstance(data, dict) else None
            if not agency:
                raise BackendUnavailable(f"{self.base_url} did not say which agency runs it")
            self._agency = str(agency).upper()
        return self._agency

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        params: dict[str, Any] | None = None,
        content_type: str = "application/octet-stream",
    ) -> httpx.Response:
        """A signed request; errors of the partner come back as corridor errors."""
        target = path + ("?" + urlencode(params) if params else "")
        headers = sign_request(self.key, self.me, self.agency, method, target, body)
        headers["content-type"] = content_type
        return self._send(method, target, body=body, headers=headers)

    def _send(
        self, method: str, target: str, *, body: bytes = b"", headers: dict[str, str] | None = None, signed: bool = True
    ) -> httpx.Response:
        try:
            response = self._http.request(method, target, content=body or None, headers=headers)
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"partner {self.base_url} unreachable: {exc.__class__.__name__}") from None
        if response.status_code >= 400:
            try:
                message = str(response.json().get("message", response.text))
            except ValueError:
                message = response.text[:200]
            error = _ERRORS.get(response.status_code, BackendUnavailable)
            raise error(f"partner {self.base_url} refused: {message}")
        return response
