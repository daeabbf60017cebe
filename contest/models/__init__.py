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
from contest.models.imports import ImportFile, ImportRow, ImportRun, ImportState
from contest.models.job import Job, JobState
from contest.models.judging import Assignment, Conflict, Judge, PanelMember
from contest.models.national import (
    LOCK_SOURCE,
    EntryOrigin,
    NationalFeed,
    OrganisationKey,
    ReceivedPackage,
)
from contest.models.organisation import MemberRole, Membership, Organisation, OrganisationKind
from contest.models.outbox import MailStatus, OutboxMail
from contest.models.publication import PublishedResult, ResultPublication
from contest.models.results import AwardOverride, NationalPick, Objection, RankingRow, RankingRun
from contest.models.scoring import Score, ScoreSheet, SheetStatus
from contest.models.unit import SchoolLevel, Unit, UnitKind
from contest.models.user import AccountToken, LoginSession, Role, TokenPurpose, User

__all__ = [
    "AccountToken", "Assignment", "Attachment", "AttachmentKind", "AuditEvent", "Author",
    "AwardOverride", "AwardTier", "Conflict", "Contest", "ContestKind", "Criterion",
    "DESCRIPTION_SECTIONS", "Edition", "EntrantType", "Entry", "EntryStatus", "Field", "Gender",
    "Judge", "LoginSession", "NationalPick", "Objection", "PanelMember", "Phase",
    "PublishedResult", "RankingRow", "RankingRun", "ResultPublication", "Role", "SchoolLevel",
    "Score", "ScoreSheet", "Screening", "SheetStatus", "TokenPurpose", "Unit", "UnitKind", "User",
    "MemberRole", "Membership", "Organisation", "OrganisationKind", "Job", "JobState",
    "MailStatus", "OutboxMail", "ImportFile", "ImportRow", "ImportRun", "ImportState",
    "EntryOrigin", "LOCK_SOURCE", "NationalFeed", "OrganisationKey", "ReceivedPackage",
]
