"""ristretto255 group operations from libsodium, for ECDH private set intersection.

PyNaCl 1.6 bundles a libsodium built without the ristretto255 functions, so they are
called through ``ctypes`` from the system libsodium (Debian ``libsodium23``, >= 1.0.18),
which has them. ctypes releases the GIL for the duration of each call, so a batch is
spread over threads, one per core, with no process pool to start.

Hash to group is ``crypto_core_ristretto255_from_hash`` over SHA-512 of a domain-tagged
selector key (the construction of RFC 9496 §4.3.4); points received from a partner are
checked with ``crypto_core_ristretto255_is_valid_point`` before use, and
``crypto_scalarmult_ristretto255`` refuses the identity result.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from corridor.core import ConfigError, IntegrityFailure

POINT_BYTES = 32
SCALAR_BYTES = 32
DOMAIN = b"corridor-psi-v1\x00"
"""Hash-to-group domain tag: a selector hashed for another protocol never collides with ours."""


@cache
def _lib() -> ctypes.CDLL:
    name = ctypes.util.find_library("sodium")
    if name is None:
        raise ConfigError("libsodium not found: install the Debian package libsodium23")
    lib = ctypes.CDLL(name)
    if not hasattr(lib, "crypto_scalarmult_ristretto255"):
        raise ConfigError(f"{name} has no ristretto255 functions: libsodium >= 1.0.18 is needed")
    if lib.sodium_init() < 0:
        raise ConfigError("libsodium failed to initialise")
    return lib


def random_scalar() -> bytes:
    """A uniformly random non-zero scalar."""
    out = ctypes.create_string_buffer(SCALAR_BYTES)
    _lib().crypto_core_ristretto255_scalar_random(out)
    return out.raw


def invert_scalar(scalar: bytes) -> bytes:
    """The multiplicative inverse of a scalar modulo the group order."""
    out = ctypes.create_string_buffer(SCALAR_BYTES)
    if _lib().crypto_core_ristretto255_scalar_invert(out, scalar) != 0:
        raise IntegrityFailure("scalar has no inverse")
    return out.raw


def _hash_chunk(keys: Sequence[str]) -> list[bytes]:
    lib = _lib()
    out = ctypes.create_string_buffer(POINT_BYTES)
    points = []
    for key in keys:
        lib.crypto_core_ristretto255_from_hash(out, hashlib.sha512(DOMAIN + key.encode("utf-8")).digest())
        points.append(out.raw)
    return points


def _mul_chunk(scalar: bytes, points: Sequence[bytes], check: bool) -> list[bytes]:
    lib = _lib()
    out = ctypes.create_string_buffer(POINT_BYTES)
    result = []
    for point in points:
        if check and (len(point) != POINT_BYTES or lib.crypto_core_ristretto255_is_valid_point(point) != 1):
            raise IntegrityFailure("received a value that is not a ristretto255 point")
        if lib.crypto_scalarmult_ristretto255(out, scalar, point) != 0:
            raise IntegrityFailure("received the identity element")
        result.append(out.raw)
    return result


def workers() -> int:
    """Threads to spread group operations over: one per core."""
    return max(1, os.cpu_count() or 1)


def _parallel(items: Sequence[object], fn: Callable[[Sequence[object]], list[bytes]]) -> list[bytes]:
    n = workers()
    if n == 1 or len(items) < 2_000:
        return fn(items)
    size = -(-len(items) // n)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ThreadPoolExecutor(max_workers=n) as pool:
        parts = list(pool.map(fn, chunks))
    return [p for part in parts for p in part]


def hash_to_group(keys: Sequence[str]) -> list[bytes]:
    """``H(key)`` for every selector key, in order."""
    return _parallel(keys, _hash_chunk)  # type: ignore[arg-type]


def multiply(scalar: bytes, points: Sequence[bytes], *, check: bool = False) -> list[bytes]:
    """``P^scalar`` for every point, in order; ``check`` validates points from outside."""
    return _parallel(points, lambda chunk: _mul_chunk(scalar, chunk, check))  # type: ignore[arg-type]


def blind_keys(scalar: bytes, keys: Sequence[str]) -> list[bytes]:
    """``H(key)^scalar`` for every key: hashing and multiplying in one pass per thread."""
    return _parallel(keys, lambda chunk: _mul_chunk(scalar, _hash_chunk(chunk), False))  # type: ignore[arg-type]


def tag(point: bytes) -> bytes:
    """The 8-byte tag of a blinded point that the holder publishes (BLAKE2b, truncated).

    With 10^6 held and 10^5 asked, a false hit has probability about 10^11 / 2^64, 5e-9.
    """
    return hashlib.blake2b(point, digest_size=8, person=b"corridor-psi").digest()
