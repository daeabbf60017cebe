"""Files of a dossier: stored outside static/ under generated names, with their sha256."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column


class AttachmentKind(enum.StrEnum):
    DESCRIPTION_PDF = "description"
    PRODUCT_PHOTO = "product-photo"
    AUTHOR_PHOTO = "author-photo"
    IDENTITY_SCAN = "identity-scan"
    DRAWING = "drawing"
    UNIT_CONFIRMATION = "unit-confirmation"


class Attachment(db.Model):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("author.id", ondelete="SET NULL"))
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind, "attachment_kind"))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    thumbnail_name: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None]
    height: Mapped[int | None]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    entry: Mapped[Entry] = relationship(back_populates="attachments")  # noqa: F821
    author: Mapped[Author | None] = relationship()  # noqa: F821

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
