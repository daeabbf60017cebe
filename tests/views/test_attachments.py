"""Uploading, downloading and deleting dossier files over HTTP, with the access checks."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.forms.attachments import AttachmentForm
from contest.models import Attachment, AttachmentKind, Entry, Role, User
from contest.services.attachments import attachment_path, store_attachment
from tests import factories
from tests.sample_files import HTML, TEXT, image_bytes, pdf_bytes


def make_owner_with_entry(app, email: str, **entry_values) -> dict:
    """An entrant and their draft, with a product photo and a description PDF already stored."""
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email=email)
        entry = factories.make_entry(owner=owner, title=f"Hồ sơ của {email}",
                                     authors=("Nguyễn Thị Lan",), **entry_values)
        root = Path(app.config["UPLOAD_FOLDER"])
        photo = store_attachment(entry=entry, actor=owner, kind=AttachmentKind.PRODUCT_PHOTO,
                                 stream=io.BytesIO(image_bytes()), filename="san-pham.png",
                                 upload_root=root)
        document = store_attachment(entry=entry, actor=owner,
                                    kind=AttachmentKind.DESCRIPTION_PDF,
                                    stream=io.BytesIO(pdf_bytes()), filename="thuyết minh.pdf",
                                    upload_root=root)
        db.session.commit()
        return {"entry": entry.id, "photo": photo.id, "document": document.id}


@pytest.fixture
def b_entry(app) -> dict:
    return make_owner_with_entry(app, "b@example.vn")


@pytest.fixture
def a_entry(app, auth) -> dict:
    """Entrant A, signed in, with a dossier of their own."""
    ids = make_owner_with_entry(app, "a@example.vn")
    assert auth.login("a@example.vn").status_code == 302
    return ids


def upload(auth, entry_id: int, data: bytes, filename: str, kind: str = "product-photo",
           prefix: str = "/entrant", **extra):
    return auth.post(f"{prefix}/entries/{entry_id}/attachments",
                     {"file": (io.BytesIO(data), filename), "kind": kind, **extra})


def flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def entry_files(app, entry_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        return [(a.kind.value, a.original_name) for a in db.session.scalars(
            select(Attachment).where(Attachment.entry_id == entry_id).order_by(Attachment.id))]


def files_on_disk(app) -> list[str]:
    return sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())


def edit_page(entry_id: int) -> str:
    return f"/entrant/entries/{entry_id}/edit#attachments"


def test_entrant_uploads_a_photo_and_returns_to_the_dossier(client, auth, app, a_entry):
    before = files_on_disk(app)
    response = upload(auth, a_entry["entry"], image_bytes(), "mô hình.jpg")
    assert response.status_code == 302
    assert response.headers["Location"] == edit_page(a_entry["entry"])
    assert flashes(client) == [("success", "Đã tải lên tệp “mô hình.png”.")]
    assert entry_files(app, a_entry["entry"])[-1] == ("product-photo", "mô hình.png")
    assert len(files_on_disk(app)) == len(before) + 2  # the photo and its thumbnail


def test_dossier_without_authors_takes_photos_without_the_author_field(client, auth, app):
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email="c@example.vn")
        entry_id = factories.make_entry(owner=owner).id
        db.session.commit()
    auth.login("c@example.vn")
    upload(auth, entry_id, image_bytes(), "sp.png")  # the form shows no author select
    assert flashes(client) == [("success", "Đã tải lên tệp “sp.png”.")]
    assert entry_files(app, entry_id) == [("product-photo", "sp.png")]


def test_author_photo_names_the_author_by_position(client, auth, app, a_entry):
    upload(auth, a_entry["entry"], image_bytes(), "lan.png", "author-photo", author="1")
    with app.app_context():
        added = db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()
        assert (added.kind, added.author.full_name) == (AttachmentKind.AUTHOR_PHOTO,
                                                         "Nguyễn Thị Lan")


@pytest.mark.parametrize("content", [TEXT, HTML], ids=["text", "html"])
def test_text_or_html_renamed_pdf_is_refused_with_the_reason(client, auth, app, a_entry,
                                                             content):
    before = files_on_disk(app)
    response = upload(auth, a_entry["entry"], content, "thuyet-minh.pdf", "description")
    assert response.headers["Location"] == edit_page(a_entry["entry"])
    [(category, message)] = flashes(client)
    assert category == "danger"
    assert message.startswith("Tệp “thuyet-minh.pdf” không phải là PDF: nội dung của tệp là "
                              "văn bản hoặc HTML")
    assert len(entry_files(app, a_entry["entry"])) == 2
    assert files_on_disk(app) == before


def test_missing_file_is_explained(client, auth, a_entry):
    response = auth.post(f"/entrant/entries/{a_entry['entry']}/attachments",
                         {"kind": "product-photo"})
    assert response.headers["Location"] == edit_page(a_entry["entry"])
    assert flashes(client) == [("danger", "Hãy chọn một tệp để tải lên.")]


def test_upload_above_the_request_limit_gets_the_413_page_and_the_draft_is_intact(
        client, auth, app, a_entry):
    before = files_on_disk(app)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = upload(auth, a_entry["entry"], b"%PDF-" + b"0" * 1_500_000, "lon.pdf",
                      "description")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Tệp quá lớn" in page
    assert "Những gì đã lưu trước đó vẫn còn nguyên." in page
    with app.app_context():
        assert db.session.get(Entry, a_entry["entry"]).title == "Hồ sơ của a@example.vn"
    assert entry_files(app, a_entry["entry"]) == [("product-photo", "san-pham.png"),
                                                  ("description", "thuyết minh.pdf")]
    assert files_on_disk(app) == before


def test_entrant_gets_404_for_another_entrants_dossier_and_files(client, auth, app, a_entry,
                                                                  b_entry):
    before = files_on_disk(app)
    entry, photo = b_entry["entry"], b_entry["photo"]
    assert upload(auth, entry, image_bytes(), "x.png").status_code == 404
    assert auth.post(f"/entrant/entries/{entry}/attachments/{photo}/delete").status_code == 404
    assert client.get(f"/files/{photo}").status_code == 404
    assert client.get(f"/files/{photo}/thumbnail").status_code == 404
    assert client.get(f"/files/{b_entry['document']}").status_code == 404
    # Nor through their own dossier's URL with B's file.
    own = a_entry["entry"]
    assert auth.post(f"/entrant/entries/{own}/attachments/{photo}/delete").status_code == 404
    assert len(entry_files(app, entry)) == 2
    assert files_on_disk(app) == before


def test_anonymous_visitors_are_sent_to_login(client, auth, app, b_entry):
    before = files_on_disk(app)
    for response in (client.get(f"/files/{b_entry['photo']}"),
                     client.get(f"/files/{b_entry['photo']}/thumbnail"),
                     upload(auth, b_entry["entry"], image_bytes(), "x.png")):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    assert files_on_disk(app) == before


def test_download_is_always_an_attachment_with_nosniff(client, app, a_entry):
    response = client.get(f"/files/{a_entry['document']}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.endswith("filename*=UTF-8''thuy%E1%BA%BFt%20minh.pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert response.get_data() == pdf_bytes()  # pypdf writes the same bytes each time
    assert "no-store" in response.headers["Cache-Control"]


def test_thumbnail_is_inline_jpeg_with_nosniff(client, app, a_entry):
    response = client.get(f"/files/{a_entry['photo']}/thumbnail")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"] == 'inline; filename="thumb.jpg"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.get_data().startswith(b"\xff\xd8\xff")
    assert client.get(f"/files/{a_entry['document']}/thumbnail").status_code == 404  # a PDF


def test_missing_file_on_disk_is_404_not_500(client, app, a_entry):
    with app.app_context():
        attachment = db.session.get(Attachment, a_entry["document"])
        attachment_path(attachment, Path(app.config["UPLOAD_FOLDER"])).unlink()
    assert client.get(f"/files/{a_entry['document']}").status_code == 404
    assert client.get("/files/999999").status_code == 404


def test_entrant_deletes_a_file_row_and_files(client, auth, app, a_entry):
    with app.app_context():
        photo = db.session.get(Attachment, a_entry["photo"])
        root = Path(app.config["UPLOAD_FOLDER"])
        paths = [attachment_path(photo, root), attachment_path(photo, root, thumbnail=True)]
    response = auth.post(f"/entrant/entries/{a_entry['entry']}/attachments/{photo.id}/delete")
    assert response.headers["Location"] == edit_page(a_entry["entry"])
    assert flashes(client) == [("success", "Đã xóa tệp “san-pham.png”.")]
    assert entry_files(app, a_entry["entry"]) == [("description", "thuyết minh.pdf")]
    assert not any(path.exists() for path in paths)


def test_after_the_deadline_the_entrant_may_look_but_not_change(client, auth, app, a_entry):
    with app.app_context():
        entry = db.session.get(Entry, a_entry["entry"])
        # past the deadline and its grace (SUBMISSION_GRACE_SECONDS)
        entry.edition.submission_deadline_at = clock.now() - timedelta(seconds=61)
        db.session.commit()
    before = files_on_disk(app)
    late = upload(auth, a_entry["entry"], image_bytes(), "muon.png")
    assert late.headers["Location"] == f"/entrant/entries/{a_entry['entry']}"
    assert flashes(client) == [("warning", "Đã hết hạn nộp hồ sơ.")]
    delete = f"/entrant/entries/{a_entry['entry']}/attachments/{a_entry['photo']}/delete"
    assert auth.post(delete).headers["Location"] == f"/entrant/entries/{a_entry['entry']}"
    assert flashes(client) == [("warning", "Đã hết hạn nộp hồ sơ.")]
    assert client.get(f"/files/{a_entry['photo']}").status_code == 200
    assert files_on_disk(app) == before
    assert len(entry_files(app, a_entry["entry"])) == 2


def test_organiser_adds_a_file_to_an_entrants_dossier(client, auth, app, b_entry):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
    auth.login("btc@example.vn")
    response = upload(auth, b_entry["entry"], pdf_bytes(), "xac-nhan.pdf", "unit-confirmation",
                      prefix="/organizer")
    assert response.headers["Location"] == f"/organizer/entries/{b_entry['entry']}#attachments"
    assert entry_files(app, b_entry["entry"])[-1] == ("unit-confirmation", "xac-nhan.pdf")
    assert client.get(f"/files/{b_entry['photo']}").status_code == 200
    with app.app_context():
        added = db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()
        uploader = db.session.get(User, added.uploaded_by_id)
        assert uploader.email == "btc@example.vn"


def test_partial_lists_files_and_upload_form_without_inline_code(app, a_entry):
    with app.test_request_context("/"):
        entry = db.session.get(Entry, a_entry["entry"])
        login_user(entry.owner)
        html = render_template(
            "entrant/_attachments.html", entry=entry, can_edit=True,
            upload_form=AttachmentForm(authors=entry.authors),
            upload_endpoint="entrant.upload_attachment",
            delete_endpoint="entrant.delete_attachment")
    photo, document = a_entry["photo"], a_entry["document"]
    assert f'src="/files/{photo}/thumbnail"' in html
    assert f'href="/files/{document}"' in html
    assert html.count('enctype="multipart/form-data"') == 1
    assert f'action="/entrant/entries/{entry.id}/attachments/{photo}/delete"' in html
    assert 'data-confirm="Xóa tệp “san-pham.png” khỏi hồ sơ?"' in html
    assert 'accept=".pdf,.jpg,.jpeg,.png,.webp"' in html
    assert "Ảnh sản phẩm" in html and "Bản thuyết minh (PDF)" in html
    assert "1. Nguyễn Thị Lan" in html
    assert "style=" not in html and "<script" not in html

