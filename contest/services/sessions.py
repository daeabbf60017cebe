"""Server-side login sessions: logging out ends a session wherever its cookie was copied."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from contest import clock
from contest.extensions import db
from contest.models import LoginSession, User
from contest.services.tokens import hash_token

TOUCH_INTERVAL = timedelta(minutes=5)


def start_session(*, user: User, ip: str | None, user_agent: str | None) -> str:
    """Open a login session for `user` and return the raw token kept in the browser's cookie."""
    raw = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        LoginSession(
            user=user,
            token_hash=hash_token(raw),
            ip=ip,
            user_agent=(user_agent or "")[:300],
            created_at=now,
        )
    )
    user.last_login_at = now
    db.session.flush()
    return raw


def find_session_user(*, user_id: str, raw_token: str | None, lifetime: int) -> User | None:
    """The user of a live session: not revoked, not expired, account still active."""
    if not raw_token or not user_id.isdigit():
        return None
    login = db.session.scalar(  # the account in the same statement: every request pays it
        select(LoginSession).where(LoginSession.token_hash == hash_token(raw_token))
        .options(joinedload(LoginSession.user))
    )
    if login is None or login.revoked_at is not None or login.user_id != int(user_id):
        return None
    if login.created_at + timedelta(seconds=lifetime) <= clock.now():
        return None
    user = login.user
    return user if user.is_active else None


def end_session(raw_token: str | None) -> None:
    """Revoke the session behind this token (logout)."""
    if raw_token:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == hash_token(raw_token))
            .values(revoked_at=clock.now())
        )


def revoke_sessions(*, user: User) -> int:
    """Revoke every live session of `user` (password change, reset, deactivation)."""
    result = db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    return result.rowcount
