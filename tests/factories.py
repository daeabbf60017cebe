"""Real objects for tests, built through the models and services; they flush, never commit."""
from __future__ import annotations

import itertools

from contest.database import utcnow
from contest.extensions import db
from contest.models import Role, Unit, UnitKind, User
from contest.services.passwords import hash_password

PASSWORD = "Khong-doan-duoc-2026"
_counter = itertools.count(1)


def make_user(role: Role = Role.ENTRANT, *, email: str | None = None, full_name: str | None = None,
              password: str = PASSWORD, verified: bool = True, active: bool = True,
              unit: Unit | None = None) -> User:
    number = next(_counter)
    user = User(
        email=email or f"user{number}@example.vn",
        full_name=full_name or f"Nguyễn Văn Thử {number}",
        role=role,
        password_hash=hash_password(password) if password else None,
        is_active=active,
        email_verified_at=utcnow() if verified else None,
        unit=unit,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_unit(name: str = "Trường THPT Lưu Văn Liệt", kind: UnitKind = UnitKind.SCHOOL) -> Unit:
    unit = Unit(name=name, kind=kind)
    db.session.add(unit)
    db.session.flush()
    return unit
