"""Assigning judges from the organiser pages: automatic, by hand, swaps, removals, paper sheets."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    Assignment,
    AuditEvent,
    Edition,
    Entry,
    Judge,
    Role,
    ScoreSheet,
    SheetStatus,
    User,
)
from tests import factories
from tests.views.judging_organizer.world import (
    ORGANISER,
    assignment_of,
    auto_assign,
    finalise,
    judges_of,
)


def test_automatic_assignment_from_the_page_lists_the_impossible_entry(client, auth, app,
                                                                       contest):
    auth.login(ORGANISER)
    page = client.get(f"/organizer/editions/{contest['edition']}/judging").get_data(as_text=True)
    assert re.search(rf'name="seed" [^>]*value="{contest["edition"]}"', page)
    response = auth.post(f"/organizer/editions/{contest['edition']}/judging/assign",
                         {"seed": "3"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã thêm 15 phân công." in text  # 4 entries of A and b0, three judges each
    assert "1 hồ sơ không đủ giám khảo" in text
    assert (f'<td class="text-nowrap">{contest["codes"]["b1"]}</td><td>Giải pháp 11</td>'
            f'<td>{contest["fields"][1]}</td><td>2</td><td>3</td>') in text
    with app.app_context():
        assert judges_of(contest["entries"]["b1"]) == set()
        assert judges_of(contest["entries"]["b0"]) == {"gk4@example.vn", "gk5@example.vn",
                                                        "gk6@example.vn"}
        assert "gk3@example.vn" not in judges_of(contest["entries"]["a1"])
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.auto"))
        assert (event.after["seed"], event.after["added"]) == (3, 15)
    assert "Đã thêm 0 phân công." in auth.post(
        f"/organizer/editions/{contest['edition']}/judging/assign", {"seed": "3"}).get_data(
        as_text=True)


def test_manual_add_is_refused_for_a_conflicted_judge(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
    auth.login(ORGANISER)
    entry_id, conflicted = contest["entries"]["a1"], contest["judges"][3]
    page = client.get(f"/organizer/entries/{entry_id}").get_data(as_text=True)
    assert f'<option value="{conflicted}">Giám Khảo Số 3 — Trường THCS Thiện Mỹ</option>' in page
    response = auth.post(f"/organizer/entries/{entry_id}/assignments",
                         {"judge": str(conflicted)}, follow_redirects=True)
    assert (f"Giám Khảo Số 3 có xung đột lợi ích với hồ sơ {contest['codes']['a1']}."
            in response.get_data(as_text=True))
    with app.app_context():
        assert "gk3@example.vn" not in judges_of(entry_id)
        outsider = contest["judges"][4]  # sits on field B's panel: allowed, marked as such
    page = client.get(f"/organizer/entries/{entry_id}").get_data(as_text=True)
    assert f'<option value="{outsider}">Giám Khảo Số 4 (ngoài tiểu ban)</option>' in page
    added = auth.post(f"/organizer/entries/{entry_id}/assignments", {"judge": str(outsider)},
                      follow_redirects=True)
    assert "Đã phân công Giám Khảo Số 4." in added.get_data(as_text=True)
    with app.app_context():
        assert "gk4@example.vn" in judges_of(entry_id)
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "assignment.add")) == 1


def test_swap_replaces_the_judge(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
        entry_id = contest["entries"]["a0"]
        before = judges_of(entry_id)
        (free,) = {f"gk{i}@example.vn" for i in range(4)} - before
        leaving = sorted(before)[0]
        assignment_id = assignment_of(entry_id, leaving).id
        free_id = db.session.scalar(select(Judge.id).join(User).where(User.email == free))
    auth.login(ORGANISER)
    response = auth.post(f"/organizer/assignments/{assignment_id}/swap", {"judge": str(free_id)},
                         follow_redirects=True)
    assert "Đã thay Giám Khảo Số" in response.get_data(as_text=True)
    with app.app_context():
        assert judges_of(entry_id) == before - {leaving} | {free}
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(["assignment.add", "assignment.remove"]))).all()
        assert sorted(actions) == ["assignment.add", "assignment.remove"]


def test_remove_takes_the_entry_away_unless_the_sheet_is_final(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
        entry_id = contest["entries"]["a1"]
        kept = assignment_of(entry_id, "gk0@example.vn")
        finalise(kept)
        kept_id = kept.id
        removed_id = assignment_of(entry_id, "gk1@example.vn").id
    auth.login(ORGANISER)
    response = auth.post(f"/organizer/assignments/{removed_id}/remove", follow_redirects=True)
    assert "Đã bỏ phân công Giám Khảo Số 1." in response.get_data(as_text=True)
    refused = auth.post(f"/organizer/assignments/{kept_id}/remove", follow_redirects=True)
    assert "Phiếu chấm đã hoàn tất; hãy mở lại phiếu trước khi bỏ phân công." in \
        refused.get_data(as_text=True)
    with app.app_context():
        assert judges_of(entry_id) == {"gk0@example.vn", "gk2@example.vn"}
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "assignment.remove"))
        assert event.before["judge"] == "gk1@example.vn"


@pytest.mark.parametrize("email", ["gk0@example.vn", "thisinh@example.vn"])
def test_judges_and_entrants_are_refused(client, auth, app, contest, email):
    with app.app_context():
        auto_assign(contest)
        factories.make_user(Role.ENTRANT, email="thisinh@example.vn")
        assignment = assignment_of(contest["entries"]["a1"], "gk0@example.vn")
        sheet_id = finalise(assignment).id
        assignment_id, judge_id = assignment.id, assignment.judge_id
    auth.login(email)
    edition, entry = contest["edition"], contest["entries"]["a1"]
    for path in (f"/organizer/editions/{edition}/judging", f"/organizer/sheets/{sheet_id}",
                 f"/organizer/judges/{judge_id}/paper-sheets"):
        assert client.get(path).status_code == 403, path
    for path, data in ((f"/organizer/editions/{edition}/judging/assign", {"seed": "1"}),
                       (f"/organizer/judges/{judge_id}/remind", {}),
                       (f"/organizer/sheets/{sheet_id}/reopen", {"reason": "x"}),
                       (f"/organizer/entries/{entry}/assignments",
                        {"judge": str(contest["judges"][0])}),
                       (f"/organizer/assignments/{assignment_id}/swap",
                        {"judge": str(contest["judges"][3])}),
                       (f"/organizer/assignments/{assignment_id}/remove", {})):
        assert auth.post(path, data).status_code == 403, path
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).status == SheetStatus.FINAL
        assert db.session.get(Assignment, assignment_id) is not None


@pytest.mark.parametrize("blind", [True, False])
def test_paper_sheets_list_criteria_and_respect_blind_judging(client, auth, app, contest, blind):
    with app.app_context():
        edition = db.session.get(Edition, contest["edition"])
        edition.blind_judging = blind
        auto_assign(contest)
        judge_id = contest["judges"][0]
        entries = db.session.scalars(select(Entry).join(Assignment).where(
            Assignment.judge_id == judge_id).order_by(Entry.code)).all()
        codes = [e.code for e in entries]
        authors = [a.full_name for e in entries for a in e.authors]
        criteria = [(c.name, c.max_score) for c in edition.criteria]
    auth.login(ORGANISER)
    overview = client.get(f"/organizer/editions/{contest['edition']}/judging").get_data(
        as_text=True)
    assert f'href="/organizer/judges/{judge_id}/paper-sheets"' in overview
    page = client.get(f"/organizer/judges/{judge_id}/paper-sheets").get_data(as_text=True)
    assert page.count("PHIẾU CHẤM ĐIỂM") == len(codes)
    assert page.count('class="paper-sheet page-break"') == len(codes) - 1
    assert re.findall(r"Mã hồ sơ:</strong> ([A-Z0-9-]+)", page) == codes
    assert "data-print" in page and "Giám Khảo Số 0" in page
    for name, maximum in criteria:
        assert re.search(re.escape(name) + r' <span class="small text-muted">\[[a-z-]+\]</span>'
                         rf'</td>\s*<td class="text-end">{maximum.normalize():f}</td>', page)
    for author in [*authors, "Lâm Thị Huệ", "Thiện Mỹ"]:
        assert (author in page) == (not blind and author in authors), author
