"""The entrant's dossier: drafts, eligibility per author, deadline, submission, withdrawal."""
from __future__ import annotations

import hashlib
import re
import threading
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from contest.clock import VIETNAM
from contest.extensions import db
from contest.models import (
    Attachment,
    AttachmentKind,
    Contest,
    ContestKind,
    Edition,
    Entry,
    EntryStatus,
    Phase,
    Role,
)
from contest.services.editions import create_edition
from contest.services.organisations import default_organisation
from tests import factories
from tests.conftest import csrf_token

DEADLINE = datetime(2027, 3, 31, 17, 0, tzinfo=VIETNAM)
BEFORE_DEADLINE = DEADLINE - timedelta(days=30)


def make_open_youth_edition() -> Edition:
    contest = Contest(kind=ContestKind.YOUTH, code_prefix="TTN", organiser="Liên hiệp hội",
                      name="Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long",
                      organisation=default_organisation())
    db.session.add(contest)
    edition = create_edition(contest=contest, number=16, year_label="2026–2027")
    edition.phase = Phase.OPEN
    edition.registration_opens_at = DEADLINE - timedelta(days=120)
    edition.submission_deadline_at = DEADLINE
    db.session.flush()
    return edition


@pytest.fixture
def world(app):
    """An open youth edition and two entrants, A and B."""
    with app.app_context():
        edition = make_open_youth_edition()
        a = factories.make_user(email="a@example.vn", full_name="Lê Minh Anh")
        b = factories.make_user(email="b@example.vn", full_name="Phan Gia Bảo")
        db.session.commit()
        return {"edition_id": edition.id, "field_id": edition.fields[0].id, "a": a.id, "b": b.id}


