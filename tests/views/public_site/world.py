"""Organisations with contests and editions for the public site's tests."""
from __future__ import annotations

from datetime import timedelta

from contest import clock
from contest.extensions import db
from contest.models import ContestKind, Edition, Organisation, OrganisationKind, Phase
from contest.services.editions import create_edition, find_or_create_contest
from contest.services.organisations import create_organisation, organisation_by_code

PROVINCES = [
    ("vinh-long", "Liên hiệp hội tỉnh Vĩnh Long"), ("can-tho", "Liên hiệp hội TP Cần Thơ"),
    ("an-giang", "Liên hiệp hội tỉnh An Giang"), ("dong-thap", "Liên hiệp hội tỉnh Đồng Tháp"),
    ("ca-mau", "Liên hiệp hội tỉnh Cà Mau"),
]


def organisation(code: str, name: str | None = None) -> Organisation:
    """The organisation of `code`, made (provincial) on first use."""
    found = organisation_by_code(code)
    if found is None:
        found = create_organisation(code=code, name=name or dict(PROVINCES).get(code, code),
                                    kind=OrganisationKind.PROVINCIAL, audited=False)
    return found


def edition_of(owner: Organisation, *, phase: Phase = Phase.OPEN, number: int = 1,
               kind: ContestKind = ContestKind.YOUTH, days_left: int = 30) -> Edition:
    """An edition of the organisation's contest of `kind`, open until `days_left` from now."""
    contest = find_or_create_contest(kind=kind, organisation=owner)
    db.session.flush()
    edition = create_edition(contest=contest, number=number, year_label="2026–2027")
    edition.phase = phase
    edition.registration_opens_at = clock.now() - timedelta(days=1)
    edition.submission_deadline_at = clock.now() + timedelta(days=days_left)
    db.session.flush()
    return edition
