"""Objections in their window, and final results public by field and tier."""
from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Edition, Entry, Objection, User
from contest.services.objections import answer_objection
from contest.services.results import override_award
from tests.views.leaks.world import OWN_TITLE, REASON, publish


def test_objection_is_filed_answered_and_closes_with_its_window(client, auth, app, judged):
    publish(app, judged)
    entry = judged["entry"]
    auth.login("owner@example.vn")
    short = auth.post(f"/entrant/entries/{entry}/objections", {"reason": "Sai"},
                      follow_redirects=True)
    assert "Lý do khiếu nại từ 10 đến 5.000 ký tự." in short.get_data(as_text=True)
    filed = auth.post(f"/entrant/entries/{entry}/objections", {"reason": REASON})
    assert filed.headers["Location"] == f"/entrant/entries/{entry}#result"
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    assert "Đã gửi khiếu nại. Ban tổ chức sẽ trả lời trên trang này." in page
    assert REASON in page and "Ban tổ chức chưa trả lời." in page
    with app.app_context():
        objection = db.session.scalars(select(Objection)).one()
        assert (objection.entry_id, objection.reason) == (entry, REASON)
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "objection.file")).one()
        assert event.object_id == entry
        answer_objection(objection=objection, actor=db.session.get(
            User, judged["organiser"]), answer="Đã kiểm tra lại: điểm đúng.",
            now=clock.now())
        db.session.commit()
        ends_at = db.session.get(Edition, judged["edition"]).objection_ends_at
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    assert "Trả lời của Ban tổ chức" in page and "Đã kiểm tra lại: điểm đúng." in page
    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login("owner@example.vn")  # 15 days on, the session has expired
        page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
        assert "Kết quả tạm thời" in page and "/objections" not in page
        late = auth.post(f"/entrant/entries/{entry}/objections", {"reason": REASON},
                         follow_redirects=True)
        assert "Không trong thời gian nhận khiếu nại." in late.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Objection)).all()) == 1


def test_final_results_are_public_by_field_and_tier(client, auth, app, judged):
    with app.app_context():
        edition = db.session.get(Edition, judged["edition"])
        override_award(edition=edition, entry=db.session.get(Entry, judged["last"]), award="kk",
                       reason="Hồ sơ có giá trị ứng dụng cao tại địa phương",
                       actor=db.session.get(User, judged["organiser"]))
        db.session.commit()
        fields = [f.name for f in edition.fields[:2]]
        codes = {key: db.session.get(Entry, judged[key]).code
                 for key in ("entry", "best", "third", "last")}
    publish(app, judged, final=True)
    edition_url = f"/vinh-long/editions/{judged['edition']}"
    edition_page = client.get(edition_url).get_data(as_text=True)
    assert f'href="/vinh-long/editions/{judged["edition"]}/results"' in edition_page
    page = client.get(f"{edition_url}/results").get_data(as_text=True)
    listed = re.findall(r'<h2 class="h4"[^>]*>([^<]+)</h2>|<h3 class="h5 mt-3">([^<]+?) <span'
                        r'|<td class="text-nowrap">([A-Z]+-[\d-]+)</td>', page)
    assert [next(part for part in match if part) for match in listed] == [
        fields[0], "Giải Nhất", codes["best"], "Giải Nhì", codes["entry"],
        fields[1], "Giải Khuyến khích", codes["third"], codes["last"]]
    assert "Châu Bảo Ngọc" in page and "(Trường THCS Thiện Mỹ)" in page
    assert OWN_TITLE in page and "87,33" not in page
    auth.login("owner@example.vn")
    own = client.get(f"/entrant/entries/{judged['entry']}").get_data(as_text=True)
    assert "Kết quả chính thức" in own and "Giải Nhì" in own and "/objections" not in own
