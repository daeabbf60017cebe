"""From registration to screening, through the real pages, as an entrant and an organiser."""
from __future__ import annotations

import io

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, Screening
from tests import factories
from tests.conftest import csrf_token
from tests.sample_files import image_bytes


def test_registration_to_screening(client, auth, app, outbox):
    with app.app_context():
        edition = factories.make_edition(max_authors=3)
        factories.make_user(Role.ORGANIZER, email="btc@example.vn", full_name="Phạm Thu Hà")
        db.session.commit()
        edition_id, field_id = edition.id, edition.fields[2].id
        window = (edition.birth_date_from, edition.birth_date_to)

    # An entrant registers, confirms the e-mail and signs in.
    client.post("/register", data={
        "full_name": "Huỳnh Ngọc Trâm", "email": "tram@example.vn", "password": "Mua-thu-Ha-Noi-9",
        "confirm": "Mua-thu-Ha-Noi-9", "csrf_token": csrf_token(client, "/register")})
    client.get(outbox.link("/verify/"))
    assert auth.login("tram@example.vn", "Mua-thu-Ha-Noi-9").headers["Location"] == "/entrant/"

    # The edition page starts a dossier; the form is filled and a product photo uploaded.
    edition_page = client.get(f"/vinh-long/editions/{edition_id}")
    assert "Tạo hồ sơ dự thi" in edition_page.get_data(as_text=True)
    started = auth.post(f"/entrant/editions/{edition_id}/entries", {"token": "abc"})
    entry_id = int(started.headers["Location"].split("/")[3])
    edit_page = client.get(f"/entrant/entries/{entry_id}/edit").get_data(as_text=True)
    version = edit_page.split('name="version" type="hidden" value="')[1].split('"')[0]
    birth = window[0].replace(year=window[0].year + 5).isoformat()
    dossier = {
        "version": version, "title": "Thùng rác phân loại thông minh", "field_id": str(field_id),
        "entrant_type": "person", "contact_phone": "0907123456",
        "authors-0-full_name": "Huỳnh Ngọc Trâm", "authors-0-birth_date": birth,
        "authors-0-gender": "female", "authors-0-unit_name": "Trường THCS Nguyễn Trãi",
        "summary": "Thùng rác tự mở nắp đúng ngăn.", "idea": "Rác chưa được phân loại.",
        "structure": "Khung nhựa, cảm biến.", "operation": "Cảm biến nhận diện.",
        "novelty": "Phân loại tại nguồn.", "creativity": "Dùng vật liệu tái chế.",
        "applicability": "Trường học.", "effectiveness": "Giảm rác chôn lấp.",
        "declaration_accepted": "y", "save": "1"}
    assert auth.post(f"/entrant/entries/{entry_id}/edit", dossier).status_code == 302
    uploaded = auth.post(f"/entrant/entries/{entry_id}/attachments", {
        "kind": "product-photo", "file": (io.BytesIO(image_bytes()), "thung-rac.png")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302
    submitted = auth.post(f"/entrant/entries/{entry_id}/submit")
    assert submitted.headers["Location"] == f"/entrant/entries/{entry_id}"
    with app.app_context():
        code = db.session.get(Entry, entry_id).code
    assert outbox.last()["Subject"] == f"Đã nhận hồ sơ {code}"
    auth.logout()

    # The organiser finds it by an author's name without diacritics and screens it eligible.
    auth.login("btc@example.vn")
    listing = client.get(f"/organizer/editions/{edition_id}/entries?q=huynh+ngoc+tram")
    assert code in listing.get_data(as_text=True)
    detail = client.get(f"/organizer/entries/{entry_id}").get_data(as_text=True)
    assert "thung-rac.png" in detail
    auth.post(f"/organizer/entries/{entry_id}/screen", {"decision": "eligible"})
    assert outbox.last()["Subject"] == f"Kết quả thẩm định hồ sơ {code}"
    auth.logout()

    # The entrant sees the decision and the whole history.
    auth.login("tram@example.vn", "Mua-thu-Ha-Noi-9")
    page = client.get(f"/entrant/entries/{entry_id}").get_data(as_text=True)
    for text in ("Hợp lệ", "Tạo hồ sơ nháp", f"Đã nộp hồ sơ ({code})", "Thêm tệp đính kèm",
                 "Thẩm định: hồ sơ hợp lệ"):
        assert text in page, text
    with app.app_context():
        entry = db.session.scalar(select(Entry))
        assert (entry.status, entry.screening) == (EntryStatus.SUBMITTED, Screening.ELIGIBLE)
