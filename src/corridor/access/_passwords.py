"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from corridor.core import PLACEHOLDER_SECRETS, FieldError, InvalidInput

MIN_PASSWORD_LENGTH = 10
_HASHER = PasswordHasher()


def hash_password(password: str, *, where: str | None = None) -> str:
    """Hash a password, refusing short ones and the placeholders people leave in files."""
    if password.strip().lower() in PLACEHOLDER_SECRETS or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "weak password",
            errors=[
                FieldError(
                    f"passwords need at least {MIN_PASSWORD_LENGTH} characters and no placeholder",
                    file=where,
                    field="password",
                )
            ],
        )
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``False`` for users with no password (token-only)."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
