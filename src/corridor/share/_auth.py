"""Node-to-node requests: signed with the sending node's Ed25519 key, checked by the receiver.

No user session is involved: a partner node proves who it is by signing
``corridor-request/1``, the method, the path with its query, a timestamp, a nonce, its own
agency, the agency it calls and the SHA-256 of the body. The receiver accepts a timestamp
within ``WINDOW`` seconds of its clock and each nonce once inside that window, so a
captured request cannot be replayed, nor sent to another node.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Mapping

from corridor.core import IntegrityFailure
from corridor.model import Agency
from corridor.share._keys import NodeKey, verify_signature

WINDOW = 300
H_AGENCY = "x-corridor-agency"
H_KEY = "x-corridor-key-id"
H_TIME = "x-corridor-timestamp"
H_NONCE = "x-corridor-nonce"
H_SIGNATURE = "x-corridor-signature"


def request_message(method: str, target: str, ts: str, nonce: str, sender: str, recipient: str, body: bytes) -> bytes:
    """The bytes a request signature covers."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join(["corridor-request/1", method.upper(), target, ts, nonce, sender, recipient, digest]).encode()


def sign_request(key: NodeKey, sender: str, recipient: str, method: str, target: str, body: bytes) -> dict[str, str]:
    """Headers that authenticate a request from ``sender`` to ``recipient``."""
    ts = str(int(time.time()))
    nonce = secrets.token_hex(16)
    message = request_message(method, target, ts, nonce, sender, recipient, body)
    return {H_AGENCY: sender, H_KEY: key.key_id, H_TIME: ts, H_NONCE: nonce, H_SIGNATURE: key.sign(message)}


class NonceCache:
    """Nonces seen inside the time window, so a request is accepted once."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, nonce: str, now: float) -> None:
        """Raise ``IntegrityFailure`` for a nonce already used."""
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {n: t for n, t in self._seen.items() if t > now - 2 * WINDOW}
            if nonce in self._seen:
                raise IntegrityFailure("replayed request")
            self._seen[nonce] = now


def verify_request(
    agencies: Mapping[str, Agency],
    me: str,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    nonces: NonceCache,
) -> Agency:
    """The partner agency that signed this request, or ``IntegrityFailure``."""
    sender = headers.get(H_AGENCY, "").upper()
    ts = headers.get(H_TIME, "")
    nonce = headers.get(H_NONCE, "")
    if not sender or not ts.isdigit() or len(nonce) < 16:
        raise IntegrityFailure("unsigned request: node-to-node calls need corridor signature headers")
    agency = agencies.get(sender)
    if agency is None or sender == me:
        raise IntegrityFailure(f"request from unknown agency {sender!r}")
    now = time.time()
    if abs(now - int(ts)) > WINDOW:
        raise IntegrityFailure("request timestamp outside the accepted window (check the clocks)")
    message = request_message(method, target, ts, nonce, sender, me, body)
    verify_signature(agency, message, headers.get(H_SIGNATURE, ""), headers.get(H_KEY) or None)
    nonces.check(nonce, now)
    return agency
