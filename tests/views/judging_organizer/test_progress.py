"""Judging progress: counts, overdue sheets, reminders, reopening with a reason."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import time_machine
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    Assignment,
    AuditEvent,
    Edition,
    Judge,
    Phase,
    Role,
    ScoreSheet,
    SheetStatus,
    User,
)
from tests import factories
from tests.querycount import count_queries
from tests.views.judge_sheets.world import assign_eligible_entries, eligible_entry
from tests.views.judging_organizer.world import (
    ORGANISER,
    assignment_of,
    auto_assign,
    field_name,
    finalise,
    judge_cells,
    panel_row,
)


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


def test_each_judges_buttons_are_named_after_the_judge_escaped(client, auth, app, contest):
    with app.app_context():
        auto_assign(contest)
        user = db.session.scalar(select(User).where(User.email == "gk0@example.vn"))
        user.full_name = "Lê <b>An</b> & Bình"
        db.session.commit()
    auth.login(ORGANISER)
    page = client.get(f"/organizer/editions/{contest['edition']}/judging").get_data(as_text=True)
    name = "Lê &lt;b&gt;An&lt;/b&gt; &amp; Bình"
    assert f'aria-label="Nhắc {name}">Nhắc</button>' in page
    assert f'aria-label="Bảng điểm của {name} (XLSX)">Bảng điểm (XLSX)</a>' in page
    assert "<b>An</b>" not in page