def dossier_form(world, **changes) -> dict:
    data = {
        "title": "Máy tưới cây tự động dùng năng lượng mặt trời",
        "field_id": str(world["field_id"]),  # no entrant_type: youth forms do not show it
        "contact_phone": "0912345678", "contact_email": "a@example.vn",
        "authors-0-full_name": "Lê Minh Anh", "authors-0-birth_date": "2012-05-20",
        "authors-0-gender": "female", "authors-0-unit_name": "Trường THCS Lê Quý Đôn",
        "authors-0-class_or_position": "Lớp 8A",
        "authors-1-full_name": "Trần Quốc Huy", "authors-1-birth_date": "2011-09-02",
        "authors-1-gender": "male", "authors-1-unit_name": "Trường THCS Lê Quý Đôn",
        "teacher_name": "Nguyễn Thị Thanh Tâm",
        "summary": "Tóm tắt.", "idea": "Ý tưởng.", "structure": "Cấu tạo.",
        "operation": "Hoạt động.", "novelty": "Mới.", "creativity": "Sáng tạo.",
        "applicability": "Áp dụng.", "effectiveness": "Hiệu quả.",
        "declaration_accepted": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def start_draft(client, world, token="t1") -> int:
    response = client.post(f"/entrant/editions/{world['edition_id']}/entries",
                           data={"token": token, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return int(response.headers["Location"].split("/")[3])


def edit(client, entry_id, data, button="save"):
    page = client.get(f"/entrant/entries/{entry_id}/edit").get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    form = {**data, "version": version, "csrf_token": csrf_token(client), button: "1"}
    return client.post(f"/entrant/entries/{entry_id}/edit", data=form)


def add_photo(app, entry_id):
    """A product photo row (the upload itself is tested with the attachments)."""
    with app.app_context():
        db.session.add(Attachment(entry_id=entry_id, kind=AttachmentKind.PRODUCT_PHOTO,
                                  original_name="may-tuoi.jpg", stored_name=f"x{entry_id}.jpg",
                                  content_type="image/jpeg", size=3,
                                  sha256=hashlib.sha256(b"abc").hexdigest()))
        db.session.commit()


@pytest.fixture
def signed_in_a(client, auth, world):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        auth.login("a@example.vn")
    return client


def test_draft_submission_and_code(signed_in_a, app, world, outbox):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        saved = edit(client, entry_id, dossier_form(world, title=None))
        assert saved.headers["Location"] == f"/entrant/entries/{entry_id}/edit"
        add_photo(app, entry_id)
        refused = edit(client, entry_id, dossier_form(world, title=""), button="submit")
        page = refused.get_data(as_text=True)
        assert "Hãy nhập tên giải pháp / sản phẩm." in page
        assert 'value="Trần Quốc Huy"' in page  # the typed input is kept
        submitted = edit(client, entry_id, dossier_form(world), button="submit")
        assert submitted.headers["Location"] == f"/entrant/entries/{entry_id}"
        page = client.get(f"/entrant/entries/{entry_id}").get_data(as_text=True)
        dashboard = client.get("/entrant/").get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert (entry.status, entry.code) == (EntryStatus.SUBMITTED, "TTN-2026-0001")
        assert [a.full_name for a in entry.authors] == ["Lê Minh Anh", "Trần Quốc Huy"]
        assert entry.authors[0].unit.name == "Trường THCS Lê Quý Đôn"
        assert entry.authors[0].unit_id == entry.authors[1].unit_id  # one unit, not two
    assert outbox.last()["Subject"] == "Đã nhận hồ sơ TTN-2026-0001"
    assert "TTN-2026-0001" in page and "Đã nộp, chờ thẩm định" in page
    assert "Đã nộp hồ sơ (TTN-2026-0001)" in page  # the timeline
    assert "Máy tưới cây tự động" in dashboard and "TTN-2026-0001" in dashboard


def test_eligibility_errors_are_named_per_author(signed_in_a, app, world):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        add_photo(app, entry_id)
        response = edit(client, entry_id, dossier_form(
            world, **{"authors-1-birth_date": "2003-01-15", "authors-0-gender": ""}),
            button="submit")
    page = response.get_data(as_text=True)
    assert "Tác giả 2: ngày sinh 15/01/2003 nằm ngoài độ tuổi dự thi " \
           "(sinh từ 31/07/2008 đến 31/07/2020)." in page
    assert "Tác giả 1: hãy chọn giới tính." in page
    assert "Tác giả 1: ngày sinh" not in page
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.status == EntryStatus.DRAFT and entry.code is None
        assert entry.authors[1].birth_date == date(2003, 1, 15)  # the draft keeps what was typed


@pytest.mark.parametrize(("moment", "accepted"), [
    (DEADLINE - timedelta(seconds=1), True),
    (DEADLINE + timedelta(seconds=59), True),  # the grace (SUBMISSION_GRACE_SECONDS = 60)
    (DEADLINE + timedelta(seconds=61), False)])
def test_deadline_is_checked_on_the_server(signed_in_a, auth, app, world, moment, accepted):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        edit(client, entry_id, dossier_form(world))
        add_photo(app, entry_id)
    with time_machine.travel(moment - timedelta(minutes=5), tick=False):
        auth.login("a@example.vn")  # a fresh session, opened five minutes before
    with time_machine.travel(moment, tick=False):
        response = client.post(f"/entrant/entries/{entry_id}/submit",
                               data={"csrf_token": csrf_token(client)})
        followed = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        status = db.session.get(Entry, entry_id).status
    if accepted:
        assert status == EntryStatus.SUBMITTED
    else:
        assert status == EntryStatus.DRAFT
        assert "Đã hết hạn nộp hồ sơ." in followed


def test_twenty_concurrent_submits_make_one_submission(signed_in_a, app, world):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        edit(client, entry_id, dossier_form(world))
        add_photo(app, entry_id)
        token = csrf_token(client)
        cookie = client.get_cookie("sangtao_session").value
        statuses, barrier = [], threading.Barrier(20)

        def click():
            tab = app.test_client()
            tab.set_cookie("sangtao_session", cookie)
            barrier.wait()
            statuses.append(tab.post(f"/entrant/entries/{entry_id}/submit",
                                     data={"csrf_token": token}).status_code)

        threads = [threading.Thread(target=click) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [302] * 20
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 1
        entry = db.session.get(Entry, entry_id)
        assert (entry.status, entry.code) == (EntryStatus.SUBMITTED, "TTN-2026-0001")
        assert db.session.get(Edition, world["edition_id"]).entry_seq == 1


def test_double_click_on_new_entry_makes_one_draft(signed_in_a, app, world):
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        first = start_draft(signed_in_a, world, token="same")
        second = start_draft(signed_in_a, world, token="same")
        third = start_draft(signed_in_a, world, token="other")
    assert first == second != third


def test_two_tabs_second_save_gets_a_conflict_and_keeps_input(signed_in_a, app, world):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        page = client.get(f"/entrant/entries/{entry_id}/edit").get_data(as_text=True)
        old_version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
        edit(client, entry_id, dossier_form(world, title="Bản ở tab thứ nhất"))
        stale = {**dossier_form(world, title="Bản ở tab thứ hai"), "version": old_version,
                 "save": "1", "csrf_token": csrf_token(client)}
        response = client.post(f"/entrant/entries/{entry_id}/edit", data=stale)
    page = response.get_data(as_text=True)
    assert "Hồ sơ vừa được sửa ở một cửa sổ khác." in page
    assert 'value="Bản ở tab thứ hai"' in page
    with app.app_context():
        assert db.session.get(Entry, entry_id).title == "Bản ở tab thứ nhất"


def test_submitted_dossier_cannot_be_broken_by_an_edit(signed_in_a, app, world):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        add_photo(app, entry_id)
        edit(client, entry_id, dossier_form(world), button="submit")
        response = edit(client, entry_id, dossier_form(world, summary=""))
    assert "Hãy viết phần này của bản mô tả." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Entry, entry_id).summary == "Tóm tắt."


def test_withdraw_and_submit_again_keeps_the_code(signed_in_a, app, world):
    client = signed_in_a
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        entry_id = start_draft(client, world)
        add_photo(app, entry_id)
        edit(client, entry_id, dossier_form(world), button="submit")
        client.post(f"/entrant/entries/{entry_id}/withdraw",
                    data={"csrf_token": csrf_token(client)})
        with app.app_context():
            assert db.session.get(Entry, entry_id).status == EntryStatus.WITHDRAWN
        client.post(f"/entrant/entries/{entry_id}/submit", data={"csrf_token": csrf_token(client)})
        timeline = client.get(f"/entrant/entries/{entry_id}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert (entry.status, entry.code) == (EntryStatus.SUBMITTED, "TTN-2026-0001")
    events = [" ".join(item.split("·", 1)[1].split())
              for item in re.findall(r'<li class="list-group-item">(.*?)</li>', timeline, re.S)]
    receipt = "Đã gửi e-mail “Đã nhận hồ sơ TTN-2026-0001” tới a@example.vn"
    assert [e for e in events if e != "Cập nhật hồ sơ"] == [
        "Tạo hồ sơ nháp", "Đã nộp hồ sơ (TTN-2026-0001)", receipt, "Đã rút hồ sơ",
        "Đã nộp hồ sơ (TTN-2026-0001)", receipt]


def test_entrant_gets_404_for_someone_elses_entry(client, auth, app, world):
    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        auth.login("b@example.vn")
        entry_id = start_draft(client, world)
        auth.logout()
        auth.login("a@example.vn")
        for path in ("", "/edit", "/print"):
            assert client.get(f"/entrant/entries/{entry_id}{path}").status_code == 404, path
        for path in ("/edit", "/submit", "/withdraw"):
            response = client.post(f"/entrant/entries/{entry_id}{path}",
                                   data={"csrf_token": csrf_token(client)})
            assert response.status_code == 404, path
    with app.app_context():
        assert db.session.get(Entry, entry_id).status == EntryStatus.DRAFT


def test_judges_and_anonymous_cannot_reach_dossiers(client, auth, app, world):
    with app.app_context():
        factories.make_user(Role.JUDGE, email="gk@example.vn")
        db.session.commit()
    assert client.get("/entrant/entries/1").headers["Location"].startswith("/login")
    auth.login("gk@example.vn")
    assert client.get("/entrant/entries/1").status_code == 403
