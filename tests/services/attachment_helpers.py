"""Shared by the attachment service tests: store a file through the service, list stored files."""
from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Attachment, AttachmentKind
from contest.services.attachments import store_attachment

Kind = AttachmentKind


def store(entry, data: bytes, filename: str, kind=Kind.PRODUCT_PHOTO, *, upload_root: Path,
          author=None) -> Attachment:
    return store_attachment(entry=entry, actor=entry.owner, kind=kind, stream=io.BytesIO(data),
                            filename=filename, author=author, upload_root=upload_root)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def attachment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))
