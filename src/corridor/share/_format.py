"""The bundle file: JSON Lines, a header first and a signature line last.

::

    {"type": "header", "format": "corridor-bundle/1", "sender": "RS-MUP", "recipient": "GB-NCA",
     "sequence": 3, "previous": 2, "created": "…Z", "key_id": "…", "counts": {…}}
    {"type": "statement", "id": "…", "entity_id": "…", "schema": "Person", "prop": "phone",
     "value": "+381…", "lang": null, "original_value": null, "source": "…", "origin": "RS-MUP",
     "marking": "B2 P", "first_seen": "…Z", "last_seen": "…Z"}
    {"type": "withdrawal", "id": "…"}
    {"type": "judgement", "key": "…", "left": "…", "right": "…", "verdict": "same", …}
    {"type": "signature", "alg": "ed25519", "key_id": "…", "sha256": "…", "signature": "…"}

The signature is an Ed25519 signature of ``corridor-bundle/1\\n`` followed by the raw
SHA-256 of every byte before the signature line, so a verifier streams the file once
and holds no more than a line. Re-gradings travel as the statement again with its new
marking; a statement that is withdrawn, or no longer releasable to the recipient, travels
as a withdrawal line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.core import IntegrityFailure, InvalidInput

FORMAT = "corridor-bundle/1"
SIGNED_PREFIX = FORMAT.encode("ascii") + b"\n"


def dump_line(obj: dict[str, Any]) -> bytes:
    """One canonical JSON line."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8") + b"\n"


def signed_message(digest_hex: str) -> bytes:
    """What the sender's key signs for a bundle whose body hashes to ``digest_hex``."""
    return SIGNED_PREFIX + bytes.fromhex(digest_hex)


@dataclass(frozen=True, slots=True)
class Envelope:
    """The parts of a bundle checked before any line is trusted."""

    header: dict[str, Any]
    signature: dict[str, Any]
    digest: str
    lines: int

    @property
    def sender(self) -> str:
        """The agency that says it sent the bundle."""
        return str(self.header.get("sender", ""))

    @property
    def recipient(self) -> str:
        """The agency the bundle is for."""
        return str(self.header.get("recipient", ""))

    @property
    def sequence(self) -> int:
        """The bundle's number in the sender's series for this recipient."""
        return int(self.header.get("sequence", 0))


def _loads(line: bytes, where: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise IntegrityFailure(f"{where}: not a JSON line") from None
    if not isinstance(obj, dict):
        raise IntegrityFailure(f"{where}: not a JSON object")
    return obj


def read_envelope(path: Path) -> Envelope:
    """Hash the file and read its header and signature line, without trusting either yet."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    digest = hashlib.sha256()
    first: bytes | None = None
    pending: bytes | None = None
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            if pending is not None:
                digest.update(pending)
            if first is None:
                first = line
            pending = line
            count += 1
    if first is None or pending is None or count < 2:
        raise IntegrityFailure(f"{path}: not a bundle (needs a header and a signature line)")
    header = _loads(first, f"{path}:1")
    signature = _loads(pending, f"{path}:{count}")
    if header.get("type") != "header" or header.get("format") != FORMAT:
        raise IntegrityFailure(f"{path}: not a {FORMAT} bundle")
    if signature.get("type") != "signature" or signature.get("alg") != "ed25519":
        raise IntegrityFailure(f"{path}: the last line is not an ed25519 signature")
    if signature.get("sha256") != digest.hexdigest():
        raise IntegrityFailure(f"{path}: content does not match the signed hash (tampered or truncated)")
    return Envelope(header, signature, digest.hexdigest(), count)


def body_lines(path: Path, lines: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """The body lines (between header and signature) as ``(line number, object)``."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                continue
            if number >= lines:
                return
            yield number, _loads(line, f"{path}:{number}")
