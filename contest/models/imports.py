"""Imports written in batches: one row per import (its state and counts), the rows it wrote,
and the uploaded files kept between the preview and the write."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column


class ImportState(enum.StrEnum):
    WRITING = "writing"  # batches are being committed: the edition takes no other import
    DONE = "done"
    FAILED = "failed"  # nothing of it is left; `error` says why


class ImportFile(db.Model):
    """An uploaded file kept for its confirmation (or for the write): claimed once, by its
    uploader, within an hour."""

    __tablename__ = "import_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    claimed_at: Mapped[datetime | None]


class ImportRun(db.Model):
    """One import of a file into an edition, written batch by batch."""

    __tablename__ = "import_run"
    __table_args__ = (
        # At most one import of an edition writes at a time, whichever server started it.
        Index("uq_import_run_writing", "edition_id", unique=True,
              sqlite_where=text("state = 'writing'"), postgresql_where=text("state = 'writing'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # entries, judges, scores
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("import_file.id", ondelete="SET NULL"))
    file_name: Mapped[str] = mapped_column(String(255))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[ImportState] = mapped_column(
        enum_column(ImportState, "import_state"), default=ImportState.WRITING)
    rows: Mapped[int] = mapped_column(default=0)  # data rows of the file
    written: Mapped[int] = mapped_column(default=0)  # rows committed so far
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=now)
    # The last batch's commit: an import still "writing" long after it has died.
    updated_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]

    file: Mapped[ImportFile | None] = relationship()
    user: Mapped[User | None] = relationship()  # noqa: F821


class ImportRow(db.Model):
    """A row an import wrote (its table and id), removed if the import does not finish."""

    __tablename__ = "import_row"

    import_id: Mapped[int] = mapped_column(
        ForeignKey("import_run.id", ondelete="CASCADE"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[int] = mapped_column(primary_key=True)
