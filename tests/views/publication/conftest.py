"""The publication tests' edition: five entries of four entrants, ranked by mean and median."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, Role
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.views.publication.world import ADMIN, ORGANISER, OWNERS, SHEETS


@pytest.fixture
def contest(app) -> dict:
    """A judged youth edition of five entries owned by four entrants, ranked by the mean
    (chosen as the provisional results) and by the median."""
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER, full_name="Lê Văn Tổ Chức")
        factories.make_user(Role.ADMIN, email=ADMIN, full_name="Quản Trị")
        edition = factories.make_scored_edition(SHEETS)
        owners = {email: factories.make_user(Role.ENTRANT, email=email) for email in set(OWNERS)}
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                     .order_by(Entry.id)).all()
        for entry, email in zip(entries, OWNERS, strict=True):
            entry.owner, entry.on_paper = owners[email], False
        mean = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
        median = run_ranking(edition=edition, round_number=1, method="median", actor=None)
        mark_provisional(edition=edition, run=mean, actor=None)
        db.session.commit()
        return {"edition": edition.id, "entries": [e.id for e in entries],
                "codes": [e.code for e in entries], "mean": mean.id, "median": median.id}
