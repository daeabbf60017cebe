"""Judging: judges of an edition, panels per field and round, assignments, conflicts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db


class Judge(db.Model):
    """A user who judges in one edition (giám khảo); their unit decides conflicts of interest."""

    __tablename__ = "judge"
    __table_args__ = (UniqueConstraint("edition_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)

    edition: Mapped[Edition] = relationship()  # noqa: F821
    user: Mapped[User] = relationship()  # noqa: F821
    seats: Mapped[list[PanelMember]] = relationship(
        back_populates="judge", cascade="all, delete-orphan")


class PanelMember(db.Model):
    """A judge's seat on the panel (tiểu ban) of one field in one round."""

    __tablename__ = "panel_member"
    __table_args__ = (
        UniqueConstraint("judge_id", "field_id", "round"),
        Index("ix_panel_member_field_round", "field_id", "round"),
        CheckConstraint("round IN (1, 2)", name="round_one_or_two"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"))
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(default=1)

    judge: Mapped[Judge] = relationship(back_populates="seats")
    field: Mapped[Field] = relationship()  # noqa: F821


class Assignment(db.Model):
    """Entry × judge × round: the judge must score this entry in this round."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("entry_id", "judge_id", "round"),
        Index("ix_assignment_judge_round", "judge_id", "round"),
        CheckConstraint("round IN (1, 2)", name="round_one_or_two"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="RESTRICT"))
    round: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)

    entry: Mapped[Entry] = relationship()  # noqa: F821
    judge: Mapped[Judge] = relationship()
    sheet: Mapped[ScoreSheet | None] = relationship(  # noqa: F821
        back_populates="assignment", uselist=False, cascade="all, delete-orphan")


class Conflict(db.Model):
    """A declared conflict of interest (relative, own student...) or a recusal, with its reason."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("judge_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    judge: Mapped[Judge] = relationship()
    entry: Mapped[Entry] = relationship()  # noqa: F821
