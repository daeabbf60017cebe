"""Entries (hồ sơ dự thi) and their authors."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column
from contest.text import fold


class EntryStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Screening(enum.StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class EntrantType(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


# The structured description of DOMAIN.md, in the order of the official form.
DESCRIPTION_SECTIONS = (
    "summary", "idea", "structure", "operation", "novelty", "creativity", "applicability",
    "effectiveness",
)


class Entry(db.Model):
    __tablename__ = "entry"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        UniqueConstraint("owner_id", "client_token"),
        Index("ix_entry_edition_status", "edition_id", "status", "screening"),
        CheckConstraint("status <> 'submitted' OR code IS NOT NULL", name="submitted_has_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="RESTRICT"))
    code: Mapped[str | None] = mapped_column(String(30))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # The form instance that created the draft: a double click cannot create two entries.
    client_token: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[EntryStatus] = mapped_column(
        enum_column(EntryStatus, "entry_status"), default=EntryStatus.DRAFT)
    screening: Mapped[Screening] = mapped_column(
        enum_column(Screening, "screening"), default=Screening.PENDING)
    screening_reason: Mapped[str | None] = mapped_column(Text)
    screened_at: Mapped[datetime | None]
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    title: Mapped[str] = mapped_column(String(300), default="")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id", ondelete="RESTRICT"))
    entrant_type: Mapped[EntrantType] = mapped_column(
        enum_column(EntrantType, "entrant_type"), default=EntrantType.PERSON)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    teacher_name: Mapped[str | None] = mapped_column(String(200))
    teacher_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    teacher_phone: Mapped[str | None] = mapped_column(String(30))
    teacher_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(254))

    summary: Mapped[str] = mapped_column(Text, default="")
    idea: Mapped[str] = mapped_column(Text, default="")
    structure: Mapped[str] = mapped_column(Text, default="")
    operation: Mapped[str] = mapped_column(Text, default="")
    novelty: Mapped[str] = mapped_column(Text, default="")
    creativity: Mapped[str] = mapped_column(Text, default="")
    applicability: Mapped[str] = mapped_column(Text, default="")
    effectiveness: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str | None] = mapped_column(String(500))
    applied_since_year: Mapped[int | None]
    declaration_accepted: Mapped[bool] = mapped_column(default=False)
    on_paper: Mapped[bool] = mapped_column(default=False)
    # Chosen for the final round (chung khảo) from the preliminary ranking.
    advanced: Mapped[bool] = mapped_column(default=False, server_default="0")

    # Folded title, code, authors and units: "nguyen van" finds "Nguyễn Văn".
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
    submitted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    edition: Mapped[Edition] = relationship()  # noqa: F821
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])  # noqa: F821
    field: Mapped[Field | None] = relationship()  # noqa: F821
    organisation: Mapped[Unit | None] = relationship(foreign_keys=[organisation_id])  # noqa: F821
    teacher_unit: Mapped[Unit | None] = relationship(foreign_keys=[teacher_unit_id])  # noqa: F821
    authors: Mapped[list[Author]] = relationship(
        back_populates="entry", order_by="Author.position", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(  # noqa: F821
        back_populates="entry", order_by="Attachment.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @hybrid_method
    def is_judged_in(self, round_number: int):
        """Judged in the round: submitted, eligible and in a field; in the final round (2),
        advanced too. One body for both forms: on an entry a bool, on the class a SQL
        criterion (`==`, `!= None` and `&` mean the same in Python and in SQL)."""
        judged = ((self.status == EntryStatus.SUBMITTED) & (self.screening == Screening.ELIGIBLE)
                  & (self.field_id != None))  # noqa: E711  (IS NOT NULL in SQL)
        return judged & (self.advanced == True) if round_number == 2 else judged  # noqa: E712

    def refresh_search_text(self) -> None:
        """Recompute the folded search key from the title, code, authors and units."""
        parts = [self.code or "", self.title]
        for author in self.authors:
            parts.append(author.full_name)
            if author.unit is not None:
                parts.append(author.unit.name)
        if self.organisation is not None:
            parts.append(self.organisation.name)
        if self.teacher_name:
            parts.append(self.teacher_name)
        self.search_text = fold(" ".join(parts))


class Author(db.Model):
    __tablename__ = "author"
    __table_args__ = (UniqueConstraint("entry_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None]
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    class_or_position: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    search_name: Mapped[str] = mapped_column(String(200), default="")

    entry: Mapped[Entry] = relationship(back_populates="authors")
    unit: Mapped[Unit | None] = relationship()  # noqa: F821

    @validates("full_name")
    def _fold_name(self, key: str, value: str) -> str:
        self.search_name = fold(value)
        return value
