"""The national round fed by provinces: which provinces feed a national edition and their
quotas, where each arrived entry came from, the packages received, and the provinces' keys."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.clock import now
from contest.extensions import db

LOCK_SOURCE = "lock"  # arrived from a province's lock on this deployment (else a package's sha256)


class NationalFeed(db.Model):
    """A province feeding a national edition, with its quota (overall and per field code)."""

    __tablename__ = "national_feed"
    __table_args__ = (UniqueConstraint("national_edition_id", "province_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    national_edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    # The province's edition on this deployment; None for a province on a server of its own.
    provincial_edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("edition.id", ondelete="SET NULL"), index=True)
    quota: Mapped[int] = mapped_column(default=20)
    field_quotas: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=now)

    province: Mapped[Organisation] = relationship()  # noqa: F821
    national_edition: Mapped[Edition] = relationship(  # noqa: F821
        foreign_keys=[national_edition_id])
    provincial_edition: Mapped[Edition | None] = relationship(  # noqa: F821
        foreign_keys=[provincial_edition_id])


class EntryOrigin(db.Model):
    """Where an entry of a national edition came from, and whether the province withdrew it."""

    __tablename__ = "entry_origin"
    __table_args__ = (Index("ix_entry_origin_edition_province", "national_edition_id",
                            "province_id", "origin_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"),
                                          unique=True)
    national_edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    edition_label: Mapped[str] = mapped_column(String(300))
    origin_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL"), index=True)
    origin_code: Mapped[str] = mapped_column(String(30))
    provincial_rank: Mapped[int | None]
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    award: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(64))  # LOCK_SOURCE or the package's sha256
    received_at: Mapped[datetime] = mapped_column(default=now)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry_origin.id", ondelete="SET NULL"))

    entry: Mapped[Entry] = relationship(foreign_keys=[entry_id])  # noqa: F821
    province: Mapped[Organisation] = relationship()  # noqa: F821


class ReceivedPackage(db.Model):
    """A signed national package imported into a national edition (once: by its sha256)."""

    __tablename__ = "received_package"
    __table_args__ = (UniqueConstraint("national_edition_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    national_edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    sha256: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    received_at: Mapped[datetime] = mapped_column(default=now)


class OrganisationKey(db.Model):
    """The Ed25519 public key an organisation's national packages must be signed with."""

    __tablename__ = "organisation_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), unique=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64 of the 32 raw bytes
    registered_at: Mapped[datetime] = mapped_column(default=now)
