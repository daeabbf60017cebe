"""Dossier attachments: kind rules and limits, durable storage under generated names, sha256.

Files go through the uploads storage (services.file_storage) under the key
"<edition id>/<stored name>". A file reaches its final key (fsynced, renamed, folder fsynced)
before its row is flushed.
The session remembers the files of its transaction: new files are removed if the transaction
ends without a commit, and the files of deleted attachments only once it has committed.
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from contest.extensions import db
from contest.models import Attachment, AttachmentKind, Author, Entry, EntryStatus, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.file_storage import LocalStorage, storage_of
from contest.services.stored_files import (
    ACTUAL_IMAGE,
    PDF_MAGIC,
    PDF_TYPE,
    CheckedFile,
    check_image,
    check_pdf,
    describe_content,
    discard_files,
    read_head,
    receive_upload,
    write_thumbnail,
)

PHOTO_KINDS = frozenset({AttachmentKind.PRODUCT_PHOTO, AttachmentKind.AUTHOR_PHOTO})
DOCUMENT_KINDS = frozenset({
    AttachmentKind.DESCRIPTION_PDF, AttachmentKind.DRAWING, AttachmentKind.IDENTITY_SCAN,
    AttachmentKind.UNIT_CONFIRMATION})
AUTHOR_KINDS = frozenset({AttachmentKind.AUTHOR_PHOTO, AttachmentKind.IDENTITY_SCAN})
PDF_ONLY = frozenset({AttachmentKind.DESCRIPTION_PDF})

KNOWN_SUFFIXES = {".pdf": ".pdf", ".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png",
                  ".webp": ".webp"}
STORED_NAME = re.compile(r"^[0-9a-f]{32}(?:\.thumb)?\.(?:pdf|jpg|png|webp)$")
NEW_FILES = "attachment_files.new"
DOOMED_FILES = "attachment_files.doomed"

NOT_PDF = _l("Tệp “%(name)s” không phải là PDF: nội dung của tệp là %(actual)s, dù tên tệp "
             "có thể có đuôi .pdf. Hãy xuất bản thuyết minh ra PDF rồi tải lên lại.")
NOT_IMAGE = _l("Tệp “%(name)s” không phải là ảnh JPEG, PNG hoặc WebP: nội dung của tệp là "
               "%(actual)s.")
NOT_PDF_OR_IMAGE = _l("Tệp “%(name)s” phải là PDF hoặc ảnh JPEG, PNG, WebP: nội dung của tệp "
                      "là %(actual)s.")
# A file of the other accepted sort: the kind chosen, not the file, is what is wrong.
IMAGE_NOT_PDF = _l("Tệp “%(name)s” không phải là PDF: nội dung của tệp là %(actual)s, mà loại "
                   "tệp đã chọn chỉ nhận PDF. Nếu đây là ảnh, hãy chọn loại “Ảnh sản phẩm” "
                   "hoặc “Tự chọn theo nội dung”.")
PDF_NOT_IMAGE = _l("Tệp “%(name)s” không phải là ảnh: nội dung của tệp là %(actual)s, mà loại "
                   "tệp đã chọn chỉ nhận ảnh. Nếu đây là bản thuyết minh, hãy chọn loại “Bản "
                   "thuyết minh (PDF)” hoặc “Tự chọn theo nội dung”.")


def attachment_key(attachment: Attachment, thumbnail: bool = False) -> str:
    """The storage key of an attachment's file (or thumbnail); FileNotFoundError if it has none
    or its recorded name is not one this module generates."""
    name = attachment.thumbnail_name if thumbnail else attachment.stored_name
    if not name or not STORED_NAME.match(name):
        raise FileNotFoundError(name)
    return f"{attachment.entry.edition_id}/{name}"


def attachment_path(attachment: Attachment, upload_root: LocalStorage | Path,
                    thumbnail: bool = False) -> Path:
    """Where the file (or its thumbnail) of an attachment lives on the local disk."""
    return storage_of(upload_root).path(attachment_key(attachment, thumbnail))


def store_attachment(*, entry: Entry, actor: User | None, kind: AttachmentKind | None,
                     stream: BinaryIO, filename: str, author: Author | None = None,
                     upload_root: LocalStorage | Path) -> Attachment:
    """Check an uploaded file by content and limits, store it durably and add its row.

    Without a kind the content decides: an image is a product photo, a PDF the description.
    """
    kind = AttachmentKind(kind) if kind else None
    if entry.status == EntryStatus.WITHDRAWN:
        raise DomainError(_l("Hồ sơ đã rút; hãy nộp lại trước khi thêm tệp."))
    if kind is not None:  # refused before the bytes arrive, when the kind is known already
        author = _checked_author(entry, kind, author)
        _check_count(entry, kind, [a.kind for a in entry.attachments])
    name = display_name(filename)
    storage = storage_of(upload_root)
    folder = str(entry.edition_id)
    temporary, size, sha256 = receive_upload(
        stream, storage, folder, entry.edition.attachment_max_mb, name)
    written: list[str] = []  # keys
    try:
        checked = _check_content(temporary, kind, name)
        if kind is None:
            kind = kind_of_content(checked)
            author = _checked_author(entry, kind, author)
        _check_count(entry, kind, _locked_kinds(entry))
        token = secrets.token_hex(16)
        thumbnail = None
        if checked.width is not None:
            thumbnail = f"{token}.thumb.jpg"
            written.append(f"{folder}/{thumbnail}")
            write_thumbnail(temporary, storage, written[-1], name)
        stored_name = f"{token}{checked.extension}"
        written.append(f"{folder}/{stored_name}")
        storage.save(written[-1], temporary)
        _pending(NEW_FILES).update((storage, key) for key in written)
        attachment = Attachment(
            kind=kind, author=author, original_name=_with_suffix(name, checked.extension),
            stored_name=stored_name, thumbnail_name=thumbnail,
            content_type=checked.content_type, size=size, sha256=sha256,
            width=checked.width, height=checked.height,
            uploaded_by_id=actor.id if actor is not None else None)
        entry.attachments.append(attachment)
        db.session.flush()
        # Recorded on the dossier (the aggregate), so that its timeline shows the file.
        record_event(actor=actor, action="attachment.add", target=entry, after={
            "attachment_id": attachment.id, "kind": kind.value,
            "original_name": attachment.original_name, "size": size, "sha256": sha256})
    except BaseException:
        discard_files([temporary])
        _discard_pending((storage, key) for key in written)
        raise
    return attachment


def delete_attachment(*, attachment: Attachment, actor: User | None,
                      upload_root: LocalStorage | Path) -> list[Path]:
    """Delete an attachment's row; its files (their paths returned) are removed once the
    deletion commits."""
    storage = storage_of(upload_root)
    keys = [attachment_key(attachment)]
    if attachment.thumbnail_name:
        keys.append(attachment_key(attachment, thumbnail=True))
    record_event(actor=actor, action="attachment.delete", target=attachment.entry, before={
        "attachment_id": attachment.id, "kind": attachment.kind.value,
        "original_name": attachment.original_name, "size": attachment.size,
        "sha256": attachment.sha256})
    attachment.entry.attachments.remove(attachment)
    db.session.flush()
    _pending(DOOMED_FILES).update((storage, key) for key in keys)
    return [storage.path(key) for key in keys]


def display_name(filename: str | None) -> str:
    """The user's file name, for display only: no folders, no control characters, ≤ 255."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = name.strip().strip(".").strip() or "tệp"
    if len(name) > 255:
        stem, dot, suffix = name.rpartition(".")
        suffix = dot + suffix if stem and len(suffix) <= 10 else ""
        name = name[: 255 - len(suffix)] + suffix
    return name


