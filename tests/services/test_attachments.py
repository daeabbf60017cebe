"""Attachments are checked by content: real files are stored, renamed or unusable ones refused."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent
from contest.services import DomainError
from contest.services.attachments import attachment_path
from tests import factories
from tests.sample_files import HTML, TEXT, image_bytes, pdf_bytes
from tests.services.attachment_helpers import Kind, attachment_count, files_in, store


def test_real_png_is_stored_with_its_sha256_under_a_generated_name(ctx, upload_root):
    entry = factories.make_entry()
    data = image_bytes((640, 480))
    attachment = store(entry, data, "ảnh sản phẩm.png", upload_root=upload_root)
    db.session.commit()

    path = attachment_path(attachment, upload_root)
    assert path.read_bytes() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert (attachment.content_type, attachment.width, attachment.height) == (
        "image/png", 640, 480)
    assert attachment.original_name == "ảnh sản phẩm.png"
    assert re.fullmatch(r"[0-9a-f]{32}\.png", path.name)
    assert path.parent == Path(ctx.instance_path) / "uploads" / str(entry.edition_id)
    assert not path.is_relative_to(ctx.static_folder)
    thumbnail = attachment_path(attachment, upload_root, thumbnail=True)
    assert files_in(upload_root) == sorted([path.name, thumbnail.name])  # no temporary left
    with Image.open(thumbnail) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (320, 240))


def test_real_pdf_is_stored_as_the_description(ctx, upload_root):
    entry = factories.make_entry()
    data = pdf_bytes(pages=2)
    attachment = store(entry, data, "thuyet-minh.pdf", Kind.DESCRIPTION_PDF,
                       upload_root=upload_root)
    db.session.commit()

    path = attachment_path(attachment, upload_root)
    assert path.read_bytes() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(data))
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", path.name)
    assert attachment.thumbnail_name is None
    assert files_in(upload_root) == [path.name]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "attachment.add"))
    assert (event.object_type, event.object_id) == ("entry", entry.id)
    assert event.after == {"attachment_id": attachment.id, "kind": "description",
                           "original_name": "thuyet-minh.pdf", "size": len(data),
                           "sha256": attachment.sha256}


def test_turned_phone_photo_gets_an_upright_thumbnail_without_exif(ctx, upload_root):
    entry = factories.make_entry()
    # Stored 80×40 with "rotate 90° clockwise to display": the photo is really 40×80.
    data = image_bytes((80, 40), "JPEG", orientation=6)
    attachment = store(entry, data, "IMG_0001.JPG", upload_root=upload_root)
    assert (attachment.content_type, attachment.width, attachment.height) == (
        "image/jpeg", 40, 80)
    assert attachment_path(attachment, upload_root).read_bytes() == data  # original untouched
    with Image.open(attachment_path(attachment, upload_root, thumbnail=True)) as thumb:
        assert thumb.size == (40, 80)
        assert dict(thumb.getexif()) == {}
        assert "exif" not in thumb.info


@pytest.mark.parametrize("content", [TEXT, HTML], ids=["text", "html"])
def test_text_or_html_renamed_pdf_is_refused_and_nothing_is_stored(ctx, upload_root, content):
    entry = factories.make_entry()
    with pytest.raises(DomainError) as refused:
        store(entry, content, "thuyet-minh.pdf", Kind.DESCRIPTION_PDF, upload_root=upload_root)
    db.session.rollback()
    assert str(refused.value) == (
        "Tệp “thuyet-minh.pdf” không phải là PDF: nội dung của tệp là văn bản hoặc HTML, dù "
        "tên tệp có thể có đuôi .pdf. Hãy xuất bản thuyết minh ra PDF rồi tải lên lại.")
    assert attachment_count() == 0
    assert files_in(upload_root) == []


@pytest.mark.parametrize("content", [TEXT, HTML], ids=["text", "html"])
def test_text_or_html_renamed_jpg_is_refused_as_a_photo(ctx, upload_root, content):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match="không phải là ảnh JPEG, PNG hoặc WebP: nội dung "
                                          "của tệp là văn bản hoặc HTML"):
        store(entry, content, "san-pham.jpg", upload_root=upload_root)
    db.session.rollback()
    assert attachment_count() == 0
    assert files_in(upload_root) == []


def test_image_named_pdf_is_refused_as_the_description(ctx, upload_root):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match="“mo-ta.pdf” không phải là PDF: nội dung của tệp là "
                                          "một tấm ảnh"):
        store(entry, image_bytes(), "mo-ta.pdf", Kind.DESCRIPTION_PDF, upload_root=upload_root)
    assert files_in(upload_root) == []


def test_pdf_is_refused_as_a_photo(ctx, upload_root):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match="nội dung của tệp là một tệp PDF"):
        store(entry, pdf_bytes(), "anh.jpg", upload_root=upload_root)


@pytest.mark.parametrize(("kind", "data", "content_type", "name"), [
    (Kind.DRAWING, pdf_bytes(), "application/pdf", "ban-ve.pdf"),
    (Kind.DRAWING, image_bytes(image_format="WEBP"), "image/webp", "ban-ve.webp"),
    (Kind.UNIT_CONFIRMATION, image_bytes(image_format="JPEG"), "image/jpeg", "xac-nhan.jpg"),
])
def test_drawings_and_confirmations_may_be_pdf_or_image(ctx, upload_root, kind, data,
                                                         content_type, name):
    entry = factories.make_entry()
    attachment = store(entry, data, "tep-tai-len.pdf", kind, upload_root=upload_root)
    assert attachment.content_type == content_type
    # The download name tells what the file really is.
    assert attachment.original_name == "tep-tai-len" + Path(name).suffix
    assert attachment_path(attachment, upload_root).suffix == Path(name).suffix


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.7\n" + b"hong" * 100, "là PDF bị hỏng, không đọc được"),
    (pdf_bytes(password="bi-mat"), "là PDF có đặt mật khẩu"),
    (pdf_bytes(pages=0), "là PDF không có trang nào"),
], ids=["broken", "encrypted", "no-pages"])
def test_unusable_pdfs_are_refused(ctx, upload_root, data, message):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match=message):
        store(entry, data, "thuyet-minh.pdf", Kind.DESCRIPTION_PDF, upload_root=upload_root)
    assert files_in(upload_root) == []


@pytest.mark.parametrize(("data", "message"), [
    (image_bytes(image_format="GIF"), "có định dạng GIF; chỉ nhận JPEG, PNG hoặc WebP"),
    (image_bytes((400, 300), "JPEG")[:600], "bị hỏng, không mở được"),
    # 1-bit images compress to almost nothing, however many pixels they claim.
    (image_bytes((9000, 9000), mode="1"), "có quá nhiều điểm ảnh"),  # Pillow's warning zone
    (image_bytes((12000, 12000), mode="1"), "có quá nhiều điểm ảnh"),  # Pillow's error zone
], ids=["gif", "truncated", "bomb-warning", "bomb-error"])
def test_unusable_images_are_refused(ctx, upload_root, data, message):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match=message):
        store(entry, data, "anh.png", upload_root=upload_root)
    assert files_in(upload_root) == []


def test_file_above_the_edition_limit_is_refused(ctx, upload_root):
    entry = factories.make_entry(factories.make_edition(attachment_max_mb=1))
    data = pdf_bytes() + b"\n%" + b"0" * (1_200_000)
    with pytest.raises(DomainError, match="“to.pdf” lớn hơn 1 MB cho phép"):
        store(entry, data, "to.pdf", Kind.DESCRIPTION_PDF, upload_root=upload_root)
    db.session.rollback()
    assert attachment_count() == 0
    assert files_in(upload_root) == []


def test_empty_file_is_refused(ctx, upload_root):
    entry = factories.make_entry()
    with pytest.raises(DomainError, match="không có nội dung"):
        store(entry, b"", "rong.png", upload_root=upload_root)


@pytest.mark.parametrize(("data", "kind"), [
    (image_bytes(), Kind.PRODUCT_PHOTO),
    (image_bytes(image_format="WEBP"), Kind.PRODUCT_PHOTO),
    (pdf_bytes(), Kind.DESCRIPTION_PDF),
], ids=["png", "webp", "pdf"])
def test_no_kind_means_the_kind_of_the_content(ctx, upload_root, data, kind):
    entry = factories.make_entry(authors=("Trần Văn An",))
    attachment = store(entry, data, "tep", None, author=entry.authors[0],
                       upload_root=upload_root)
    assert (attachment.kind, attachment.author) == (kind, None)


def test_no_kind_refuses_what_is_neither_pdf_nor_image(ctx, upload_root):
    entry = factories.make_entry()
    with pytest.raises(DomainError) as refused:
        store(entry, TEXT, "ghi-chu.png", None, upload_root=upload_root)
    assert str(refused.value) == ("Tệp “ghi-chu.png” phải là PDF hoặc ảnh JPEG, PNG, WebP: nội "
                                  "dung của tệp là văn bản hoặc HTML.")
    assert files_in(upload_root) == []


def test_no_kind_counts_against_the_limit_of_the_kind_found(ctx, upload_root):
    entry = factories.make_entry(factories.make_edition(max_photos=1))
    store(entry, image_bytes(), "1.png", None, upload_root=upload_root)
    with pytest.raises(DomainError, match="đã có đủ 1 ảnh"):
        store(entry, image_bytes(), "2.png", None, upload_root=upload_root)
    assert store(entry, pdf_bytes(), "tm.pdf", None, upload_root=upload_root).kind == \
        Kind.DESCRIPTION_PDF
