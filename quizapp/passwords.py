"""Password hashing with argon2id (argon2-cffi), at or above the OWASP ASVS parameters."""

from __future__ import annotations

import functools
import secrets
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH, MAX_LENGTH = 8, 128


def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # here: a server start does without argon2's bindings

    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_KIB"], parallelism=cfg["ARGON2_PARALLELISM"]
    )


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash of a random password nobody knows, made once per process and per set of parameters."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism).hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check a password; with no stored hash (no such account), do the same work and say no.

    The same work: one verification against a hash made with the same parameters, never a new hash
    (hashing and verifying together took twice as long, which told which usernames exist).
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    ph = hasher()
    try:
        if stored is None:
            ph.verify(_dummy_hash(ph.time_cost, ph.memory_cost, ph.parallelism), password)
            return False
        return ph.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return hasher().check_needs_rehash(stored)
