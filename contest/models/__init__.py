"""Typed tables, one module per aggregate."""
from contest.models.audit import AuditEvent
from contest.models.contest import AwardTier, Contest, ContestKind, Criterion, Edition, Field, Phase
from contest.models.unit import SchoolLevel, Unit, UnitKind
from contest.models.user import AccountToken, LoginSession, Role, TokenPurpose, User

__all__ = [
    "AccountToken", "AuditEvent", "AwardTier", "Contest", "ContestKind", "Criterion", "Edition",
    "Field", "LoginSession", "Phase", "Role", "SchoolLevel", "TokenPurpose", "Unit", "UnitKind",
    "User",
]
