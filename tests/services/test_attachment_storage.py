"""Attachments are counted against the edition's limits, stored durably and removed cleanly."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEvent, EntryStatus
from contest.services import DomainError
from contest.services.attachments import delete_attachment, display_name
from tests import factories
from tests.sample_files import image_bytes, pdf_bytes
from tests.services.attachment_helpers import Kind, attachment_count, files_in, store


def test_photo_and_document_counts_follow_the_edition(ctx, upload_root):
    edition = factories.make_edition(max_photos=2, max_documents=1)
    entry = factories.make_entry(edition, authors=("Lê Thị Hồng",))
    author = entry.authors[0]
    store(entry, image_bytes(), "1.png", upload_root=upload_root)
    store(entry, image_bytes(), "2.png", Kind.AUTHOR_PHOTO, author=author,
          upload_root=upload_root)
    store(entry, pdf_bytes(), "tm.pdf", Kind.DESCRIPTION_PDF, upload_root=upload_root)
    with pytest.raises(DomainError, match="đã có đủ 2 ảnh"):
        store(entry, image_bytes(), "3.png", upload_root=upload_root)
    with pytest.raises(DomainError, match="đã có đủ 1 tài liệu"):
        store(entry, image_bytes(), "scan.png", Kind.IDENTITY_SCAN, author=author,
              upload_root=upload_root)
    db.session.commit()
    assert sorted(a.kind.value for a in entry.attachments) == [
        "author-photo", "description", "product-photo"]
    assert len(files_in(upload_root)) == 2 + 2 + 1  # two photos with thumbnails, one PDF


def test_author_photos_and_scans_name_one_of_the_entrys_authors(ctx, upload_root):
    entry = factories.make_entry(authors=("Trần Văn An", "Võ Thị Bích"))
    stranger = factories.make_entry(authors=("Người Lạ",)).authors[0]
    for author in (None, stranger):
        with pytest.raises(DomainError, match="phải ghi rõ là của tác giả nào"):
            store(entry, image_bytes(), "an.png", Kind.AUTHOR_PHOTO, author=author,
                  upload_root=upload_root)
    attachment = store(entry, image_bytes(), "bich.png", Kind.AUTHOR_PHOTO,
                       author=entry.authors[1], upload_root=upload_root)
    assert attachment.author.full_name == "Võ Thị Bích"
    product = store(entry, image_bytes(), "sp.png", author=entry.authors[0],
                    upload_root=upload_root)
    assert product.author is None  # a product photo belongs to no one author


def test_withdrawn_dossier_takes_no_files(ctx, upload_root):
    entry = factories.make_entry(status=EntryStatus.WITHDRAWN)
    with pytest.raises(DomainError, match="Hồ sơ đã rút"):
        store(entry, image_bytes(), "anh.png", upload_root=upload_root)


def test_files_of_a_rolled_back_upload_are_removed(ctx, upload_root):
    entry = factories.make_entry()
    db.session.commit()
    store(entry, image_bytes(), "anh.png", upload_root=upload_root)
    assert len(files_in(upload_root)) == 2
    db.session.rollback()  # e.g. the commit failed, or a later step of the request raised
    assert files_in(upload_root) == []
    assert attachment_count() == 0


def test_delete_removes_the_row_and_then_the_files(ctx, upload_root):
    entry = factories.make_entry()
    attachment = store(entry, image_bytes(), "anh.png", upload_root=upload_root)
    db.session.commit()
    paths = delete_attachment(attachment=attachment, actor=entry.owner, upload_root=upload_root)
    assert all(path.exists() for path in paths)  # until the deletion commits
    db.session.commit()
    assert len(paths) == 2
    assert not any(path.exists() for path in paths)
    assert attachment_count() == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "attachment.delete"))
    assert event.before["original_name"] == "anh.png"


def test_rolled_back_delete_keeps_the_files(ctx, upload_root):
    entry = factories.make_entry()
    attachment = store(entry, image_bytes(), "anh.png", upload_root=upload_root)
    db.session.commit()
    paths = delete_attachment(attachment=attachment, actor=entry.owner, upload_root=upload_root)
    db.session.rollback()
    assert all(path.exists() for path in paths)
    assert attachment_count() == 1


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\An\\Thuyết minh.pdf", "Thuyết minh.pdf"),
    ("ba\u0300i\x00\x1b[31m.pdf", "bài[31m.pdf"),  # decomposed accent composed, controls gone
    ("hinh\u202egpj.exe", "hinhgpj.exe"),  # no right-to-left override to disguise a name
    ("   ", "tệp"),
    ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
])
def test_display_name_keeps_only_a_safe_file_name(given, shown):
    assert display_name(given) == shown
