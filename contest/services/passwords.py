"""Password hashing (argon2id) and the password policy."""
from __future__ import annotations

from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from contest.text import fold

MIN_LENGTH = 8
MAX_LENGTH = 128
# OWASP's argon2id profile (19 MiB, 2 passes): strong, yet quick enough for many logins.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Common in Vietnam and not in the English-language list, plus this site's own words.
LOCAL_COMMON = (
    "matkhau", "matkhau123", "anhyeuem", "emyeuanh", "yeuem", "iloveyou", "vietnam",
    "vietnam123", "hanoi", "saigon", "hochiminh", "123456789a", "a123456789", "sangtao",
    "sangtao123", "vinhlong", "vinhlong123", "tranđainghia", "trandainghia", "giamkhao",
    "bantochuc", "admin123", "12345678a", "abc12345", "qwerty123", "11111111", "88888888",
)


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (zxcvbn's list) and local additions."""
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(LOCAL_COMMON)


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why this password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Mật khẩu dài quá %(n)d ký tự.", n=MAX_LENGTH))
    folded = fold(password).replace(" ", "")
    if folded in common_passwords() or len(set(password)) < 3:
        return str(_l("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."))
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        return str(_l("Mật khẩu không được chứa địa chỉ e-mail của bạn."))
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing hash (invited, not yet set) never matches."""
    if not password_hash:
        _hasher.hash(password)  # same work either way: timing reveals nothing
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-for-timing")


def spend_equal_time(password: str) -> None:
    """Verify against a throwaway hash so unknown e-mails take as long as known ones."""
    with suppress(VerificationError):
        _hasher.verify(dummy_hash(), password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
