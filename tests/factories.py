"""Real objects for tests, built through the models and services; they flush, never commit."""
from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select

from contest import clock
from contest.database import utcnow
from contest.extensions import db
from contest.models import (
    Author,
    Contest,
    ContestKind,
    Edition,
    Entry,
    Phase,
    Role,
    Unit,
    UnitKind,
    User,
)
from contest.services.demo_data import CONTESTS, ORGANISER
from contest.services.dossier import start_entry
from contest.services.editions import create_edition
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


def make_contest(kind: ContestKind = ContestKind.YOUTH) -> Contest:
    """The contest of this kind (there is one per kind), created on first use."""
    contest = db.session.scalar(select(Contest).where(Contest.kind == kind))
    if contest is None:
        _kind, name, prefix, description = next(c for c in CONTESTS if c[0] == kind)
        contest = Contest(kind=kind, name=name, organiser=ORGANISER, code_prefix=prefix,
                          description=description)
        db.session.add(contest)
        db.session.flush()
    return contest


def make_edition(kind: ContestKind = ContestKind.YOUTH, *, phase: Phase = Phase.OPEN,
                 **settings) -> Edition:
    """An edition with the contest's defaults, open since yesterday until 30 days from now.

    Any Edition column can be overridden: make_edition(max_photos=2, attachment_max_mb=1).
    """
    number = next(_counter)
    now = clock.now()
    edition = create_edition(contest=make_contest(kind), number=number,
                             year_label=f"{2000 + number % 100}–{2001 + number % 100}")
    edition.phase = phase
    edition.registration_opens_at = now - timedelta(days=1)
    edition.submission_deadline_at = now + timedelta(days=30)
    for name, value in settings.items():
        setattr(edition, name, value)
    db.session.flush()
    return edition


def make_entry(edition: Edition | None = None, *, owner: User | None = None,
               title: str = "Máy tưới cây tự động", authors: tuple[str, ...] = (),
               **values) -> Entry:
    """A draft entry of `owner` (a new entrant by default), with authors named in order."""
    edition = edition or make_edition()
    owner = owner or make_user(Role.ENTRANT)
    entry = start_entry(edition=edition, owner=owner, client_token=None)
    entry.title = title
    entry.authors = [Author(position=position, full_name=name)
                     for position, name in enumerate(authors, start=1)]
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()
    return entry
