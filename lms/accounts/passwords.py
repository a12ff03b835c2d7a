"""Password hashing with argon2id; hashes are upgraded when the cost settings change."""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lms.settings import get_settings

MIN_LENGTH = 10
#: Letters and digits that cannot be mistaken for each other when read aloud or printed.
_READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


@cache
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hasher() -> PasswordHasher:
    settings = get_settings()
    return _hasher(settings.argon2_time_cost, settings.argon2_memory_kib)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> tuple[bool, str | None]:
    """Whether ``password`` matches, and a new hash when the stored one is outdated."""
    if not password_hash:
        hasher().hash("timing-equaliser")  # the same cost whether or not the account exists
        return False, None
    try:
        hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    if hasher().check_needs_rehash(password_hash):
        return True, hash_password(password)
    return True, None


def generate_password() -> str:
    """A one-time password to hand over on paper: 12 readable characters in three groups."""
    chars = "".join(secrets.choice(_READABLE) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable (a message key), or None."""
    if len(password) < MIN_LENGTH:
        return "password_too_short"
    return None
