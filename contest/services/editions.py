"""Editions: creating a run of a contest from its kind's defaults."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    AwardTier,
    Contest,
    ContestKind,
    Criterion,
    Edition,
    Field,
    Organisation,
    Phase,
    User,
)
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.demo_data import CONTESTS
from contest.services.edition_defaults import (
    CRITERION_STEP,
    DEFAULTS,
    applied_since_year,
    birth_window,
)
from contest.services.organisations import default_organisation

_YEAR = re.compile(r"\d{4}")
# DOMAIN.md: the youth contest runs every year, the technical contest every two years.
CADENCE_YEARS = {ContestKind.YOUTH: 1, ContestKind.TECHNICAL: 2}
DEFAULT_CONTEST_NAMES = {kind: name for kind, name, _prefix, _description in CONTESTS}


def first_year(year_label: str) -> int:
    """The first four-digit year in a label such as "2025–2026" or "2024-25"."""
    match = _YEAR.search(year_label)
    if match is None:
        raise DomainError(_l("Nhãn năm phải có năm bắt đầu, ví dụ 2025–2026."))
    return int(match.group())


def create_edition(*, contest: Contest, number: int, year_label: str,
                   actor: User | None = None) -> Edition:
    """Create a draft edition with the default fields, criteria, awards and eligibility."""
    year_label = year_label.strip()
    start = first_year(year_label)
    if number < 1:
        raise DomainError(_l("Số lần tổ chức phải là số nguyên dương."))
    taken = db.session.scalar(
        select(Edition.id).where(Edition.contest_id == contest.id, Edition.number == number)
    )
    if taken is not None:
        raise DomainError(_l("Cuộc thi này đã có lần thứ %(number)s.", number=number))

    defaults = DEFAULTS[contest.kind]
    born_from, born_to = birth_window(defaults, start)
    edition = Edition(
        contest=contest,
        number=number,
        year_label=year_label,
        phase=Phase.DRAFT,
        max_authors=defaults.max_authors,
        judges_per_entry=defaults.judges_per_entry,
        birth_date_from=born_from,
        birth_date_to=born_to,
        min_author_age=defaults.min_author_age,
        applied_since_year=applied_since_year(defaults, start),
    )
    edition.fields = [
        Field(code=f.code, name=f.name, position=position)
        for position, f in enumerate(defaults.fields, start=1)
    ]
    edition.criteria = [
        Criterion(code=c.code, name=c.name, description=c.description, max_score=c.max_score,
                  step=CRITERION_STEP, tie_break_priority=position, position=position)
        for position, c in enumerate(defaults.criteria, start=1)
    ]
    edition.award_tiers = [
        AwardTier(code=t.code, name=t.name, min_score=t.min_score, quota=t.quota,
                  position=position)
        for position, t in enumerate(defaults.award_tiers, start=1)
    ]
    db.session.add(edition)
    record_event(actor=actor, action="edition.create", target=edition, after={
        "contest": contest.kind.value,
        "number": number,
        "year_label": year_label,
        "fields": [f.code for f in edition.fields],
        "criteria": {c.code: str(c.max_score) for c in edition.criteria},
        "award_tiers": {t.code: [str(t.min_score), t.quota] for t in edition.award_tiers},
    })
    return edition


def find_or_create_contest(*, kind: ContestKind, organisation: Organisation | None = None,
                           actor: User | None = None) -> Contest:
    """The organisation's contest of this kind (the default organisation's when none is
    given); made with its usual name the first time."""
    organisation = organisation or default_organisation(actor)
    contest = db.session.scalar(select(Contest).where(
        Contest.kind == kind, Contest.organisation_id == organisation.id))
    if contest is not None:
        return contest
    name, prefix, description = next(
        (name, prefix, description) for k, name, prefix, description in CONTESTS if k == kind)
    contest = Contest(kind=kind, name=name, organiser=organisation.name, code_prefix=prefix,
                      description=description, organisation=organisation)
    db.session.add(contest)
    record_event(actor=actor, action="contest.create", target=contest,
                 after={"kind": kind.value, "name": name, "code_prefix": prefix})
    return contest


def next_edition(kind: ContestKind, editions: list[Edition], today: date) -> tuple[int, str]:
    """The number and year label the next edition most likely has, after the latest one."""
    if not editions:
        return 1, f"{today.year}–{today.year + 1}"
    latest = max(editions, key=lambda edition: edition.number)
    return latest.number + 1, shift_year_label(latest.year_label, CADENCE_YEARS[kind])


def shift_year_label(label: str, years: int) -> str:
    """Move every year in a label: "2024–2025" → "2025–2026", "2024-25" → "2025-26"."""
    shifted = _YEAR.sub(lambda match: str(int(match.group()) + years), label)
    return re.sub(r"(?<=\d{4}[-–])\d{2}(?!\d)",
                  lambda match: f"{(int(match.group()) + years) % 100:02d}", shifted)
