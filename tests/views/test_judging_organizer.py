"""The organiser's side of judging: assignment, progress, reminders, sheets, paper sheets."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    AuditEvent,
    Edition,
    Entry,
    Judge,
    Phase,
    Role,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from contest.services.assignments import assign_judges
from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet
from tests import factories
from tests.querycount import count_queries
from tests.views.test_judging import assign_eligible_entries, eligible_entry

ORGANISER = "btc@example.vn"


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


def auto_assign(contest) -> None:
    edition = db.session.get(Edition, contest["edition"])
    assign_judges(edition=edition, round_number=1, seed=7, actor=None)
    db.session.commit()


def assignment_of(entry_id: int, email: str) -> Assignment | None:
    return db.session.scalar(select(Assignment).join(Judge).join(User).where(
        Assignment.entry_id == entry_id, User.email == email))


def judges_of(entry_id: int) -> set[str]:
    return set(db.session.scalars(select(User.email).join(Judge).join(
        Assignment, Assignment.judge_id == Judge.id).where(Assignment.entry_id == entry_id)))


def finalise(assignment: Assignment, value: str = "5") -> ScoreSheet:
    criteria = assignment.entry.edition.criteria
    save_sheet(assignment=assignment, actor=assignment.judge.user, comment="Ý tưởng gọn gàng",
               scores={c.id: ScoreInput(value, f"Nhận xét {c.code}") for c in criteria},
               expected_version=0, now=clock.now())
    sheet = finalise_sheet(assignment=assignment, actor=assignment.judge.user, now=clock.now())
    db.session.commit()
    return sheet


def judge_cells(page: str, email: str) -> list[str]:
    """The number cells of a judge's row in the per-judge table (assigned, done, left, overdue)."""
    row = next(r for r in page.split("<tr>") if email in r)
    return [re.sub(r"<[^>]+>", "", cell) for cell in
            re.findall(r'<td class="text-end">(.*?)</td>', row)]


def panel_row(page: str, name: str) -> list[str]:
    row = next(r for r in page.split("<tr>") if f'fw-normal">{name}</th>' in r)
    return re.findall(r"<td>(\d+)</td>", row)


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


def test_progress_counts_a_finalised_sheet_and_overdue_sheets(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
        finalise(assignment_of(contest["entries"]["a1"], "gk0@example.vn"))
        load = db.session.scalar(select(func.count()).select_from(Assignment).join(Judge).join(
            User).where(User.email == "gk0@example.vn"))
    auth.login(ORGANISER)
    url = f"/organizer/editions/{contest['edition']}/judging"
    page = client.get(url).get_data(as_text=True)
    assert panel_row(page, contest["fields"][0]) == ["4", "4", "12", "1", "11"]
    assert panel_row(page, contest["fields"][1]) == ["3", "2", "3", "0", "3"]
    assert judge_cells(page, "gk0@example.vn") == [str(load), "1", str(load - 1), "0"]
    assigned, done, remaining, overdue = judge_cells(page, "gk1@example.vn")
    assert (done, remaining, overdue) == ("0", assigned, "0")
    with app.app_context():
        db.session.get(Edition, contest["edition"]).judging_ends_at = \
            datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Đã quá hạn chấm" in page
    assert judge_cells(page, "gk0@example.vn")[3] == str(load - 1)


def test_overview_runs_fixed_queries_for_10_and_1000_assignments(client, auth, app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER)
        edition = factories.make_edition(phase=Phase.JUDGING, judges_per_entry=1)
        field = edition.fields[0]
        judges = [factories.make_judge(edition, [field]) for _ in range(2)]
        for number in range(10):
            db.session.add(Assignment(entry=eligible_entry(edition, field, None, number),
                                      judge=judges[number % 2]))
        db.session.commit()
        edition_id, judge_ids = edition.id, [j.id for j in judges]
    auth.login(ORGANISER)
    url = f"/organizer/editions/{edition_id}/judging"
    with count_queries(app) as small:
        page = client.get(url).get_data(as_text=True)
    assert panel_row(page, field_name(app, edition_id))[1:3] == ["10", "10"]
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        field = edition.fields[0]
        judges = [db.session.get(Judge, judge_id) for judge_id in judge_ids]
        judges += [factories.make_judge(edition, [field]) for _ in range(18)]
        assign_eligible_entries(edition, field, judges, range(10, 1000))
        db.session.commit()
    with count_queries(app) as large:
        page = client.get(url).get_data(as_text=True)
    assert panel_row(page, field_name(app, edition_id))[:3] == ["20", "1000", "1000"]
    assert small.count == large.count, large.statements


def field_name(app, edition_id: int) -> str:
    with app.app_context():
        return db.session.get(Edition, edition_id).fields[0].name


def test_reminder_is_sent_at_most_once_a_day(client, auth, app, contest, outbox):
    with app.app_context():
        auto_assign(contest)
        judge_id = contest["judges"][0]
        load = db.session.scalar(select(func.count()).select_from(Assignment).where(
            Assignment.judge_id == judge_id))
        db.session.get(Edition, contest["edition"]).judging_ends_at = datetime(
            2030, 5, 20, 10, 0, tzinfo=UTC)
        db.session.commit()
    start = datetime(2030, 5, 10, 2, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        auth.login(ORGANISER)
        first = auth.post(f"/organizer/judges/{judge_id}/remind")
        assert first.headers["Location"] == f"/organizer/editions/{contest['edition']}/judging"
        message = outbox.last()
        assert message["To"] == "gk0@example.vn"
        body = message.get_content()
        assert f"còn {load} phiếu chấm chưa hoàn tất" in body
        assert "17:00 20/05/2030" in body  # the deadline in Việt Nam time
        assert outbox.link("/judge/") == "/judge/"
        page = client.get(first.headers["Location"]).get_data(as_text=True)
        assert "Đã gửi thư nhắc Giám Khảo Số 0" in page
        assert "09:00 10/05/2030" in page  # last reminder, Việt Nam time
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        auth.login(ORGANISER)
        again = auth.post(f"/organizer/judges/{judge_id}/remind", follow_redirects=True)
        assert "Đã nhắc giám khảo này trong vòng 24 giờ qua." in again.get_data(as_text=True)
        assert len(outbox.messages()) == 1
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        auth.login(ORGANISER)
        auth.post(f"/organizer/judges/{judge_id}/remind")
        assert len(outbox.messages()) == 2
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "judge.remind").order_by(AuditEvent.id)).all()
        assert [e.after["remaining"] for e in events] == [load, load]
        assert db.session.get(Judge, judge_id).reminded_at == start + timedelta(hours=25)