def _with_suffix(name: str, extension: str) -> str:
    """Give the name the extension of what the file really is (scan.pdf holding a JPEG → .jpg)."""
    suffix = Path(name).suffix.lower()
    if KNOWN_SUFFIXES.get(suffix) == extension:
        return name
    stem = name[: -len(suffix)] if suffix in KNOWN_SUFFIXES else name
    return stem[: 255 - len(extension)] + extension


def _checked_author(entry: Entry, kind: AttachmentKind, author: Author | None) -> Author | None:
    """Author photos and identity scans belong to one of the entry's authors; others to none."""
    if kind not in AUTHOR_KINDS:
        return None
    if author is None or author.entry_id != entry.id:
        raise DomainError(_l("Ảnh tác giả và bản scan giấy khai sinh / căn cước phải ghi rõ "
                             "là của tác giả nào trong hồ sơ."))
    return author


def _check_count(entry: Entry, kind: AttachmentKind, kinds: Iterable[AttachmentKind]) -> None:
    edition = entry.edition
    if kind in PHOTO_KINDS:
        if sum(1 for k in kinds if k in PHOTO_KINDS) >= edition.max_photos:
            raise DomainError(_l("Hồ sơ đã có đủ %(max)s ảnh cho phép; hãy xóa bớt ảnh trước "
                                 "khi tải thêm.", max=edition.max_photos))
    elif sum(1 for k in kinds if k in DOCUMENT_KINDS) >= edition.max_documents:
        raise DomainError(_l("Hồ sơ đã có đủ %(max)s tài liệu cho phép; hãy xóa bớt tài liệu "
                             "trước khi tải thêm.", max=edition.max_documents))


