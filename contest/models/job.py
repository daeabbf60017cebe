"""Long work run by the worker (a ranking run, the national dossier ZIP, a large import, a
reminder batch): one row per job, which the browser polls for its progress and its result."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contest.clock import now
from contest.extensions import db
from contest.models.user import enum_column


class JobState(enum.StrEnum):
    QUEUED = "queued"  # written in the request's transaction, waiting for the worker
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # `error` says why, in words for the user


class Job(db.Model):
    __tablename__ = "job"
    __table_args__ = (Index("ix_job_edition_kind", "edition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    state: Mapped[JobState] = mapped_column(
        enum_column(JobState, "job_state"), default=JobState.QUEUED)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    done: Mapped[int] = mapped_column(default=0)  # steps done so far (rows, entries, mails)
    total: Mapped[int | None]  # None while the size is not known yet
    message: Mapped[str | None] = mapped_column(String(500))  # the current step, in words
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. the run id, a file token
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
