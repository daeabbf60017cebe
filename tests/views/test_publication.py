"""Publishing results that people can trust: frozen versions, the objection window before the
final results, new provisional versions with a reason, and each entrant's results e-mail."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.i18n import show_datetime
from contest.models import (
    AuditEvent,
    Edition,
    Entry,
    Objection,
    Phase,
    PublishedResult,
    ResultPublication,
    Role,
    User,
)
from contest.services.results import mark_provisional, override_award, run_ranking
from tests import factories

ORGANISER, ADMIN = "btc@example.vn", "quantri@example.vn"
# Means 75, 93, 52.33, 84, 62.67; medians 75, 93, 52, 84, 62 (youth: Nhất ≥ 90, Nhì ≥ 80,
# Ba ≥ 70, KK ≥ 60).
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80), (62, 65, 61)]
OWNERS = ["an@example.vn", "binh@example.vn", "chi@example.vn", "dung@example.vn",
          "an@example.vn"]  # An owns the first and the last entry
REASON = "Điểm tính mới chưa đúng với bản thuyết minh đã nộp"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def flashes(response) -> list[str]:
    return [text_of(m) for m in re.findall(r'<div class="alert alert-\w+" role="alert">(.*?)</div>',
                                           response.get_data(as_text=True), re.S)]


@pytest.fixture
def contest(app) -> dict:
    """A judged youth edition of five entries owned by four entrants, ranked by the mean
    (chosen as the provisional results) and by the median."""
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER, full_name="Lê Văn Tổ Chức")
        factories.make_user(Role.ADMIN, email=ADMIN, full_name="Quản Trị")
        edition = factories.make_scored_edition(SHEETS)
        owners = {email: factories.make_user(Role.ENTRANT, email=email) for email in set(OWNERS)}
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                     .order_by(Entry.id)).all()
        for entry, email in zip(entries, OWNERS, strict=True):
            entry.owner, entry.on_paper = owners[email], False
        mean = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
        median = run_ranking(edition=edition, round_number=1, method="median", actor=None)
        mark_provisional(edition=edition, run=mean, actor=None)
        db.session.commit()
        return {"edition": edition.id, "entries": [e.id for e in entries],
                "codes": [e.code for e in entries], "mean": mean.id, "median": median.id}


def sign_in(auth, email: str) -> None:
    """Sign out whoever is signed in, then sign in as `email`."""
    auth.logout()
    assert auth.login(email).status_code == 302


def results_url(found: dict) -> str:
    return f"/organizer/editions/{found['edition']}/results"


def publish_provisional(auth, found: dict):
    return auth.post(f"{results_url(found)}/publish-provisional", follow_redirects=True)


def entrant_page(client, auth, email: str, entry_id: int) -> str:
    sign_in(auth, email)
    page = client.get(f"/entrant/entries/{entry_id}").get_data(as_text=True)
    return text_of(page[page.index('id="result"'):])


def shown(app, instant) -> str:
    """A time as the Vietnamese pages and mails write it."""
    with app.test_request_context():
        return show_datetime(instant)


def window_end(app, found: dict):
    with app.app_context():
        return db.session.get(Edition, found["edition"]).objection_ends_at


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


def test_published_results_are_frozen_until_a_new_version(client, auth, app, contest, outbox):
    last = contest["entries"][4]
    start = clock.now()
    with time_machine.travel(start, tick=False):
        sign_in(auth, ORGANISER)
        publish_provisional(auth, contest)
    assert "Điểm 62,67" in entrant_page(client, auth, OWNERS[4], last)

    with time_machine.travel(start + timedelta(days=3), tick=False):
        sign_in(auth, ORGANISER)
        # Choosing the median run and changing an award change nothing entrants see.
        override = auth.post(f"/organizer/runs/{contest['median']}/provisional",
                             follow_redirects=True)
        assert ("Đã chọn lần xếp hạng này cho phiên bản kết quả tiếp theo. Thí sinh vẫn thấy "
                "phiên bản đã công bố cho đến khi Ban tổ chức công bố phiên bản mới."
                ) in flashes(override)
        with app.app_context():
            row = db.session.scalar(select(PublishedResult).where(
                PublishedResult.entry_id == contest["entries"][1]))
            edition = db.session.get(Edition, contest["edition"])
            override_award(edition=edition, entry=row.entry, award="nhi", reason="Thử điều chỉnh",
                           actor=db.session.scalar(select(User).where(User.email == ORGANISER)))
            db.session.commit()
        assert "Giải Nhất" in entrant_page(client, auth, OWNERS[1], contest["entries"][1])
        sign_in(auth, ORGANISER)
        with app.app_context():
            edition = db.session.get(Edition, contest["edition"])
            override_award(edition=edition, entry=db.session.get(Entry, contest["entries"][1]),
                           award="nhat", reason="Giữ nguyên theo xếp hạng",
                           actor=db.session.scalar(select(User).where(User.email == ORGANISER)))
            db.session.commit()
        page = entrant_page(client, auth, OWNERS[4], last)
        assert "Điểm 62,67" in page and "Phiên bản 2" not in page
        before_mails = len(outbox.messages())

        # A new version needs a reason; without one nothing is published.
        sign_in(auth, ORGANISER)
        refused = auth.post(f"{results_url(contest)}/publish-version", {"reason": ""},
                            follow_redirects=True)
        assert flashes(refused) == ["Hãy ghi lý do công bố phiên bản mới."]
        with app.app_context():
            assert db.session.scalar(select(func.count(ResultPublication.id))) == 1
        done = auth.post(f"{results_url(contest)}/publish-version",
                         {"reason": "Dùng trung vị theo quyết định của Hội đồng"},
                         follow_redirects=True)
        assert flashes(done) == ["Đã công bố phiên bản 2; đã gửi e-mail kết quả cho 2 người."]
        assert window_end(app, contest) == start + timedelta(days=18)

    # Only the entrants whose result changed (Chi: 52.33 → 52; An: 62.67 → 62) are told.
    news = outbox.messages()[before_mails:]
    assert sorted(m["To"] for m in news) == ["an@example.vn", "chi@example.vn"]
    an = next(m for m in news if m["To"] == "an@example.vn")
    assert an["Subject"].startswith("Kết quả tạm thời đã được cập nhật:")
    body = an.get_content()
    assert "Dùng trung vị theo quyết định của Hội đồng" in body
    assert f"Hồ sơ {contest['codes'][4]}" in body and "Điểm: 62" in body
    page = entrant_page(client, auth, OWNERS[4], last)
    assert re.search(r"Điểm 62(?![,\d])", page) and "Phiên bản 2 của kết quả tạm thời." in page

    # Organisers still see version 1 and what changed.
    sign_in(auth, ORGANISER)
    with app.app_context():
        versions = db.session.scalars(select(ResultPublication)
                                      .order_by(ResultPublication.version)).all()
        first, second = versions[0].id, versions[1].id
    listing = text_of(client.get(results_url(contest)).get_data(as_text=True))
    assert "Phiên bản 2 Đang hiển thị Tạm thời" in listing
    assert "Dùng trung vị theo quyết định của Hội đồng" in listing
    diff = client.get(f"/organizer/publications/{second}").get_data(as_text=True)
    changes = [text_of(row) for row in re.findall(r'<tr class="change">(.*?)</tr>', diff, re.S)]
    codes = contest["codes"]
    assert [c.split(" ")[0] for c in changes] == [codes[2], codes[4]]
    assert changes[1].endswith("4 4 62,67 62 Giải Khuyến khích Giải Khuyến khích")
    old = text_of(client.get(f"/organizer/publications/{first}").get_data(as_text=True))
    assert "62,67" in old


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
    public = text_of(client.get(f"/editions/{contest['edition']}/results").get_data(as_text=True))
    assert contest["codes"][1] in public and "Giải Nhất" in public


def test_each_entrant_gets_their_own_result_by_mail(client, auth, app, contest, outbox):
    sign_in(auth, ORGANISER)
    published = publish_provisional(auth, contest)
    assert flashes(published) == ["Đã công bố phiên bản 1; đã gửi e-mail kết quả cho 4 người."]
    mails = {m["To"]: m for m in outbox.messages()}
    assert sorted(mails) == ["an@example.vn", "binh@example.vn", "chi@example.vn",
                             "dung@example.vn"]
    with app.app_context():
        title = db.session.get(Edition, contest["edition"]).title
    ends_at = window_end(app, contest)
    dung = mails["dung@example.vn"]
    assert dung["Subject"] == f"Kết quả tạm thời: {title}"
    body = dung.get_content()
    assert f"Hồ sơ {contest['codes'][3]}" in body
    assert "- Giải: Giải Nhì" in body and "- Điểm: 84" in body
    assert re.search(r"- Hạng trong lĩnh vực .+: 2", body)
    assert f"đến {shown(app, ends_at)}" in body
    an = mails["an@example.vn"].get_content()  # one message for both of An's entries
    assert f"Hồ sơ {contest['codes'][0]}" in an and f"Hồ sơ {contest['codes'][4]}" in an
    assert "- Giải: Giải Ba" in an and "- Giải: Giải Khuyến khích" in an
    assert "- Giải: Không đạt giải" in mails["chi@example.vn"].get_content()
    assert contest["codes"][1] not in body  # nobody reads another entrant's result


def test_scores_stay_hidden_when_the_edition_does_not_show_them(client, auth, app, contest,
                                                                outbox):
    with app.app_context():
        db.session.get(Edition, contest["edition"]).show_scores = False
        db.session.commit()
    sign_in(auth, ORGANISER)
    publish_provisional(auth, contest)
    body = next(m for m in outbox.messages() if m["To"] == "dung@example.vn").get_content()
    assert "Giải Nhì" in body and "Điểm" not in body
    page = entrant_page(client, auth, OWNERS[3], contest["entries"][3])
    assert "Giải Nhì" in page and "Điểm" not in page and "84" not in page


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
