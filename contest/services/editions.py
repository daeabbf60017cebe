"""Editions: creating a run of a contest from its kind's defaults."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import AwardTier, Contest, Criterion, Edition, Field, Phase, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.edition_defaults import (
    CRITERION_STEP,
    DEFAULTS,
    applied_since_year,
    birth_window,
)

_YEAR = re.compile(r"\d{4}")


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
