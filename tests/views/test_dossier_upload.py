"""Uploading a file from the dossier form: one POST saves what was typed, then stores the file."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attachment, ContestKind, Entry, Role
from tests import factories
from tests.conftest import csrf_token
from tests.sample_files import TEXT, image_bytes, pdf_bytes

VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


@pytest.fixture
def draft(app, auth) -> dict:
    """A fresh, empty draft of a signed-in entrant, in a youth and in a technical edition."""
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email="a@example.vn")
        youth = factories.make_entry(owner=owner, title="")
        technical = factories.make_entry(factories.make_edition(ContestKind.TECHNICAL),
                                         owner=owner, title="")
        db.session.commit()
        ids = {"youth": youth.id, "technical": technical.id}
    assert auth.login("a@example.vn").status_code == 302
    return ids


def upload_from_form(client, entry_id: int, fields: dict, file: tuple[bytes, str] | None,
                     kind: str = "", prefix: str = "/entrant"):
    """What the browser posts when the entrant presses "Tải lên" in the dossier form."""
    page = client.get(f"{prefix}/entries/{entry_id}/edit").get_data(as_text=True)
    data = {"csrf_token": csrf_token(client), "version": VERSION.search(page).group(1),
            "entrant_type": "person", "kind": kind, "upload": "1", **fields}
    if file is not None:
        data["file"] = (io.BytesIO(file[0]), file[1])
    return client.post(f"{prefix}/entries/{entry_id}/edit", data=data,
                       content_type="multipart/form-data")


def stored(app, entry_id: int) -> tuple[Entry, list[tuple[str, str]]]:
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        db.session.expunge(entry)
        files = [(a.kind.value, a.original_name) for a in db.session.scalars(
            select(Attachment).where(Attachment.entry_id == entry_id).order_by(Attachment.id))]
        return entry, files


def flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def test_upload_on_a_fresh_draft_saves_the_typed_title_and_stores_the_photo(client, app,
                                                                             draft):
    response = upload_from_form(client, draft["youth"], {"title": "Máy tưới cây tự động"},
                                (image_bytes(), "may-tuoi.png"), kind="product-photo")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/entrant/entries/{draft['youth']}/edit#attachments"
    assert flashes(client) == [("success", "Đã lưu hồ sơ."),
                               ("success", "Đã tải lên tệp “may-tuoi.png”.")]
    entry, files = stored(app, draft["youth"])
    assert entry.title == "Máy tưới cây tự động"
    assert files == [("product-photo", "may-tuoi.png")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Máy tưới cây tự động"' in page
    assert "may-tuoi.png" in page


def test_upload_in_a_technical_dossier_keeps_the_applied_since_year(client, app, draft):
    upload_from_form(client, draft["technical"],
                     {"title": "Quy trình sấy lúa", "applied_since_year": "2023"},
                     (image_bytes(), "may-say.png"))

    entry, files = stored(app, draft["technical"])
    assert (entry.title, entry.applied_since_year) == ("Quy trình sấy lúa", 2023)
    assert files == [("product-photo", "may-say.png")]


@pytest.mark.parametrize(("file", "kind"), [
    ((image_bytes(), "anh.png"), "product-photo"),
    ((image_bytes(image_format="JPEG"), "IMG_0001.jpg"), "product-photo"),
    ((pdf_bytes(), "thuyet-minh.pdf"), "description"),
], ids=["png", "jpeg", "pdf"])
def test_the_kind_left_on_its_default_follows_the_content(client, app, draft, file, kind):
    upload_from_form(client, draft["youth"], {"title": "Đèn học"}, file)

    assert stored(app, draft["youth"])[1] == [(kind, file[1])]


def test_no_kind_at_all_is_the_default_too(client, app, draft):
    page = client.get(f"/entrant/entries/{draft['youth']}/edit").get_data(as_text=True)
    client.post(f"/entrant/entries/{draft['youth']}/edit", data={
        "csrf_token": csrf_token(client), "version": VERSION.search(page).group(1),
        "title": "Đèn học", "upload": "1", "file": (io.BytesIO(image_bytes()), "den.png")},
        content_type="multipart/form-data")

    assert stored(app, draft["youth"])[1] == [("product-photo", "den.png")]


def test_a_chosen_kind_that_contradicts_the_content_is_explained(client, app, draft):
    upload_from_form(client, draft["youth"], {"title": "Đèn học"},
                     (image_bytes(), "den.png"), kind="description")

    [saved, (category, message)] = flashes(client)
    assert saved == ("success", "Đã lưu hồ sơ.")
    assert category == "danger"
    assert message == ("Tệp “den.png” không phải là PDF: nội dung của tệp là một tấm ảnh, mà "
                       "loại tệp đã chọn chỉ nhận PDF. Nếu đây là ảnh, hãy chọn loại “Ảnh sản "
                       "phẩm” hoặc “Tự chọn theo nội dung”.")
    entry, files = stored(app, draft["youth"])
    assert (entry.title, files) == ("Đèn học", [])


def test_a_refused_file_keeps_the_typed_text_saved(client, app, draft):
    upload_from_form(client, draft["youth"], {"title": "Đèn học", "summary": "Đèn tự tắt."},
                     (TEXT, "den.png"))

    [saved, (category, message)] = flashes(client)
    assert saved == ("success", "Đã lưu hồ sơ.")
    assert (category, message) == ("danger", "Tệp “den.png” phải là PDF hoặc ảnh JPEG, PNG, "
                                             "WebP: nội dung của tệp là văn bản hoặc HTML.")
    entry, files = stored(app, draft["youth"])
    assert (entry.title, entry.summary, files) == ("Đèn học", "Đèn tự tắt.", [])


def test_a_file_above_the_edition_limit_keeps_the_typed_text_saved(client, app, draft):
    with app.app_context():
        db.session.get(Entry, draft["youth"]).edition.attachment_max_mb = 1
        db.session.commit()
    upload_from_form(client, draft["youth"], {"title": "Đèn học"},
                     (b"%PDF-" + b"0" * 1_100_000, "lon.pdf"))

    assert flashes(client)[-1] == ("danger", "Tệp “lon.pdf” lớn hơn 1 MB cho phép.")
    entry, files = stored(app, draft["youth"])
    assert (entry.title, files) == ("Đèn học", [])


def test_upload_without_a_file_saves_and_asks_for_the_file(client, app, draft):
    upload_from_form(client, draft["youth"], {"title": "Đèn học"}, None)

    assert flashes(client) == [("success", "Đã lưu hồ sơ."),
                               ("danger", "Hãy chọn một tệp để tải lên.")]
    assert stored(app, draft["youth"])[0].title == "Đèn học"


def test_typed_text_with_a_format_error_is_kept_and_no_file_is_stored(client, app, draft):
    response = upload_from_form(client, draft["youth"],
                                {"title": "Đèn học", "contact_phone": "gọi tôi"},
                                (image_bytes(), "den.png"))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Đèn học"' in page and 'value="gọi tôi"' in page
    assert "Số điện thoại không hợp lệ." in page
    assert ("Tệp “den.png” chưa được tải lên vì hồ sơ chưa được lưu; hãy chọn lại tệp rồi bấm "
            "“Tải lên”.") in page
    entry, files = stored(app, draft["youth"])
    assert (entry.title, files) == ("", [])


def test_organiser_uploads_from_the_paper_dossier_form(client, auth, app, draft):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    auth.logout()
    auth.login("btc@example.vn")
    response = upload_from_form(client, draft["youth"], {"title": "Hồ sơ giấy"},
                                (pdf_bytes(), "thuyet-minh.pdf"), prefix="/organizer")

    assert response.headers["Location"] == (
        f"/organizer/entries/{draft['youth']}/edit#attachments")
    entry, files = stored(app, draft["youth"])
    assert (entry.title, files) == ("Hồ sơ giấy", [("description", "thuyet-minh.pdf")])


def test_edit_page_has_one_multipart_form_with_the_upload_inside(client, draft):
    page = client.get(f"/entrant/entries/{draft['youth']}/edit").get_data(as_text=True)

    form = re.search(r'<form method="post" action="[^"]*/edit"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert 'enctype="multipart/form-data"' in form.group(0)
    assert 'type="file"' in form.group(1) and 'name="upload"' in form.group(1)
    assert page.count('enctype="multipart/form-data"') == 1
    assert '<option selected value="">Tự chọn theo nội dung' in form.group(1)


def test_a_request_above_the_server_limit_keeps_the_saved_draft_and_says_how_to_go_back(
        client, app, draft):
    upload_from_form(client, draft["youth"], {"title": "Đèn học"}, None, kind="")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = upload_from_form(client, draft["youth"], {"title": "Đèn học mới"},
                                (b"%PDF-" + b"0" * 1_500_000, "lon.pdf"))

    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert ("Những gì đã lưu trước đó vẫn còn nguyên. Hãy bấm “Quay lại” trên trình duyệt "
            "(những gì bạn vừa nhập thường vẫn còn ở đó), chọn tệp nhỏ hơn rồi gửi lại.") in page
    assert stored(app, draft["youth"])[0].title == "Đèn học"
    assert stored(app, draft["youth"])[1] == []
