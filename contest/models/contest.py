"""Contests, their editions and each edition's fields, criteria and award tiers."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db
from contest.models.organisation import Organisation, OrganisationKind
from contest.models.user import enum_column


class ContestKind(enum.StrEnum):
    YOUTH = "youth"
    TECHNICAL = "technical"


class Phase(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    SCREENING = "screening"
    JUDGING = "judging"
    PROVISIONAL = "provisional"
    FINAL = "final"


class Contest(db.Model):
    """A recurring contest of one organisation: each organisation has at most one of a kind."""

    __tablename__ = "contest"
    __table_args__ = (UniqueConstraint("organisation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ContestKind] = mapped_column(enum_column(ContestKind, "contest_kind"))
    name: Mapped[str] = mapped_column(String(255))
    organiser: Mapped[str] = mapped_column(String(255))
    code_prefix: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")

    editions: Mapped[list[Edition]] = relationship(
        back_populates="contest", order_by="Edition.number.desc()"
    )
    organisation: Mapped[Organisation] = relationship()

    @hybrid_property
    def fed_by_provinces(self) -> bool:
        """A national body's contest: its editions receive the provinces' selected entries
        (the national intake), never an entrant's own dossier."""
        return self.organisation.kind == OrganisationKind.NATIONAL

    @fed_by_provinces.inplace.expression
    @classmethod
    def _fed_by_provinces(cls):
        return cls.organisation_id.in_(
            select(Organisation.id).where(Organisation.kind == OrganisationKind.NATIONAL))


class Edition(db.Model):
    """One run of a contest (lần thứ N), with its dates, phase and rules."""

    __tablename__ = "edition"
    __table_args__ = (
        UniqueConstraint("contest_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("max_authors >= 1", name="max_authors_positive"),
        CheckConstraint("judges_per_entry >= 1", name="judges_per_entry_positive"),
        CheckConstraint("rounds IN (1, 2)", name="rounds_one_or_two"),
        CheckConstraint("attachment_max_mb >= 1", name="attachment_max_mb_positive"),
        CheckConstraint("objection_days >= 1", name="objection_days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="RESTRICT"))
    number: Mapped[int]
    year_label: Mapped[str] = mapped_column(String(20))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase, "phase"), default=Phase.DRAFT)

    registration_opens_at: Mapped[datetime | None]
    submission_deadline_at: Mapped[datetime | None]
    judging_starts_at: Mapped[datetime | None]
    judging_ends_at: Mapped[datetime | None]
    # The end of the current provisional version's objection window (set when it is published,
    # moved earlier when an admin closes the window); each version lasts objection_days.
    objection_ends_at: Mapped[datetime | None]
    objection_days: Mapped[int] = mapped_column(default=15, server_default="15")

    max_authors: Mapped[int] = mapped_column(default=5)
    judges_per_entry: Mapped[int] = mapped_column(default=3)
    blind_judging: Mapped[bool] = mapped_column(default=False)
    # Youth eligibility: every author's birth date inside this window (anchored on 31 July).
    birth_date_from: Mapped[date | None]
    birth_date_to: Mapped[date | None]
    # Technical eligibility: optional minimum age; solution created and applied since this year.
    min_author_age: Mapped[int | None]
    applied_since_year: Mapped[int | None]
    attachment_max_mb: Mapped[int] = mapped_column(default=10, server_default="10")
    max_photos: Mapped[int] = mapped_column(default=10, server_default="10")
    max_documents: Mapped[int] = mapped_column(default=5, server_default="5")
    section_max_chars: Mapped[int] = mapped_column(default=5000, server_default="5000")
    rounds: Mapped[int] = mapped_column(default=1, server_default="1")
    current_round: Mapped[int] = mapped_column(default=1, server_default="1")
    # Last number handed out for entry codes (TTN-2026-0042); incremented under a row lock.
    entry_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # Results: the method, award rules, the runs chosen for publication, the national round.
    ranking_method: Mapped[str] = mapped_column(String(20), default="mean", server_default="mean")
    awards_per_field: Mapped[bool] = mapped_column(default=False, server_default="0")
    tie_policy: Mapped[str] = mapped_column(String(10), default="flag", server_default="flag")
    final_round_top_n: Mapped[int | None]
    provisional_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ranking_run.id", ondelete="SET NULL", use_alter=True))
    provisional_published_at: Mapped[datetime | None]
    final_published_at: Mapped[datetime | None]
    show_scores: Mapped[bool] = mapped_column(default=True, server_default="1")
    national_count: Mapped[int] = mapped_column(default=20, server_default="20")
    national_cap_per_field: Mapped[int | None]
    national_min_tier: Mapped[str | None] = mapped_column(String(20))
    national_locked_at: Mapped[datetime | None]
    disagreement_threshold: Mapped[Decimal] = mapped_column(default=Decimal(20))
    final_round_threshold: Mapped[Decimal] = mapped_column(default=Decimal(60))
    created_at: Mapped[datetime] = mapped_column(default=now)

    contest: Mapped[Contest] = relationship(back_populates="editions")
    fields: Mapped[list[Field]] = relationship(
        back_populates="edition", order_by="Field.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="edition", order_by="Criterion.position", cascade="all, delete-orphan"
    )
    award_tiers: Mapped[list[AwardTier]] = relationship(
        back_populates="edition", order_by="AwardTier.position", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return f"{self.contest.name} lần thứ {to_roman(self.number)} ({self.year_label})"

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_score for c in self.criteria), Decimal(0))


class Field(db.Model):
    """A field (lĩnh vực); judges sit on a field's panel."""

    __tablename__ = "field"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship(back_populates="fields")


class Criterion(db.Model):
    """A scoring criterion; its maximum is its weight in a judge's total."""

    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
        CheckConstraint("step > 0", name="step_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    max_score: Mapped[Decimal]
    step: Mapped[Decimal] = mapped_column(default=Decimal("0.5"))
    tie_break_priority: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship(back_populates="criteria")


class AwardTier(db.Model):
    """A prize tier: entries need at least min_score, and at most quota of them get it."""

    __tablename__ = "award_tier"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    min_score: Mapped[Decimal]
    quota: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship(back_populates="award_tiers")


def to_roman(number: int) -> str:
    """Roman numerals, as editions are numbered (lần thứ XVI)."""
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
