"""The audit chain's secret key, kept outside the database.

The chain is an HMAC chain: someone who can write to the database but not read the key
cannot recompute hashes after editing an event, so every edit shows.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from corridor.core import ConfigError

AUDIT_KEY_FILE = "audit.key"


def ensure_audit_key(key_dir: Path) -> bytes:
    """Read the audit key, creating it (mode 0600) the first time a node is initialised."""
    path = key_dir / AUDIT_KEY_FILE
    if not path.exists():
        key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return read_audit_key(key_dir)


def read_audit_key(key_dir: Path) -> bytes:
    """Read the audit key, or raise ``ConfigError`` if the node has none."""
    path = key_dir / AUDIT_KEY_FILE
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        raise ConfigError(f"audit key {str(path)!r} is missing: run `corridor init` or set CORRIDOR_KEY_DIR") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise ConfigError(f"audit key {str(path)!r} is not hex") from None
    if len(key) < 32:
        raise ConfigError(f"audit key {str(path)!r} is too short")
    return key
