"""Conflicts of interest: the planner's data and the hand assignment apply the same rule."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import Conflict, Phase
from contest.services.assignments import gather, is_conflicted
from tests import factories


@pytest.mark.parametrize("link", ["organisation", "teacher", "author", "declared", "none"])
def test_gather_excludes_exactly_the_judges_is_conflicted_refuses(module_app, link):
    with module_app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING)
        field = edition.fields[0]
        own, other = (factories.make_unit(f"Trường {link} {n}") for n in ("một", "hai"))
        entry = factories.make_eligible_entry(edition, field)
        if link == "organisation":
            entry.organisation = own
        elif link == "teacher":
            entry.teacher_name, entry.teacher_unit = "Cô Lan", own
        elif link == "author":
            entry.authors[0].unit = own
        judge = factories.make_judge(edition, [field], unit=own if link != "declared" else None)
        bystander = factories.make_judge(edition, [field], unit=other)
        if link == "declared":
            db.session.add(Conflict(judge=judge, entry=entry, reason="Người nhà"))
        db.session.flush()
        expected = link != "none"
        (need,), _panels, _load = gather(edition, 1)
        assert (judge.id in need.excluded, bystander.id in need.excluded) == (expected, False)
        assert (is_conflicted(judge, entry), is_conflicted(bystander, entry)) == (expected, False)
        db.session.rollback()
