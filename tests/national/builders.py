"""A province whose locked national list feeds a national edition of the same deployment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

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
    User,
)
from contest.services.editions import create_edition
from contest.services.national_feeds import set_feed
from contest.services.organisations import add_membership, create_organisation
from tests import factories
from tests.national_dossier import ORGANISER, Dossier, locked_dossier

NATIONAL_ORGANISER = "btc-trung-uong@example.vn"


@dataclass
class Fed:
    dossier: Dossier
    province_id: int
    national_id: int
    national_edition_id: int
    province_organiser_id: int
    national_organiser_id: int


def national_edition(national: Organisation, *, prefix: str = "QG") -> Edition:
    """A youth edition of the national body, open, its deadline in 30 days."""
    contest = Contest(kind=ContestKind.YOUTH, name="Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng "
                      "toàn quốc", organiser=national.name, code_prefix=prefix,
                      organisation=national)
    db.session.add(contest)
    db.session.flush()
    edition = create_edition(contest=contest, number=20, year_label="2026–2027")
    edition.phase = Phase.OPEN
    edition.submission_deadline_at = clock.now() + timedelta(days=30)
    db.session.flush()
    return edition


def fed_province(quota: int = 10, field_quotas: dict | None = None, *,
                 feed: bool = True) -> Fed:
    """The province (default organisation) with its judged list, unlocked, and a national body
    whose edition it feeds; organisers of both with their memberships; committed."""
    dossier = locked_dossier(lock=False)
    province = db.session.scalars(select(Organisation)).one()
    national = create_organisation(code="trung-uong", name="Liên hiệp các Hội KH&KT Việt Nam",
                                   kind=OrganisationKind.NATIONAL)
    province.parent = national
    db.session.flush()
    province_organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    add_membership(province_organiser, province, MemberRole.ORGANIZER)
    national_organiser = factories.make_user(Role.ORGANIZER, email=NATIONAL_ORGANISER,
                                             organisation=national)
    add_membership(national_organiser, national, MemberRole.ORGANIZER)
    edition = national_edition(national)
    if feed:
        set_feed(national_edition=edition, province=province,
                 provincial_edition=db.session.get(Edition, dossier.edition_id), quota=quota,
                 field_quotas=field_quotas or {}, actor=None)
    db.session.commit()
    return Fed(dossier, province.id, national.id, edition.id, province_organiser.id,
               national_organiser.id)
