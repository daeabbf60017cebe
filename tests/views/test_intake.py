"""The organiser's intake: entries list, counts, search, screening, paper dossiers."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    Author,
    Entry,
    EntryStatus,
    Gender,
    Role,
    Screening,
    Unit,
    UnitKind,
)
from contest.services.submission import next_entry_code
from tests import factories
from tests.conftest import csrf_token
from tests.querycount import count_queries
from tests.views.test_dossier import make_open_youth_edition


def add_entries(edition, count: int, *, start: int = 0, owner=None, unit=None):
    """Submitted entries with two authors each, inserted in bulk (fast, for lists)."""
    unit = unit or Unit(name=f"Trường Tiểu học Số {start}", kind=UnitKind.SCHOOL)
    db.session.add(unit)
    db.session.flush()
    numbers = range(start, start + count)
    factories.insert_entries(edition, [
        {"owner_id": owner.id if owner else None, "title": f"Giải pháp số {number}",
         "field_id": edition.fields[number % len(edition.fields)].id,
         "status": EntryStatus.SUBMITTED, "submitted_at": clock.now(),
         "contact_email": f"lienhe{number}@example.vn"} for number in numbers], [
        [{"full_name": f"Nguyễn Văn Tác Giả {number}", "unit": unit,
          "birth_date": date(2012, 1, 1), "gender": Gender.MALE},
         {"full_name": f"Trần Thị Cộng Sự {number}", "unit": unit,
          "birth_date": date(2012, 1, 2), "gender": Gender.FEMALE}] for number in numbers])


@pytest.fixture
def organiser(app, auth):
    with app.app_context():
        edition = make_open_youth_edition()
        factories.make_user(Role.ORGANIZER, email="btc@example.vn", full_name="Phạm Thu Hà")
        db.session.commit()
        edition_id = edition.id
    auth.login("btc@example.vn")
    return edition_id


def test_list_counts_and_diacritics_insensitive_search(client, app, organiser):
    with app.app_context():
        from contest.models import Edition

        edition = db.session.get(Edition, organiser)
        add_entries(edition, 5)
        special = Entry(edition=edition, title="Robot dọn rác bãi biển", field=edition.fields[1],
                        status=EntryStatus.SUBMITTED, code=next_entry_code(edition))
        special.authors = [Author(position=1, full_name="Đặng Văn Đức")]
        special.refresh_search_text()
        db.session.add(special)
        db.session.commit()
    page = client.get(f"/organizer/editions/{organiser}/entries?q=dang+van+duc")
    text = page.get_data(as_text=True)
    assert "Robot dọn rác bãi biển" in text and "Giải pháp số 1" not in text
    assert "Robot dọn rác" in client.get(
        f"/organizer/editions/{organiser}/entries?q=ROBOT+DON").get_data(as_text=True)
    everything = client.get(f"/organizer/editions/{organiser}/entries").get_data(as_text=True)
    assert "(6)" in everything
    by_field = client.get(
        f"/organizer/editions/{organiser}/entries?status=pending&field=2").get_data(as_text=True)
    assert "Robot dọn rác" in by_field and "Giải pháp số 0" not in by_field


def test_list_runs_the_same_number_of_queries_for_10_and_1000_entries(client, app, organiser):
    from contest.models import Edition

    with app.app_context():
        add_entries(db.session.get(Edition, organiser), 10)
        db.session.commit()
    with count_queries(app) as small:
        assert client.get(f"/organizer/editions/{organiser}/entries").status_code == 200
    with app.app_context():
        add_entries(db.session.get(Edition, organiser), 990, start=10)
        db.session.commit()
    with count_queries(app) as large:
        response = client.get(f"/organizer/editions/{organiser}/entries")
    assert response.status_code == 200
    assert "(1000)" in response.get_data(as_text=True)
    assert small.count == large.count, (small.statements, large.statements)


def test_screening_one_and_many_is_mailed_and_audited(client, auth, app, organiser, outbox):
    from contest.models import AuditEvent, Edition

    with app.app_context():
        owner = factories.make_user(email="ts@example.vn")
        add_entries(db.session.get(Edition, organiser), 3, owner=owner)
        db.session.commit()
        ids = db.session.scalars(select(Entry.id).order_by(Entry.id)).all()
    refused = auth.post(f"/organizer/entries/{ids[0]}/screen", {"decision": "ineligible"})
    assert refused.status_code == 302
    assert "Hãy ghi lý do hồ sơ không hợp lệ." in client.get(
        refused.headers["Location"]).get_data(as_text=True)
    auth.post(f"/organizer/entries/{ids[0]}/screen",
              {"decision": "ineligible", "reason": "Giải pháp chỉ là ý tưởng, chưa áp dụng."})
    response = auth.post(f"/organizer/editions/{organiser}/entries/screen",
                         {"decision": "eligible", "entry_ids": [str(ids[1]), str(ids[2])]})
    assert response.status_code == 302
    with app.app_context():
        decisions = [db.session.get(Entry, i).screening for i in ids]
        assert decisions == [Screening.INELIGIBLE, Screening.ELIGIBLE, Screening.ELIGIBLE]
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "entry.screen")).all()
        assert len(events) == 3
        assert events[0].after == {"screening": "ineligible",
                                   "reason": "Giải pháp chỉ là ý tưởng, chưa áp dụng."}
    subjects = [m["Subject"] for m in outbox.messages()]
    assert subjects == ["Kết quả thẩm định hồ sơ TTN-2026-0001",
                        "Kết quả thẩm định hồ sơ TTN-2026-0002",
                        "Kết quả thẩm định hồ sơ TTN-2026-0003"]
    assert "KHÔNG HỢP LỆ" in outbox.messages()[0].get_content()
    assert "chưa áp dụng" in outbox.messages()[0].get_content()
    auth.logout()
    auth.login("ts@example.vn")
    page = client.get(f"/entrant/entries/{ids[0]}").get_data(as_text=True)
    assert "Không hợp lệ" in page and "Giải pháp chỉ là ý tưởng, chưa áp dụng." in page


def test_paper_dossier_entered_by_an_organiser(client, auth, app, organiser):
    response = auth.post(f"/organizer/editions/{organiser}/paper-entries", {"token": "x"})
    entry_id = int(response.headers["Location"].split("/")[3])
    page = client.get(f"/organizer/entries/{entry_id}/edit").get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    with app.app_context():
        from contest.models import Edition

        field_id = db.session.get(Edition, organiser).fields[0].id
    saved = auth.post(f"/organizer/entries/{entry_id}/edit", {
        "version": version, "title": "Bàn học gấp gọn", "field_id": str(field_id),
        "entrant_type": "person", "authors-0-full_name": "Võ Thị Hồng",
        "contact_phone": "0939111222", "save": "1"})
    assert saved.headers["Location"] == f"/organizer/entries/{entry_id}/edit"
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert (entry.title, entry.on_paper, entry.owner_id) == ("Bàn học gấp gọn", True, None)


def test_unknown_entry_is_404_and_entrants_are_refused(client, auth, app, organiser):
    assert client.get("/organizer/entries/999999").status_code == 404
    assert client.get("/organizer/editions/999999/entries").status_code == 404
    auth.logout()
    with app.app_context():
        factories.make_user(email="ts@example.vn")
        db.session.commit()
    auth.login("ts@example.vn")
    assert client.get(f"/organizer/editions/{organiser}/entries").status_code == 403
    assert auth.post(f"/organizer/editions/{organiser}/entries/screen",
                     {"decision": "eligible"}).status_code == 403
    _ = csrf_token
