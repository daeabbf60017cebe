"""The score import tests' edition: three judges, five entries in every state."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import (
    ContestKind,
    EntryStatus,
    Judge,
    PanelMember,
    Phase,
    Role,
    Screening,
    Unit,
    UnitKind,
)
from tests import factories
from tests.imports.scores.world import Judging, make_entry


@pytest.fixture
def judging(app):
    with app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
        company = Unit(name="Công ty Cấp nước Trà Vinh", kind=UnitKind.ORGANISATION)
        judges = []
        for number in range(3):
            user = factories.make_user(Role.JUDGE, email=f"gk{number}@example.vn",
                                       full_name=f"Giám Khảo {number}",
                                       unit=company if number == 2 else None)
            judge = Judge(edition=edition, user=user,
                          seats=[PanelMember(field=edition.fields[0], round=1)])
            db.session.add(judge)
            judges.append(judge)
        entries = [make_entry(edition, 1, screening=Screening.ELIGIBLE), make_entry(edition, 2),
                   make_entry(edition, 3, unit=company),
                   make_entry(edition, 4, screening=Screening.INELIGIBLE),
                   make_entry(edition, 5, status=EntryStatus.WITHDRAWN)]
        db.session.commit()
        yield Judging(edition, entries, judges)
