"""Single-use links sent by e-mail: only a hash is stored; each expires and works once."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AccountToken, TokenPurpose, User
from contest.services import DomainError


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(*, user: User, purpose: TokenPurpose, hours: int) -> str:
    """Create a token for `user`, invalidating earlier unused ones of the same purpose."""
    now = clock.now()
    for old in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    ):
        old.used_at = now
    raw = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user,
            purpose=purpose,
            token_hash=hash_token(raw),
            expires_at=now + timedelta(hours=hours),
        )
    )
    db.session.flush()
    return raw


def find_token(raw: str, purpose: TokenPurpose) -> AccountToken:
    """The valid (unused, unexpired) token, or a DomainError that says why not."""
    token = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == hash_token(raw or ""))
    )
    if token is None or token.purpose != purpose or token.used_at is not None:
        raise DomainError(_l("Liên kết không hợp lệ hoặc đã được sử dụng."))
    if token.expires_at <= clock.now():
        raise DomainError(_l("Liên kết đã hết hạn. Hãy yêu cầu một liên kết mới."))
    if not token.user.is_active:
        raise DomainError(_l("Liên kết không hợp lệ hoặc đã được sử dụng."))
    return token


def redeem_token(raw: str, purpose: TokenPurpose) -> User:
    """Use a token once and return its user."""
    token = find_token(raw, purpose)
    token.used_at = clock.now()
    db.session.flush()
    return token.user
