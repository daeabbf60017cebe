"""Which entries a round judges: one rule (Entry.is_judged_in), the same on an entry and in SQL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, Screening
from tests import factories

SUBMITTED, WITHDRAWN = EntryStatus.SUBMITTED, EntryStatus.WITHDRAWN
ELIGIBLE, PENDING, INELIGIBLE = Screening.ELIGIBLE, Screening.PENDING, Screening.INELIGIBLE


@pytest.mark.parametrize(("status", "screening", "advanced", "round_number", "judged"), [
    (SUBMITTED, ELIGIBLE, False, 1, True),
    (SUBMITTED, ELIGIBLE, True, 1, True),
    (SUBMITTED, ELIGIBLE, True, 2, True),
    (SUBMITTED, ELIGIBLE, False, 2, False),
    (SUBMITTED, PENDING, False, 1, False),
    (SUBMITTED, INELIGIBLE, True, 2, False),
    (WITHDRAWN, ELIGIBLE, False, 1, False),
    (WITHDRAWN, ELIGIBLE, True, 2, False),
])
def test_an_entry_and_the_sql_criterion_agree(module_app, status, screening, advanced,
                                              round_number, judged):
    with module_app.app_context():
        edition = factories.make_edition()
        entry = factories.make_eligible_entry(edition)
        entry.status, entry.screening, entry.advanced = status, screening, advanced
        db.session.flush()
        assert entry.is_judged_in(round_number) is judged
        found = db.session.scalars(select(Entry.id).where(
            Entry.edition_id == edition.id, Entry.is_judged_in(round_number))).all()
        assert found == ([entry.id] if judged else [])
        db.session.rollback()


def test_a_draft_without_a_field_is_not_judged(module_app):
    with module_app.app_context():
        edition = factories.make_edition()
        draft = factories.make_entry(edition)
        assert draft.field_id is None
        assert draft.is_judged_in(1) is False
        assert db.session.scalars(select(Entry.id).where(
            Entry.edition_id == edition.id, Entry.is_judged_in(1))).all() == []
        db.session.rollback()
