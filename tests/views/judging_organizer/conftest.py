"""The organiser judging tests' edition with judges on panels."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import Phase, Role, Unit, UnitKind
from tests import factories
from tests.views.judge_sheets.world import eligible_entry
from tests.views.judging_organizer.world import ORGANISER


@pytest.fixture
def contest(app):
    """Field A: four judges (gk3 from the school of a1 and a3), entries a0..a3; field B: three
    judges (gk6 from the school of b1), entries b0, b1 — so b1 has only two usable judges."""
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER, full_name="Trần Thư Ký")
        edition = factories.make_edition(phase=Phase.JUDGING)
        school = Unit(name="Trường THCS Thiện Mỹ", kind=UnitKind.SCHOOL)
        field_a, field_b = edition.fields[0], edition.fields[1]
        judges = [factories.make_judge(edition, [field_a if i < 4 else field_b],
                                       unit=school if i in (3, 6) else None,
                                       email=f"gk{i}@example.vn", full_name=f"Giám Khảo Số {i}")
                  for i in range(7)]
        entries = {f"a{i}": eligible_entry(edition, field_a, school if i % 2 else None, i)
                   for i in range(4)}
        entries.update({f"b{i}": eligible_entry(edition, field_b, school if i else None, 10 + i)
                        for i in range(2)})
        db.session.commit()
        return {"edition": edition.id, "fields": (field_a.name, field_b.name),
                "judges": [j.id for j in judges],
                "entries": {key: entry.id for key, entry in entries.items()},
                "codes": {key: entry.code for key, entry in entries.items()}}
