"""Password hashing with argon2id (argon2-cffi), at or above the OWASP ASVS parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH, MAX_LENGTH = 8, 128
# A hash to verify against when the account does not exist, so both cases take the same time.
_DUMMY: dict[tuple[int, int, int], str] = {}


def hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_KIB"], parallelism=cfg["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check a password; with no stored hash, spend the same time and say no."""
    ph = hasher()
    if stored is None:
        key = (ph.time_cost, ph.memory_cost, ph.parallelism)
        stored = _DUMMY.setdefault(key, ph.hash("not-a-real-password"))
        try:
            ph.verify(stored, password + "\0")
        except VerificationError:
            pass
        return False
    try:
        return ph.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return hasher().check_needs_rehash(stored)
