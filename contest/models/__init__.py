"""Typed tables, one module per aggregate."""
from contest.models.attachment import Attachment, AttachmentKind
from contest.models.audit import AuditEvent
from contest.models.contest import AwardTier, Contest, ContestKind, Criterion, Edition, Field, Phase
from contest.models.entry import (
    DESCRIPTION_SECTIONS,
    Author,
    EntrantType,
    Entry,
    EntryStatus,
    Gender,
    Screening,
)
from contest.models.unit import SchoolLevel, Unit, UnitKind
from contest.models.user import AccountToken, LoginSession, Role, TokenPurpose, User

__all__ = [
    "AccountToken", "Attachment", "AttachmentKind", "AuditEvent", "Author", "AwardTier",
    "Contest", "ContestKind", "Criterion", "DESCRIPTION_SECTIONS", "Edition", "EntrantType",
    "Entry", "EntryStatus", "Field", "Gender", "LoginSession", "Phase", "Role", "SchoolLevel",
    "Screening", "TokenPurpose", "Unit", "UnitKind", "User",
]
