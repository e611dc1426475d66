"""The node's Ed25519 signing key, its rotation, and partners' public keys.

The signing key is a 32-byte seed in ``KEY_DIR/node.key`` (hex, mode 0600), beside the
audit key. Rotation moves it to ``node.key.retired-<time>`` and writes a new one; partners
list the new public key next to the old one in ``partners.yml`` (``public_key`` takes one
key or a list), so bundles signed before the rotation still verify until the old key is
removed from the list. A public key is written ``ed25519:<base64>``; its key id is the
first 16 hex digits of its SHA-256, carried in bundles and request headers so that the
verifier picks the right key without trying them all.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from corridor.core import ConfigError, IntegrityFailure
from corridor.model import Agency

NODE_KEY_FILE = "node.key"
KEY_PREFIX = "ed25519:"


def key_id(public: bytes) -> str:
    """The short, stable name of a public key."""
    return hashlib.sha256(public).hexdigest()[:16]


def public_key_text(public: bytes) -> str:
    """A public key in the form ``partners.yml`` takes."""
    return KEY_PREFIX + base64.b64encode(public).decode("ascii")


def parse_public_keys(text: str | None) -> list[bytes]:
    """Every public key in a ``public_key`` field: one key, or several for a rotation.

    Keys are separated by whitespace or commas (a YAML list is stored that way); each is
    ``ed25519:<base64>``, bare base64 or 64 hex digits. A malformed key is a ``ConfigError``:
    a partners file that cannot verify anyone must not pass silently.
    """
    keys: list[bytes] = []
    for part in re.split(r"[\s,\[\]'\"]+", text or ""):
        if not part:
            continue
        raw = part.removeprefix(KEY_PREFIX)
        try:
            key = bytes.fromhex(raw) if re.fullmatch(r"[0-9a-fA-F]{64}", raw) else base64.b64decode(raw, validate=True)
        except (ValueError, binascii.Error):
            raise ConfigError(f"public key {part!r} is neither base64 nor hex") from None
        if len(key) != 32:
            raise ConfigError(f"public key {part!r} is not a 32-byte Ed25519 key")
        keys.append(key)
    return keys


@dataclass(frozen=True, slots=True)
class NodeKey:
    """The node's signing key."""

    signing: SigningKey

    @property
    def public(self) -> bytes:
        """The raw 32-byte public key."""
        return bytes(self.signing.verify_key)

    @property
    def key_id(self) -> str:
        """The id partners find this key under."""
        return key_id(self.public)

    @property
    def public_text(self) -> str:
        """The public key for ``partners.yml``."""
        return public_key_text(self.public)

    def sign(self, message: bytes) -> str:
        """A detached signature, base64."""
        return base64.b64encode(self.signing.sign(message).signature).decode("ascii")


def _write_secret(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(data)


def load_node_key(key_dir: Path, *, create: bool = True) -> NodeKey:
    """The node's signing key, created on first use unless ``create`` is false."""
    path = key_dir / NODE_KEY_FILE
    if not path.exists():
        if not create:
            raise ConfigError(f"no signing key at {str(path)!r}: run `corridor share keygen`")
        _write_secret(path, SigningKey.generate().encode().hex())
    try:
        seed = bytes.fromhex(path.read_text().strip())
    except ValueError:
        raise ConfigError(f"signing key {str(path)!r} is not hex") from None
    if len(seed) != 32:
        raise ConfigError(f"signing key {str(path)!r} is not a 32-byte seed")
    return NodeKey(SigningKey(seed))


def rotate_node_key(key_dir: Path) -> tuple[NodeKey, NodeKey | None]:
    """Retire the current key (kept on disk) and make a new one; returns (new, old)."""
    path = key_dir / NODE_KEY_FILE
    old = load_node_key(key_dir, create=False) if path.exists() else None
    if old is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path.rename(key_dir / f"{NODE_KEY_FILE}.retired-{stamp}")
    return load_node_key(key_dir, create=True), old


def verify_signature(agency: Agency, message: bytes, signature: str, wanted_key_id: str | None) -> None:
    """Check a signature by ``agency`` against its listed keys, or raise ``IntegrityFailure``."""
    keys = parse_public_keys(agency.public_key)
    if not keys:
        raise IntegrityFailure(f"no public key for {agency.code} in partners: cannot verify its signature")
    candidates = [k for k in keys if wanted_key_id is None or key_id(k) == wanted_key_id]
    if not candidates:
        raise IntegrityFailure(f"{agency.code} signed with key {wanted_key_id}, which partners does not list")
    try:
        raw = base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error):
        raise IntegrityFailure(f"malformed signature from {agency.code}") from None
    for key in candidates:
        try:
            VerifyKey(key).verify(message, raw)
        except (BadSignatureError, ValueError):
            continue
        return
    raise IntegrityFailure(f"bad signature: not signed by {agency.code}")
