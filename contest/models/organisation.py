"""Organising bodies: the national body and each province's union (Liên hiệp hội), which own
contests and units; and the roles people hold within one of them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column


class OrganisationKind(enum.StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"


class MemberRole(enum.StrEnum):
    """What a person does within one organisation (the platform's admin needs none)."""

    ORGANIZER = "organizer"
    JUDGE = "judge"
    SECRETARY = "secretary"


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # in URLs: /vinh-long/...
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "organisation_kind"))
    # The national body a province reports to (its national rounds receive the selections).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    document_place: Mapped[str | None] = mapped_column(String(100))  # "Vĩnh Long, ngày …"
    logo_key: Mapped[str | None] = mapped_column(String(255))  # its logo in the uploads' storage
    created_at: Mapped[datetime] = mapped_column(default=now)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])


class Membership(db.Model):
    """A person's role within an organisation; a person may hold roles in several."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole, "member_role"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    organisation: Mapped[Organisation] = relationship()
