"""Password hashing (argon2id) and the password policy.

zxcvbn and its word lists load on the first password checked, not when a worker starts."""
from __future__ import annotations

import re
from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from contest.config import Defaults
from contest.text import fold

MIN_LENGTH = 8
MAX_LENGTH = 128
# zxcvbn's score from 0 to 4; 3 is at least 10^8 guesses (safe against an online attack and
# slows an offline one down).
MIN_SCORE = 3

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
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(LOCAL_COMMON)


def personal_words(name: str, email: str) -> tuple[list[str], list[str]]:
    """What a guesser knows of the user, as zxcvbn's user inputs: the name's words (without
    diacritics) and the whole name, and the e-mail, its local part and that part's pieces."""
    words = fold(name).lower().split()
    local_part = email.split("@")[0].lower()
    from_name = [*words, "".join(words)]
    from_email = [email.lower(), local_part, *re.split(r"[._+-]", local_part)]
    return [word for word in from_name if word], [word for word in from_email if word]


def covered(password: str, words: list[str]) -> int:
    """How many characters of the password lie inside one of the words (of 3 letters or more)."""
    text = fold(password).lower()
    inside = [False] * len(text)
    for word in (word for word in words if len(word) >= 3):
        start = text.find(word)
        while start != -1:
            inside[start:start + len(word)] = [True] * len(word)
            start = text.find(word, start + 1)
    return sum(inside)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
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
    from_name, from_email = personal_words(name, email)
    from zxcvbn import zxcvbn

    estimate = zxcvbn(password, user_inputs=from_name + from_email, max_length=MAX_LENGTH)
    # zxcvbn rates a few personal words between dashes as strong: half the password is too much.
    if (estimate["score"] >= MIN_SCORE
            and 2 * covered(password, from_name + from_email) < len(password)):
        return None
    found = {match["matched_word"] for match in estimate["sequence"]
             if match.get("dictionary_name") == "user_inputs"}
    by_email, by_name = covered(password, from_email), covered(password, from_name)
    if by_email >= by_name and (by_email or found & set(from_email)):
        return str(_l("Mật khẩu không được chứa địa chỉ e-mail của bạn."))
    if by_name or found:
        return str(_l("Mật khẩu không được chứa tên của bạn."))
    return str(_l("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."))


def _setting(name: str) -> int:
    if has_app_context():
        return current_app.config.get(name, getattr(Defaults, name))
    return getattr(Defaults, name)


@cache
def _hasher_with(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    """The argon2id profile of the PASSWORD_HASH_* settings (tests set a cheap one)."""
    return _hasher_with(_setting("PASSWORD_HASH_TIME_COST"), _setting("PASSWORD_HASH_MEMORY_KIB"),
                        _setting("PASSWORD_HASH_PARALLELISM"))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing hash (invited, not yet set) never matches."""
    if not password_hash:
        _hasher().hash(password)  # same work either way: timing reveals nothing
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not-a-real-password-for-timing")


def spend_equal_time(password: str) -> None:
    """Verify against a throwaway hash so unknown e-mails take as long as known ones."""
    with suppress(VerificationError):
        _hasher().verify(_dummy_hash(_hasher()), password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
