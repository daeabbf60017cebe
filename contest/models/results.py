"""Ranking runs (immutable snapshots), award overrides, objections and the national selection."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db


class RankingRun(db.Model):
    """One computation of the ranking: its inputs' hash, settings, author and rows. Never edited."""

    __tablename__ = "ranking_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"),
                                            index=True)
    round: Mapped[int] = mapped_column(default=1)
    method: Mapped[str] = mapped_column(String(20))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_sha256: Mapped[str] = mapped_column(String(64))
    # an aggregate of the input scores, one query to tell a stale run (None: runs before 0006)
    input_check: Mapped[str | None] = mapped_column(String(200))
    # judge diagnostics of the run's sheets: judge_id, sheets, mean_total, spread, leniency,
    # flags (None: runs before 0006, whose page works them out from the current sheets)
    diagnostics: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    created_by: Mapped[User | None] = relationship()  # noqa: F821
    rows: Mapped[list[RankingRow]] = relationship(
        back_populates="run", order_by="RankingRow.position", cascade="all, delete-orphan")


class RankingRow(db.Model):
    __tablename__ = "ranking_row"
    __table_args__ = (UniqueConstraint("run_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ranking_run.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    rank: Mapped[int]
    score: Mapped[Decimal]
    judges: Mapped[int]
    spread: Mapped[Decimal]
    stdev: Mapped[Decimal]
    flags: Mapped[str] = mapped_column(String(200), default="")
    award: Mapped[str | None] = mapped_column(String(20))
    criterion_means: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    run: Mapped[RankingRun] = relationship(back_populates="rows")
    entry: Mapped[Entry] = relationship()  # noqa: F821


class AwardOverride(db.Model):
    """The organising committee's decision on one entry's award, with its reason."""

    __tablename__ = "award_override"
    __table_args__ = (UniqueConstraint("edition_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    award: Mapped[str | None] = mapped_column(String(20))  # None: no award
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=now)


class Objection(db.Model):
    """An entrant's objection to the provisional results, and the committee's answer."""

    __tablename__ = "objection"
    __table_args__ = (Index("ix_objection_entry", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]

    entry: Mapped[Entry] = relationship()  # noqa: F821


class NationalPick(db.Model):
    """An entry proposed for, or added by hand to, the national round, with the reason."""

    __tablename__ = "national_pick"
    __table_args__ = (UniqueConstraint("edition_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    position: Mapped[int]
    proposed: Mapped[bool] = mapped_column(default=True)  # False: added by the organiser
    reason: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[Entry] = relationship()  # noqa: F821