def test_reopen_needs_a_reason_is_audited_and_lets_the_judge_edit(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
        assignment = assignment_of(contest["entries"]["a1"], "gk0@example.vn")
        sheet = finalise(assignment, "6")
        sheet_id, assignment_id = sheet.id, assignment.id
        criteria = [c.id for c in assignment.entry.edition.criteria]
    auth.login(ORGANISER)
    entry_page = client.get(f"/organizer/entries/{contest['entries']['a1']}").get_data(
        as_text=True)
    assert f'href="/organizer/sheets/{sheet_id}"' in entry_page
    assert "Tổng điểm: <strong>30</strong>" in entry_page
    sheet_page = client.get(f"/organizer/sheets/{sheet_id}").get_data(as_text=True)
    assert "Phiếu chấm của Giám Khảo Số 0" in sheet_page
    assert "Nhận xét moi" in sheet_page and "Ý tưởng gọn gàng" in sheet_page
    refused = auth.post(f"/organizer/sheets/{sheet_id}/reopen", {"reason": " "},
                        follow_redirects=True)
    assert "Hãy ghi lý do mở lại phiếu chấm." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).status == SheetStatus.FINAL
    done = auth.post(f"/organizer/sheets/{sheet_id}/reopen",
                     {"reason": "Giám khảo nhập nhầm tiêu chí 1"})
    assert done.headers["Location"] == f"/organizer/entries/{contest['entries']['a1']}"
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).status == SheetStatus.DRAFT
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sheet.reopen"))
        assert event.after == {"status": "draft", "reason": "Giám khảo nhập nhầm tiêu chí 1"}
        assert event.actor.email == ORGANISER
        version = db.session.get(ScoreSheet, sheet_id).version
    auth.logout()
    auth.login("gk0@example.vn")
    fixed = auth.post(f"/judge/assignments/{assignment_id}", {
        "version": str(version), **{f"score_{c}": "6" for c in criteria},
        f"score_{criteria[0]}": "7", "save": "1"})
    assert fixed.status_code == 302
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).total == Decimal(31)


def test_reopen_without_any_reason_shows_the_message_and_keeps_the_sheet(client, auth, app,
                                                                         contest):
    with app.app_context():
        auto_assign(contest)
        sheet_id = finalise(assignment_of(contest["entries"]["a1"], "gk0@example.vn"), "6").id
    auth.login(ORGANISER)
    for data in ({"reason": ""}, {}):
        refused = auth.post(f"/organizer/sheets/{sheet_id}/reopen", data, follow_redirects=True)
        assert refused.status_code == 200
        assert "Hãy ghi lý do mở lại phiếu chấm." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ScoreSheet, sheet_id).status == SheetStatus.FINAL


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
