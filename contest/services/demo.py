"""A realistic demo: the national body, the provinces of Vĩnh Long and Cần Thơ with their units,
contests and open editions, the national youth edition both feed, and accounts."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

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
from contest.services.demo_people import DemoLogin, People
from contest.services.editions import create_edition
from contest.services.national_feeds import set_feed
from contest.services.organisations import add_membership, create_organisation

VIETNAM_TZ = timezone(timedelta(hours=7))
REGISTRATION_OPENED_DAYS_AGO = 30
JUDGING_STARTS_AFTER_DEADLINE = timedelta(days=14)
JUDGING_ENDS_AFTER_DEADLINE = timedelta(days=45)


@dataclass
class DemoResult:
    editions: list[Edition]
    logins: list[DemoLogin]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Province:
    organisation: Organisation
    units: dict[str, Unit]
    editions: dict[ContestKind, Edition]


def youth_start_year(today: date) -> int:
    """The first year of the school year that contains today (school years start in August)."""
    return today.year if today.month >= 8 else today.year - 1


def technical_start_year(today: date, base_year: int = data.VINH_LONG.technical_base[0]) -> int:
    """The first year of the current two-year technical edition (2024–2025, 2026–2027, …)."""
    year = youth_start_year(today)
    return year - (year - base_year) % 2


def seed_demo(*, today: date | None = None, one_province: bool = False) -> DemoResult | None:
    """Load the demo once; None (and nothing changed) when it, or any contest, already exists.
    `one_province`: Vĩnh Long alone, as a database of one organising body was before issue 13."""
    today = today or clock.vietnam_date(clock.now())
    if _already_seeded():
        return None
    fake = Faker("vi_VN")
    fake.seed_instance(data.NAME_SEED)
    national = create_organisation(code=data.NATIONAL_CODE, name=data.NATIONAL_NAME,
                                   kind=OrganisationKind.NATIONAL)
    provinces = [_seed_province(p, national, today)
                 for p in (data.PROVINCES[:1] if one_province else data.PROVINCES)]
    vinh_long = provinces[0]
    units = vinh_long.units
    people = People(fake)
    logins = [
        people.add(Role.ADMIN, units[data.ORGANISER], local=data.ADMIN_EMAIL_LOCAL),
        *people.add_many(Role.ORGANIZER, [units[n] for n in data.ORGANIZER_UNITS]),
        *people.add_many(Role.JUDGE, [units[n] for n in data.JUDGE_UNITS]),
        *people.add_many(Role.ENTRANT, [units[n] for n in data.ENTRANT_UNITS]),
    ]
    db.session.flush()
    for login in logins:
        if login.role == Role.ORGANIZER:
            add_membership(people.users[login.email], vinh_long.organisation,
                           MemberRole.ORGANIZER)
    first_of_role: dict[Role, DemoLogin] = {}
    for login in logins:
        first_of_role.setdefault(login.role, login)
    printed = list(first_of_role.values())
    editions = [e for p in provinces for e in p.editions.values()]
    if not one_province:
        can_tho = provinces[1]
        editions.append(_seed_national_round(national, provinces, today))
        organisers = [
            (people.add(Role.ORGANIZER, can_tho.units[data.CT_ORGANISER],
                        local=data.CT_ORGANIZER_LOCAL), can_tho.organisation),
            (people.add(Role.ORGANIZER, None, local=data.NATIONAL_ORGANIZER_LOCAL), national),
        ]
        db.session.flush()
        for login, organisation in organisers:
            add_membership(people.users[login.email], organisation, MemberRole.ORGANIZER)
            logins.append(login)
            printed.append(login)
    return DemoResult(
        editions=editions,
        logins=printed,
        counts={
            "organisations": 1 + len(provinces),
            "units": sum(len(p.units) for p in provinces),
            "editions": len(editions),
            "users": len(logins),
            **{f"{role.value}s": sum(1 for x in logins if x.role == role) for role in Role},
        },
    )


def _already_seeded() -> bool:
    contest = db.session.scalar(select(Contest.id).limit(1))
    province = db.session.scalar(select(Unit.id).where(
        Unit.kind == UnitKind.PROVINCE,
        Unit.name.in_([p.province for p in data.PROVINCES])).limit(1))
    demo_user = db.session.scalar(
        select(User.id).where(func.lower(User.email).like(f"%@{data.EMAIL_DOMAIN}")).limit(1)
    )
    organisation = db.session.scalar(select(Organisation.id).where(Organisation.code.in_(
        [data.NATIONAL_CODE, *(p.code for p in data.PROVINCES)])).limit(1))
    return any(x is not None for x in (contest, province, demo_user, organisation))


def _seed_province(province: data.ProvinceDemo, national: Organisation,
                   today: date) -> _Province:
    """A province's union reporting to the national body, its units, contests and editions."""
    organisation = create_organisation(code=province.code, name=province.organiser,
                                       kind=OrganisationKind.PROVINCIAL, parent=national)
    units = _seed_units(province, organisation)
    contests = _seed_contests(organisation, province.contests)
    youth_year = youth_start_year(today)
    technical_year = technical_start_year(today, province.technical_base[0])
    editions = {
        ContestKind.YOUTH: _open_edition(
            contests[ContestKind.YOUTH], today, _number(province.youth_base, youth_year, 1),
            youth_year, deadline=date(youth_year + 1, 3, 31)),
        ContestKind.TECHNICAL: _open_edition(
            contests[ContestKind.TECHNICAL], today,
            _number(province.technical_base, technical_year, 2), technical_year,
            deadline=date(technical_year + 1, 6, 30)),
    }
    return _Province(organisation, units, editions)


