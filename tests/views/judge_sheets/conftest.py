"""The judge page tests' edition being judged, and a drafted sheet."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import Edition, Phase, Role, Unit, UnitKind
from contest.services.assignments import assign_judges
from tests import factories
from tests.views.judge_sheets.world import assignments_of, eligible_entry, stored_sheet


@pytest.fixture
def judging(app):
    """A judging edition: field 0 has four judges (one from the entries' school), 6 entries."""
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING, blind_judging=True)
        school = Unit(name="Trường THCS Thiện Mỹ", kind=UnitKind.SCHOOL)
        field = edition.fields[0]
        judges = [factories.make_user(Role.JUDGE, email=f"gk{i}@example.vn",
                                      full_name=f"Giám Khảo Số {i}") for i in range(4)]
        judges[3].unit = school
        seats = [factories.make_judge(edition, [field], user=user) for user in judges]
        entries = [eligible_entry(edition, field, school if i % 2 else None, i) for i in range(6)]
        assign_judges(edition=edition, round_number=1, seed=1, actor=None)
        db.session.commit()
        return {"edition": edition.id, "judges": [s.id for s in seats],
                "entries": [e.id for e in entries]}


@pytest.fixture
def drafted(client, auth, app, judging) -> dict:
    """gk0's first sheet saved as a draft: every criterion scored and commented."""
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        criteria = {c.code: c.id for c in db.session.get(Edition, judging["edition"]).criteria}
    data = {"version": "0", "comment": "Ý tưởng gọn", **{
        f"score_{cid}": "8" for cid in criteria.values()}, **{
        f"comment_{cid}": f"Nhận xét {code}" for code, cid in criteria.items()}}
    saved = auth.post(f"/judge/assignments/{first}/autosave", data)
    assert saved.get_json()["ok"] is True
    with app.app_context():
        before = stored_sheet(first)
    assert before[2] == 1
    return {"assignment": first, "criteria": criteria, "before": before}
