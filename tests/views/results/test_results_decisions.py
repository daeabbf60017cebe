"""Decisions on results: overrides with reasons, provisional and final publication, access."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, AwardOverride, Edition, Entry, Phase
from contest.services.objections import file_objection
from tests import factories
from tests.pages import flashes, text_of
from tests.views.results.world import ENTRANT, JUDGE, ORGANISER, every_page, ranked, run_rows


def test_override_needs_a_reason_is_audited_and_changes_the_award(client, auth, app, edition):
    run_id = ranked(app, edition["edition"])
    auth.login(ORGANISER)
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    row_id = next(r for r in run_rows(page) if r[2] == edition["codes"][0])[0]
    refused = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                        {"award": "nhat", "reason": ""}, follow_redirects=True)
    assert "Hãy ghi lý do điều chỉnh giải." in flashes(refused)
    with app.app_context():
        assert db.session.scalar(select(AwardOverride.id)) is None
    done = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                     {"award": "nhat", "reason": "Hội đồng xét lại tính mới"},
                     follow_redirects=True)
    html = done.get_data(as_text=True)
    assert f"Đã điều chỉnh giải của hồ sơ {edition['codes'][0]}." in flashes(done)
    assert next(r for r in run_rows(html) if r[0] == row_id)[3] == "Giải Nhất"
    assert "Theo xếp hạng: Giải Ba" in text_of(html)
    assert "Hội đồng xét lại tính mới" in html
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "award.override"))
        assert event.after == {"award": "nhat", "reason": "Hội đồng xét lại tính mới"}
    removed = auth.post(f"/organizer/ranking-rows/{row_id}/award",
                        {"award": "", "reason": "Đã đạt giải cấp cao hơn"}, follow_redirects=True)
    assert next(r for r in run_rows(removed.get_data(as_text=True))
                if r[0] == row_id)[3] == "Không có giải"


def test_provisional_then_final_publication(client, auth, app, edition, outbox):
    results = f"/organizer/editions/{edition['edition']}/results"
    auth.login(ORGANISER)
    too_early = auth.post(f"{results}/publish-provisional", follow_redirects=True)
    assert "Hãy chọn một lần xếp hạng làm kết quả tạm thời trước." in flashes(too_early)
    run_id = ranked(app, edition["edition"])
    marked = auth.post(f"/organizer/runs/{run_id}/provisional", follow_redirects=True)
    assert "Đã chọn lần xếp hạng này làm kết quả tạm thời." in flashes(marked)
    assert "Chọn làm kết quả tạm thời" not in marked.get_data(as_text=True)
    assert "Kết quả tạm thời" in client.get(results).get_data(as_text=True)

    published = auth.post(f"{results}/publish-provisional", follow_redirects=True)
    assert flashes(published) == [
        "Đã công bố phiên bản 1; đã gửi e-mail kết quả cho 0 người."]
    assert "Công bố kết quả chính thức" in published.get_data(as_text=True)
    with app.app_context():
        found = db.session.get(Edition, edition["edition"])
        assert found.phase == Phase.PROVISIONAL and found.provisional_published_at is not None
        entry = db.session.scalar(select(Entry).where(Entry.code == edition["codes"][2]))
        entry.contact_email = "lienhe@example.vn"
        objection = file_objection(entry=entry, actor=factories.make_user(),
                                   reason="Điểm tính mới chưa đúng với thuyết minh",
                                   now=clock.now())
        db.session.commit()
        objection_id = objection.id

    with app.app_context():
        ends_at = db.session.get(Edition, edition["edition"]).objection_ends_at
    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login(ORGANISER)  # 15 days on, the session has expired
        blocked = auth.post(f"{results}/publish-final", follow_redirects=True)
    assert ("Còn khiếu nại chưa trả lời: hãy trả lời mọi khiếu nại trước khi công bố kết quả "
            "chính thức.") in flashes(blocked)
    auth.login(ORGANISER)
    listing = client.get(f"/organizer/editions/{edition['edition']}/objections")
    assert "Điểm tính mới chưa đúng với thuyết minh" in listing.get_data(as_text=True)
    assert "Chưa trả lời" in text_of(listing.get_data(as_text=True))
    empty = auth.post(f"/organizer/objections/{objection_id}/answer", {"answer": ""},
                      follow_redirects=True)
    assert "Hãy nhập nội dung trả lời." in flashes(empty)
    answered = auth.post(f"/organizer/objections/{objection_id}/answer",
                         {"answer": "Hội đồng đã chấm lại, giữ nguyên kết quả."},
                         follow_redirects=True)
    assert "Hội đồng đã chấm lại, giữ nguyên kết quả." in answered.get_data(as_text=True)
    answer_mail = outbox.last()
    assert (answer_mail["To"], answer_mail["Subject"]) == (
        "lienhe@example.vn", f"Trả lời khiếu nại hồ sơ {edition['codes'][2]}")
    assert "Hội đồng đã chấm lại, giữ nguyên kết quả." in answer_mail.get_content()

    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login(ORGANISER)
        final = auth.post(f"{results}/publish-final", follow_redirects=True)
    assert "Đã công bố phiên bản 2; đã gửi e-mail kết quả cho 1 người." in flashes(final)
    with app.app_context():
        assert db.session.get(Edition, edition["edition"]).phase == Phase.FINAL
    page = client.get(f"/organizer/runs/{run_id}").get_data(as_text=True)
    assert "Điều chỉnh giải" not in page and "Chọn làm kết quả tạm thời" not in page


@pytest.mark.parametrize("email", [ENTRANT, JUDGE])
def test_entrants_and_judges_are_refused_everywhere(client, auth, app, edition, email):
    pages = every_page(app, edition["edition"])
    auth.login(email)
    for method, path in pages:
        if method == "GET":
            response = client.get(path)
        else:
            response = auth.post(path, {"reason": "x", "answer": "x", "method": "mean",
                                        "round": "1", "code": edition["codes"][0]})
        assert response.status_code == 403, (method, path)
    with app.app_context():
        assert db.session.scalar(select(AwardOverride.id)) is None
        assert db.session.get(Edition, edition["edition"]).phase == Phase.PROVISIONAL