def _seed_national_round(national: Organisation, provinces: list[_Province],
                         today: date) -> Edition:
    """The national youth contest's open edition, fed by each province's youth edition."""
    [contest] = _seed_contests(national, (data.NATIONAL_CONTEST,)).values()
    year = youth_start_year(today)
    edition = _open_edition(contest, today, _number(data.NATIONAL_YOUTH_BASE, year, 1), year,
                            deadline=date(year + 1, *data.NATIONAL_DEADLINE))
    for province in provinces:
        set_feed(national_edition=edition, province=province.organisation,
                 provincial_edition=province.editions[ContestKind.YOUTH],
                 quota=data.NATIONAL_QUOTA, field_quotas={}, actor=None)
    return edition


def _number(base: tuple[int, int], year: int, cadence: int) -> int:
    """The edition number of the run starting in `year`, counted from a known one."""
    base_year, base_number = base
    return base_number + (year - base_year) // cadence


def _seed_units(province: data.ProvinceDemo, organisation: Organisation) -> dict[str, Unit]:
    root = Unit(name=province.province, kind=UnitKind.PROVINCE)
    units = {root.name: root}
    # The model's one middle level is named DISTRICT; for Cần Thơ it holds wards and communes.
    for name in province.areas:
        units[name] = Unit(name=name, kind=UnitKind.DISTRICT, parent=root)
    for name, level, area in province.schools:
        units[name] = Unit(name=name, kind=UnitKind.SCHOOL, school_level=level,
                           parent=units[area])
    for name, area in province.bodies:
        units[name] = Unit(name=name, kind=UnitKind.ORGANISATION,
                           parent=units[area] if area else root)
    for unit in units.values():
        unit.organisation_id = organisation.id
    db.session.add_all(units.values())
    db.session.flush()
    return units


def _seed_contests(organisation: Organisation, contests: tuple) -> dict[ContestKind, Contest]:
    made = {
        kind: Contest(kind=kind, name=name, organiser=organisation.name, code_prefix=prefix,
                      description=description, organisation=organisation)
        for kind, name, prefix, description in contests
    }
    db.session.add_all(made.values())
    db.session.flush()
    return made


def _open_edition(contest: Contest, today: date, number: int, year: int, *,
                  deadline: date) -> Edition:
    edition = create_edition(contest=contest, number=number, year_label=f"{year}–{year + 1}")
    _open(edition, today, deadline=deadline)
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
