"""Units: the province's districts, schools and organisations (used for conflicts of interest)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column
from contest.text import fold


class UnitKind(enum.StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    SCHOOL = "school"
    ORGANISATION = "organisation"


class SchoolLevel(enum.StrEnum):
    PRIMARY = "tieu-hoc"
    LOWER_SECONDARY = "thcs"
    UPPER_SECONDARY = "thpt"


class Unit(db.Model):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("organisation_id", "name", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The province's organisation whose list the unit is on (NULL: on no organisation's list).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind, "unit_kind"))
    school_level: Mapped[SchoolLevel | None] = mapped_column(
        enum_column(SchoolLevel, "school_level")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), index=True
    )
    # Lower-case, diacritics removed: "nguyen van" finds "Nguyễn Văn" on every database.
    search_name: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])

    @validates("name")
    def _fold_name(self, key: str, value: str) -> str:
        self.search_name = fold(value)
        return value

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"
