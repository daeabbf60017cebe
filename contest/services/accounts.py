"""Accounts: registration, authentication, passwords, invitations and deactivation."""
from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import Role, TokenPurpose, Unit, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    spend_equal_time,
    verify_password,
)
from contest.services.sessions import revoke_sessions
from contest.services.tokens import find_token, issue_token, redeem_token

VERIFY_TOKEN_HOURS = 48


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def _check_password(password: str, email: str, name: str) -> None:
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise DomainError(problem)


def register_entrant(
    *, email: str, full_name: str, password: str, phone: str | None = None,
    unit: Unit | None = None,
) -> tuple[User | None, str | None]:
    """Create an unverified entrant account and return it with its verification token.

    When the e-mail already has an account nothing is created and (None, None) is returned,
    so the caller answers exactly as for a new address and nobody learns who is registered.
    """
    email = normalize_email(email)
    _check_password(password, email, full_name)
    if find_user_by_email(email) is not None:
        return None, None
    user = User(
        email=email, full_name=full_name.strip(), role=Role.ENTRANT, phone=phone or None,
        unit=unit, password_hash=hash_password(password), password_changed_at=clock.now(),
    )
    db.session.add(user)
    record_event(actor=None, action="user.register", target=user,
                 after={"email": email, "role": Role.ENTRANT.value})
    return user, issue_token(user=user, purpose=TokenPurpose.VERIFY, hours=VERIFY_TOKEN_HOURS)


def verify_email(raw_token: str) -> User:
    """Confirm the e-mail address behind a verification link."""
    user = redeem_token(raw_token, TokenPurpose.VERIFY)
    user.email_verified_at = user.email_verified_at or clock.now()
    record_event(actor=user, action="user.verify_email", target=user)
    return user


def authenticate(*, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (same cost either way)."""
    user = find_user_by_email(email)
    if user is None:
        spend_equal_time(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(*, user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; signs out every other session."""
    if not verify_password(user.password_hash, current):
        raise DomainError(_l("Mật khẩu hiện tại không đúng."))
    _check_password(new, user.email, user.full_name)
    _set_password(user, new)
    record_event(actor=user, action="user.change_password", target=user)


def request_password_reset(email: str, *, hours: int) -> tuple[User, str] | None:
    """A reset token for an active account with this e-mail, or None (caller answers the same)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return None
    return user, issue_token(user=user, purpose=TokenPurpose.RESET, hours=hours)


def reset_password(*, raw_token: str, new: str) -> User:
    """Set a new password through a reset link; the link then stops working."""
    owner = find_token(raw_token, TokenPurpose.RESET).user
    _check_password(new, owner.email, owner.full_name)
    user = redeem_token(raw_token, TokenPurpose.RESET)
    _set_password(user, new)
    user.email_verified_at = user.email_verified_at or clock.now()
    record_event(actor=user, action="user.reset_password", target=user)
    return user


def invite_user(*, actor: User, email: str, full_name: str, role: Role, hours: int,
                unit: Unit | None = None) -> tuple[User, str]:
    """Create an account without a password and return the invitation token."""
    email = normalize_email(email)
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise DomainError(_l("Chỉ quản trị viên mới mời được quản trị viên."))
    if find_user_by_email(email) is not None:
        raise DomainError(_l("Đã có tài khoản với địa chỉ e-mail này."))
    user = User(email=email, full_name=full_name.strip(), role=role, unit=unit)
    db.session.add(user)
    record_event(actor=actor, action="user.invite", target=user,
                 after={"email": email, "role": role.value, "full_name": user.full_name})
    return user, issue_token(user=user, purpose=TokenPurpose.INVITE, hours=hours)


def accept_invitation(*, raw_token: str, password: str) -> User:
    """Set the first password of an invited account."""
    owner = find_token(raw_token, TokenPurpose.INVITE).user
    _check_password(password, owner.email, owner.full_name)
    user = redeem_token(raw_token, TokenPurpose.INVITE)
    _set_password(user, password)
    user.email_verified_at = user.email_verified_at or clock.now()
    record_event(actor=user, action="user.accept_invitation", target=user)
    return user


def set_user_active(*, actor: User, user: User, active: bool) -> None:
    """Deactivate (signing out everywhere) or reactivate an account."""
    if user.id == actor.id:
        raise DomainError(_l("Bạn không thể tự khóa tài khoản của mình."))
    if user.role == Role.ADMIN and actor.role != Role.ADMIN:
        raise DomainError(_l("Chỉ quản trị viên mới khóa được quản trị viên."))
    if user.is_active == active:
        return
    user.is_active = active
    if not active:
        revoke_sessions(user=user)
    record_event(actor=actor, action="user.activate" if active else "user.deactivate",
                 target=user, before={"is_active": not active}, after={"is_active": active})


def create_user(*, email: str, role: Role, full_name: str | None = None,
                actor: User | None = None) -> tuple[User, str]:
    """Create a ready-to-use account with a generated password (command line, demo)."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise DomainError(_l("Đã có tài khoản với địa chỉ e-mail này."))
    password = generate_password()
    user = User(
        email=email, full_name=(full_name or email.split("@")[0]).strip(), role=role,
        password_hash=hash_password(password), password_changed_at=clock.now(),
        email_verified_at=clock.now(),
    )
    db.session.add(user)
    record_event(actor=actor, action="user.create", target=user,
                 after={"email": email, "role": role.value})
    return user, password


def generate_password() -> str:
    """A random password that is easy to type from a printout (no look-alike characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = clock.now()
    revoke_sessions(user=user)