def _locked_kinds(entry: Entry) -> list[AttachmentKind]:
    """The kinds stored so far, read under a lock on the entry: two uploads count each other.

    PostgreSQL locks the entry row; SQLite write requests already hold the database lock
    (BEGIN IMMEDIATE, see contest.database).
    """
    db.session.execute(select(Entry.id).where(Entry.id == entry.id).with_for_update())
    rows = db.session.execute(select(Attachment.kind, func.count()).where(
        Attachment.entry_id == entry.id).group_by(Attachment.kind))
    return [kind for kind, count in rows for _ in range(count)]


def kind_of_content(checked: CheckedFile) -> AttachmentKind:
    """The kind an upload gets when none was chosen: a PDF describes, an image shows."""
    return AttachmentKind.DESCRIPTION_PDF if checked.content_type == PDF_TYPE[0] \
        else AttachmentKind.PRODUCT_PHOTO


def _check_content(path: Path, kind: AttachmentKind | None, name: str) -> CheckedFile:
    """What the file really is, refused unless this kind (None: any) of attachment accepts it."""
    head = read_head(path)
    is_pdf = head.startswith(PDF_MAGIC)
    if is_pdf and kind not in PHOTO_KINDS:
        return check_pdf(path, name)
    if not is_pdf and kind not in PDF_ONLY:
        checked = check_image(path, name)
        if checked is not None:
            return checked
    actual = describe_content(head)
    if kind in PDF_ONLY:
        message = IMAGE_NOT_PDF if actual == str(ACTUAL_IMAGE) else NOT_PDF
    elif kind in PHOTO_KINDS:
        message = PDF_NOT_IMAGE if is_pdf else NOT_IMAGE
    else:
        message = NOT_PDF_OR_IMAGE
    raise DomainError(message % {"name": name, "actual": actual})


def _pending(name: str) -> set[tuple[LocalStorage, str]]:
    """The files (storage, key) of the session's transaction, new or to delete."""
    return db.session.info.setdefault(name, set())


def _discard_pending(files: Iterable[tuple[LocalStorage, str]]) -> None:
    for storage, key in files:
        storage.delete(key)


@event.listens_for(Session, "after_commit")
def _remove_deleted_files(session: Session) -> None:
    session.info.pop(NEW_FILES, None)
    _discard_pending(session.info.pop(DOOMED_FILES, ()))


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    # Files still listed as new here belong to a transaction that ended without a commit.
    _discard_pending(session.info.pop(NEW_FILES, ()))
    session.info.pop(DOOMED_FILES, None)
