"""Published results: each publication (a provisional version or the final results) is a frozen
copy of what entrants and the public were shown, one row per ranked entry."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db


class ResultPublication(db.Model):
    """Version N of an edition's published results. Never edited once written, except that
    an admin may close its objection window early (with the reason kept here)."""

    __tablename__ = "result_publication"
    __table_args__ = (UniqueConstraint("edition_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    version: Mapped[int]
    final: Mapped[bool] = mapped_column(default=False)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ranking_run.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    show_scores: Mapped[bool] = mapped_column(default=True)
    published_at: Mapped[datetime] = mapped_column(default=now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    objection_ends_at: Mapped[datetime | None]
    objections_closed_at: Mapped[datetime | None]
    objections_closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    objections_close_reason: Mapped[str | None] = mapped_column(Text)

    published_by: Mapped[User | None] = relationship(  # noqa: F821
        foreign_keys=[published_by_id])
    objections_closed_by: Mapped[User | None] = relationship(  # noqa: F821
        foreign_keys=[objections_closed_by_id])
    rows: Mapped[list[PublishedResult]] = relationship(
        back_populates="publication", order_by="PublishedResult.position",
        cascade="all, delete-orphan")


class PublishedResult(db.Model):
    """One entry's result as published: overall rank, rank in its field, score, award."""

    __tablename__ = "published_result"
    __table_args__ = (UniqueConstraint("publication_id", "entry_id"),
                      Index("ix_published_result_entry", "entry_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("result_publication.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    position: Mapped[int]
    rank: Mapped[int]
    field_rank: Mapped[int]
    score: Mapped[Decimal]
    award: Mapped[str | None] = mapped_column(String(20))

    publication: Mapped[ResultPublication] = relationship(back_populates="rows")
    entry: Mapped[Entry] = relationship()  # noqa: F821
