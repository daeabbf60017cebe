"""The organiser's national selection page: proposing by the edition's rules, adjusting with
reasons, locking."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent, Edition, Entry, NationalPick, Role
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.pages import flashes, text_of

ORGANISER = "btc@example.vn"
# Fields 0,0,0,1,1. Youth tiers: 95 Nhất, 88 and 85 Nhì, 75 Ba, 65 Khuyến khích.
TOTALS = [95, 85, 75, 88, 65]


def listed(client, edition_id: int) -> list[list[str]]:
    """The cells of each row of the national list, as text."""
    html = client.get(f"/organizer/editions/{edition_id}/national").get_data(as_text=True)
    return [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][:7]
            for row in re.findall(r'<tr class="pick">(.*?)</tr>', html, re.S)]


@pytest.fixture
def edition(app):
    """A judged edition whose provisional results are chosen; codes in TOTALS order."""
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER)
        found = factories.make_scored_edition([(t, t, t) for t in TOTALS],
                                              fields=[0, 0, 0, 1, 1])
        mark_provisional(edition=found, run=run_ranking(edition=found, round_number=1,
                                                        method="mean", actor=None), actor=None)
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == found.id)
                                     .order_by(Entry.id)).all()
        db.session.commit()
        return {"id": found.id, "codes": [e.code for e in entries],
                "titles": [e.title for e in entries],
                "fields": [f.name for f in found.fields[:2]]}


def settle(app, edition_id: int, **settings) -> None:
    with app.app_context():
        found = db.session.get(Edition, edition_id)
        for name, value in settings.items():
            setattr(found, name, value)
        db.session.commit()


def propose(auth, edition_id: int):
    return auth.post(f"/organizer/editions/{edition_id}/national/propose",
                     follow_redirects=True)


@pytest.mark.parametrize(("settings", "chosen"), [
    ({"national_count": 3}, [0, 3, 1]),
    ({"national_count": 10, "national_cap_per_field": 1}, [0, 3]),
    ({"national_count": 10, "national_min_tier": "nhi"}, [0, 3, 1]),
    ({"national_count": 10, "national_min_tier": "ba", "national_cap_per_field": 2},
     [0, 3, 1]),
    ({"national_count": 10}, [0, 3, 1, 2, 4]),
])
def test_proposal_follows_count_cap_and_minimum_tier(client, auth, app, edition, settings,
                                                     chosen):
    settle(app, edition["id"], **settings)
    auth.login(ORGANISER)
    done = propose(auth, edition["id"])
    assert flashes(done) == ["Đã đề xuất danh sách theo kết quả."]
    assert [row[1] for row in listed(client, edition["id"])] == [
        edition["codes"][i] for i in chosen]


def test_proposed_rows_show_position_field_award_and_origin(client, auth, app, edition):
    settle(app, edition["id"], national_count=2)
    auth.login(ORGANISER)
    page = text_of(client.get(f"/organizer/editions/{edition['id']}/national").get_data(
        as_text=True))
    assert "Danh sách còn trống." in page and "Khóa danh sách" not in page
    propose(auth, edition["id"])
    codes, titles, fields = edition["codes"], edition["titles"], edition["fields"]
    assert listed(client, edition["id"]) == [
        ["1", codes[0], titles[0], fields[0], "Giải Nhất", "Đề xuất", ""],
        ["2", codes[3], titles[3], fields[1], "Giải Nhì", "Đề xuất", ""],
    ]


def test_adding_and_removing_need_reasons(client, auth, app, edition):
    settle(app, edition["id"], national_count=2)
    auth.login(ORGANISER)
    propose(auth, edition["id"])
    add = f"/organizer/editions/{edition['id']}/national/add"
    code = edition["codes"][2]
    no_reason = auth.post(add, {"code": code, "reason": ""})
    assert no_reason.status_code == 400
    assert "Hãy ghi lý do thêm hồ sơ vào danh sách." in text_of(no_reason.get_data(as_text=True))
    unknown = auth.post(add, {"code": "TTN-0000-9999", "reason": "Đặc cách"})
    assert "Không có hồ sơ mã TTN-0000-9999 trong lần tổ chức này." in text_of(
        unknown.get_data(as_text=True))
    added = auth.post(add, {"code": code.lower(), "reason": "Sản phẩm áp dụng thực tế tốt"},
                      follow_redirects=True)
    assert flashes(added) == [f"Đã thêm hồ sơ {code} vào danh sách."]
    rows = listed(client, edition["id"])
    assert rows[-1] == ["3", code, edition["titles"][2], edition["fields"][0], "Giải Ba",
                        "Thêm bằng tay", "Sản phẩm áp dụng thực tế tốt"]
    again = auth.post(add, {"code": code, "reason": "Lần nữa"}, follow_redirects=True)
    assert flashes(again) == [f"Hồ sơ {code} đã có trong danh sách."]

    with app.app_context():
        pick_id = db.session.scalar(select(NationalPick.id).join(NationalPick.entry).where(
            Entry.code == edition["codes"][3]))
    refused = auth.post(f"/organizer/national-picks/{pick_id}/remove", {"reason": ""},
                        follow_redirects=True)
    assert flashes(refused) == ["Hãy ghi lý do bỏ hồ sơ khỏi danh sách."]
    assert len(listed(client, edition["id"])) == 3
    removed = auth.post(f"/organizer/national-picks/{pick_id}/remove",
                        {"reason": "Tác giả không tham dự được vòng toàn quốc"},
                        follow_redirects=True)
    assert flashes(removed) == [f"Đã bỏ hồ sơ {edition['codes'][3]} khỏi danh sách."]
    assert [row[1] for row in listed(client, edition["id"])] == [edition["codes"][0], code]
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.after).where(
            AuditEvent.action.in_(("national.add", "national.remove")))
            .order_by(AuditEvent.id)).all()
        assert [tuple(e) for e in events] == [
            ("national.add", {"reason": "Sản phẩm áp dụng thực tế tốt"}),
            ("national.remove", {"reason": "Tác giả không tham dự được vòng toàn quốc"}),
        ]


def test_locking_hides_the_buttons_and_blocks_every_change(client, auth, app, edition):
    settle(app, edition["id"], national_count=2)
    auth.login(ORGANISER)
    base = f"/organizer/editions/{edition['id']}/national"
    empty = auth.post(f"{base}/lock", follow_redirects=True)
    assert flashes(empty) == ["Danh sách còn trống."]
    propose(auth, edition["id"])
    page = client.get(base).get_data(as_text=True)
    assert "data-confirm=" in re.search(r'<form[^>]*national/lock"[^>]*>', page).group(0)
    locked = auth.post(f"{base}/lock", follow_redirects=True)
    html = locked.get_data(as_text=True)
    assert flashes(locked) == ["Đã khóa danh sách dự thi toàn quốc."]
    for action in ("national/propose", "national/add", "national/lock", "/remove"):
        assert action not in html
    before = listed(client, edition["id"])
    with app.app_context():
        pick_id = db.session.scalar(select(NationalPick.id))
    for path, data in ((f"{base}/propose", {}),
                       (f"{base}/add", {"code": edition["codes"][2], "reason": "Đặc cách"}),
                       (f"/organizer/national-picks/{pick_id}/remove", {"reason": "Bỏ"})):
        refused = auth.post(path, data, follow_redirects=True)
        assert flashes(refused) == ["Danh sách dự thi toàn quốc đã khóa."]
    assert listed(client, edition["id"]) == before
