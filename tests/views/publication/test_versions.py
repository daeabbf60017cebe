"""Published results are frozen versions; a new version needs a reason and mails the changed."""
from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import Edition, Entry, PublishedResult, ResultPublication, User
from contest.services.results import override_award
from tests.pages import flashes, text_of
from tests.views.publication.world import (
    ORGANISER,
    OWNERS,
    entrant_page,
    publish_provisional,
    results_url,
    shown,
    sign_in,
    window_end,
)


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
    assert "Giải Nhì" in page and "Điểm" not in page
    assert not re.search(r"\b84(?:[.,]\d+)?\b", page)  # no score 84 (a name's "1684" is not one)
