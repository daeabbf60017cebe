"""A realistic Vĩnh Long demo: units, both contests with an open edition, and accounts."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import NamedTuple

from faker import Faker
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Contest,
    ContestKind,
    Edition,
    MemberRole,
    Organisation,
    OrganisationKind,
    Phase,
    Role,
    Unit,
    UnitKind,
    User,
)
from contest.services import demo_data as data
from contest.services.accounts import create_user
from contest.services.editions import create_edition
from contest.services.organisations import add_membership, create_organisation
from contest.text import fold

VIETNAM_TZ = timezone(timedelta(hours=7))
REGISTRATION_OPENED_DAYS_AGO = 30
JUDGING_STARTS_AFTER_DEADLINE = timedelta(days=14)
JUDGING_ENDS_AFTER_DEADLINE = timedelta(days=45)
# Lần XI of the youth contest was 2021-22; lần X of the technical contest was 2024-25.
YOUTH_BASE = (2021, 11)
TECHNICAL_BASE = (2024, 10)


class DemoLogin(NamedTuple):
    role: Role
    email: str
    full_name: str
    password: str


@dataclass
class DemoResult:
    editions: list[Edition]
    logins: list[DemoLogin]
    counts: dict[str, int] = field(default_factory=dict)


def youth_start_year(today: date) -> int:
    """The first year of the school year that contains today (school years start in August)."""
    return today.year if today.month >= 8 else today.year - 1


def technical_start_year(today: date) -> int:
    """The first year of the current two-year technical edition (2024–2025, 2026–2027, …)."""
    year = youth_start_year(today)
    return year - (year - TECHNICAL_BASE[0]) % 2


def seed_demo(*, today: date | None = None) -> DemoResult | None:
    """Load the demo once; None (and nothing changed) when it, or any contest, already exists."""
    today = today or clock.vietnam_date(clock.now())
    if _already_seeded():
        return None
    fake = Faker("vi_VN")
    fake.seed_instance(data.NAME_SEED)
    organisation = _seed_organisations()
    units = _seed_units(organisation)
    contests = _seed_contests(organisation)
    editions = [_open_youth_edition(contests[ContestKind.YOUTH], today),
                _open_technical_edition(contests[ContestKind.TECHNICAL], today)]
    people = _People(fake)
    logins = [
        people.add(Role.ADMIN, units[data.ORGANISER], local=data.ADMIN_EMAIL_LOCAL),
        *people.add_many(Role.ORGANIZER, [units[n] for n in data.ORGANIZER_UNITS]),
        *people.add_many(Role.JUDGE, [units[n] for n in data.JUDGE_UNITS]),
        *people.add_many(Role.ENTRANT, [units[n] for n in data.ENTRANT_UNITS]),
    ]
    db.session.flush()
    for login in logins:
        if login.role == Role.ORGANIZER:
            add_membership(people.users[login.email], organisation, MemberRole.ORGANIZER)
    first_of_role: dict[Role, DemoLogin] = {}
    for login in logins:
        first_of_role.setdefault(login.role, login)
    return DemoResult(
        editions=editions,
        logins=list(first_of_role.values()),
        counts={
            "units": len(units),
            "schools": len(data.SCHOOLS),
            "organisations": len(data.ORGANISATIONS),
            "contests": len(contests),
            "editions": len(editions),
            "users": len(logins),
            **{f"{role.value}s": sum(1 for x in logins if x.role == role) for role in Role},
        },
    )


def _already_seeded() -> bool:
    contest = db.session.scalar(select(Contest.id).limit(1))
    province = db.session.scalar(
        select(Unit.id).where(Unit.kind == UnitKind.PROVINCE, Unit.name == data.PROVINCE).limit(1)
    )
    demo_user = db.session.scalar(
        select(User.id).where(func.lower(User.email).like(f"%@{data.EMAIL_DOMAIN}")).limit(1)
    )
    organisation = db.session.scalar(select(Organisation.id).where(
        Organisation.code.in_((data.ORGANISATION_CODE, data.NATIONAL_CODE))).limit(1))
    return any(x is not None for x in (contest, province, demo_user, organisation))


def _seed_organisations() -> Organisation:
    """The national body, and the Vĩnh Long union reporting to it (the demo's own)."""
    national = create_organisation(code=data.NATIONAL_CODE, name=data.NATIONAL_NAME,
                                   kind=OrganisationKind.NATIONAL)
    return create_organisation(code=data.ORGANISATION_CODE, name=data.ORGANISER,
                               kind=OrganisationKind.PROVINCIAL, parent=national)


def _seed_units(organisation: Organisation) -> dict[str, Unit]:
    province = Unit(name=data.PROVINCE, kind=UnitKind.PROVINCE)
    units = {province.name: province}
    for name in data.DISTRICTS:
        units[name] = Unit(name=name, kind=UnitKind.DISTRICT, parent=province)
    for name, level, district in data.SCHOOLS:
        units[name] = Unit(name=name, kind=UnitKind.SCHOOL, school_level=level,
                           parent=units[district])
    for name, district in data.ORGANISATIONS:
        units[name] = Unit(name=name, kind=UnitKind.ORGANISATION,
                           parent=units[district] if district else province)
    for unit in units.values():
        unit.organisation_id = organisation.id
    db.session.add_all(units.values())
    db.session.flush()
    return units


def _seed_contests(organisation: Organisation) -> dict[ContestKind, Contest]:
    contests = {
        kind: Contest(kind=kind, name=name, organiser=data.ORGANISER, code_prefix=prefix,
                      description=description, organisation=organisation)
        for kind, name, prefix, description in data.CONTESTS
    }
    db.session.add_all(contests.values())
    db.session.flush()
    return contests


def _open_youth_edition(contest: Contest, today: date) -> Edition:
    year = youth_start_year(today)
    edition = create_edition(contest=contest, number=YOUTH_BASE[1] + year - YOUTH_BASE[0],
                             year_label=f"{year}–{year + 1}")
    _open(edition, today, deadline=date(year + 1, 3, 31))
    return edition


def _open_technical_edition(contest: Contest, today: date) -> Edition:
    year = technical_start_year(today)
    edition = create_edition(contest=contest,
                             number=TECHNICAL_BASE[1] + (year - TECHNICAL_BASE[0]) // 2,
                             year_label=f"{year}–{year + 1}")
    _open(edition, today, deadline=date(year + 1, 6, 30))
    return edition


def _open(edition: Edition, today: date, *, deadline: date) -> None:
    """Open registration a month ago with a deadline still ahead of today."""
    if deadline <= today:
        deadline = _months_later(today, 3)
    deadline_at = _vietnam_time(deadline, time(17, 0))
    edition.phase = Phase.OPEN
    edition.registration_opens_at = _vietnam_time(
        today - timedelta(days=REGISTRATION_OPENED_DAYS_AGO), time(7, 30)
    )
    edition.submission_deadline_at = deadline_at
    edition.judging_starts_at = deadline_at + JUDGING_STARTS_AFTER_DEADLINE
    edition.judging_ends_at = deadline_at + JUDGING_ENDS_AFTER_DEADLINE


def _vietnam_time(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=VIETNAM_TZ).astimezone(UTC)


def _months_later(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _People:
    """Stable Vietnamese names (Họ + đệm + tên), unique e-mail addresses and mobile numbers."""

    def __init__(self, fake: Faker) -> None:
        self.random = fake.random
        self.fake = fake
        self.names: set[str] = set()
        self.locals: set[str] = {data.ADMIN_EMAIL_LOCAL, *data.FIRST_EMAIL_LOCALS.values()}
        self.users: dict[str, User] = {}

    def add_many(self, role: Role, units: list[Unit]) -> list[DemoLogin]:
        first = data.FIRST_EMAIL_LOCALS[role.value]
        return [self.add(role, unit, local=first if i == 0 else None)
                for i, unit in enumerate(units)]

    def add(self, role: Role, unit: Unit, *, local: str | None = None) -> DemoLogin:
        full_name = self._name()
        email = f"{local or self._local_part(full_name)}@{data.EMAIL_DOMAIN}"
        user, password = create_user(email=email, role=role, full_name=full_name)
        self.users[user.email] = user
        user.unit = unit
        user.phone = self._phone()
        return DemoLogin(role, user.email, user.full_name, password)

    def _name(self) -> str:
        surnames = [s for s, _ in data.SURNAMES]
        weights = [w for _, w in data.SURNAMES]
        while True:
            female = self.random.random() < 0.5
            name = " ".join((
                self.random.choices(surnames, weights=weights)[0],
                self.random.choice(data.FEMALE_MIDDLE_NAMES if female
                                   else data.MALE_MIDDLE_NAMES),
                self.random.choice(data.FEMALE_GIVEN_NAMES if female
                                   else data.MALE_GIVEN_NAMES),
            ))
            if name not in self.names:
                self.names.add(name)
                return name

    def _local_part(self, full_name: str) -> str:
        # The Vietnamese office habit: given name + initials, "Nguyễn Thị Thu Hà" → "hantt".
        *others, given = fold(full_name).split()
        base = given + "".join(part[0] for part in others)
        local, n = base, 1
        while local in self.locals:
            n += 1
            local = f"{base}{n}"
        self.locals.add(local)
        return local

    def _phone(self) -> str:
        digits = self.random.choice(data.MOBILE_PREFIXES) + self.fake.numerify("#######")
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
