"""Final results wait for the objection window and are the last provisional version."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import time_machine
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Edition, Objection, Phase, ResultPublication, User
from tests.pages import flashes, text_of
from tests.views.publication.world import (
    ADMIN,
    ORGANISER,
    OWNERS,
    REASON,
    publish_provisional,
    results_url,
    shown,
    sign_in,
    window_end,
)


def test_final_results_wait_for_the_objection_window(client, auth, app, contest, outbox):
    start = clock.now()
    with time_machine.travel(start, tick=False):
        sign_in(auth, ORGANISER)
        publish_provisional(auth, contest)
        ends_at = window_end(app, contest)
        assert ends_at == start + timedelta(days=15)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        sign_in(auth, ORGANISER)
        refused = auth.post(f"{results_url(contest)}/publish-final", follow_redirects=True)
        assert flashes(refused) == [
            f"Thời hạn khiếu nại đến {shown(app, ends_at)} chưa kết thúc: chỉ công bố kết "
            "quả chính thức sau thời điểm đó. Trong thời gian chờ, hãy trả lời các khiếu nại; "
            "nếu có lý do chính đáng để kết thúc sớm, quản trị viên có thể đóng thời hạn khiếu "
            "nại (kèm lý do) trên trang Khiếu nại."]
        with app.app_context():
            assert db.session.get(Edition, contest["edition"]).phase == Phase.PROVISIONAL
            assert db.session.scalar(select(func.count(ResultPublication.id))) == 1
        # The entrant still objects: the window is open.
        sign_in(auth, OWNERS[1])
        filed = auth.post(f"/entrant/entries/{contest['entries'][1]}/objections",
                          {"reason": REASON}, follow_redirects=True)
        assert "Đã gửi khiếu nại." in text_of(filed.get_data(as_text=True))

        # Only an admin may end the window early, and only with a written reason.
        sign_in(auth, ORGANISER)
        close = f"/organizer/editions/{contest['edition']}/objections/close"
        assert auth.post(close, {"reason": "Kết thúc sớm theo quyết định"}).status_code == 403
        assert window_end(app, contest) == ends_at
        assert "Kết thúc sớm thời hạn khiếu nại" not in client.get(
            f"/organizer/editions/{contest['edition']}/objections").get_data(as_text=True)
        sign_in(auth, ADMIN)
        short = auth.post(close, {"reason": "Vì sao"}, follow_redirects=True)
        assert flashes(short) == ["Lý do dài từ 10 đến 2000 ký tự."]
        assert window_end(app, contest) == ends_at
        closed = auth.post(close, {"reason": "Hội đồng đã họp, mọi thí sinh đã xác nhận"},
                           follow_redirects=True)
        page = text_of(closed.get_data(as_text=True))
        assert "Đã kết thúc thời hạn khiếu nại; lý do được ghi trên trang này." in page
        assert "Lý do: Hội đồng đã họp, mọi thí sinh đã xác nhận" in page
        assert "bởi Quản Trị" in page
        with app.app_context():
            event = db.session.scalars(select(AuditEvent).where(
                AuditEvent.action == "objections.close_early")).one()
            assert event.after["reason"] == "Hội đồng đã họp, mọi thí sinh đã xác nhận"
            assert event.before["objection_ends_at"] == shown(app, ends_at)
        assert window_end(app, contest) == clock.now()

        # Closed early or not, every objection needs its answer first.
        sign_in(auth, OWNERS[1])
        late = auth.post(f"/entrant/entries/{contest['entries'][1]}/objections",
                         {"reason": REASON}, follow_redirects=True)
        assert "Không trong thời gian nhận khiếu nại." in text_of(late.get_data(as_text=True))
        sign_in(auth, ADMIN)
        waiting = auth.post(f"{results_url(contest)}/publish-final", follow_redirects=True)
        assert flashes(waiting) == ["Còn khiếu nại chưa trả lời: hãy trả lời mọi khiếu nại "
                                    "trước khi công bố kết quả chính thức."]
        with app.app_context():
            objection = db.session.scalars(select(Objection)).one()
        auth.post(f"/organizer/objections/{objection.id}/answer",
                  {"answer": "Hội đồng đã xem lại, giữ nguyên điểm."})
        final = auth.post(f"{results_url(contest)}/publish-final", follow_redirects=True)
        assert flashes(final)[-1] == "Đã công bố phiên bản 2; đã gửi e-mail kết quả cho 4 người."
        with app.app_context():
            assert db.session.get(Edition, contest["edition"]).phase == Phase.FINAL


def test_final_results_are_the_last_provisional_version(client, auth, app, contest):
    start = clock.now()
    with time_machine.travel(start, tick=False):
        sign_in(auth, ORGANISER)
        publish_provisional(auth, contest)
    with time_machine.travel(start + timedelta(days=16), tick=False):
        sign_in(auth, ORGANISER)
        auth.post(f"/organizer/runs/{contest['median']}/provisional")
        refused = auth.post(f"{results_url(contest)}/publish-final", follow_redirects=True)
        assert flashes(refused) == [
            "Bảng xếp hạng hoặc giải đã thay đổi so với kết quả tạm thời đang công bố (phiên "
            "bản 1). Hãy công bố phiên bản tạm thời mới để thí sinh được xem và khiếu nại, "
            "hoặc chọn lại đúng kết quả đã công bố."]
        auth.post(f"/organizer/runs/{contest['mean']}/provisional")
        auth.post(f"{results_url(contest)}/publish-final")
    with app.app_context():
        final = db.session.scalars(select(ResultPublication).where(
            ResultPublication.final)).one()
        assert [(r.rank, r.score) for r in final.rows][-1] == (5, Decimal("52.33"))
    public = text_of(client.get(f"/vinh-long/editions/{contest['edition']}/results")
                     .get_data(as_text=True))
    assert contest["codes"][1] in public and "Giải Nhất" in public


def test_set_phase_command_publishes_and_respects_the_window(app, runner, contest, outbox):
    moved = runner.invoke(args=["set-phase", str(contest["edition"]), "provisional"])
    assert moved.exit_code == 0, moved.output
    assert "Đã gửi e-mail kết quả cho 4 người." in moved.output
    forced = runner.invoke(args=["set-phase", str(contest["edition"]), "final", "--force"])
    assert forced.exit_code == 1
    assert "Thời hạn khiếu nại đến" in forced.output
    with app.app_context():
        assert db.session.scalar(select(func.count(ResultPublication.id))) == 1
        assert db.session.scalar(select(User.id).where(User.email == ADMIN)) is not None
