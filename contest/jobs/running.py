"""Running one job in the worker: claim it, report its progress in short transactions of their
own, then finish it (DONE with its result, committed with the runner's writes) or fail it
(FAILED with words for the user, the runner's uncommitted writes rolled back).

On SQLite the runner's transaction must not hold the write lock while progress is written on
another connection: a runner reads and computes while it reports `progress(...)` and writes at
the end, or commits its work in steps with `progress.keep(...)` (a reminder sent stays sent).
Progress reported after the runner flushed a write waits for the next `keep` or the end,
rather than waiting for a lock its own transaction holds."""
from __future__ import annotations

import logging
import time
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from contest import clock
from contest.extensions import db
from contest.jobs import WROTE
from contest.models import Job, JobState
from contest.services import DomainError
from contest.services.jobs import PROGRESS_AT

log = logging.getLogger(__name__)
GENERIC_ERROR = _l("Có lỗi khi chạy công việc; dữ liệu đã lưu không bị mất.")


class Progress:
    """What a runner calls as it goes: done steps, the total once known, the current step in
    words. Written at most every JOB_PROGRESS_SECONDS, so polling sees it while the job runs."""

    def __init__(self, job_id: int, every: float) -> None:
        self.job_id, self.every = job_id, every
        self.done, self.total, self.message = 0, None, None
        self._written_at = time.monotonic()

    def __call__(self, done: int | None = None, *, total: int | None = None,
                 message: str | None = None) -> None:
        """Report progress on a connection of its own (the runner's writes stay uncommitted)."""
        if self._note(done, total, message) and not db.session.info.get(WROTE):
            with db.engine.begin() as connection:
                connection.execute(self._statement())

    def keep(self, done: int | None = None, *, total: int | None = None,
             message: str | None = None) -> None:
        """Report progress and, when due, commit the runner's work so far along with it."""
        if self._note(done, total, message):
            db.session.execute(self._statement())
            db.session.commit()

    def values(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total,
                "message": str(self.message) if self.message is not None else None}

    def _note(self, done, total, message) -> bool:
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        due = time.monotonic() - self._written_at >= self.every
        if due:
            self._written_at = time.monotonic()
        return due

    def _statement(self):
        return (update(Job).where(Job.id == self.job_id, Job.state == JobState.RUNNING)
                .values(**self.values(), result={PROGRESS_AT: clock.now().isoformat()}))


def claim_job(job_id: int) -> Job | None:
    """Mark a queued job running (committed) and hand it back; None when it is not queued any
    more (another worker took it, or it was enqueued twice)."""
    now = clock.now()
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.state == JobState.QUEUED)
        .values(state=JobState.RUNNING, started_at=now, result={PROGRESS_AT: now.isoformat()}))
    db.session.commit()
    return db.session.get(Job, job_id) if claimed.rowcount == 1 else None


def run_job(job_id: int, runners: dict) -> JobState | None:
    """Run a queued job with its kind's runner; returns its final state (None: not claimed)."""
    job = claim_job(job_id)
    if job is None:
        return None
    progress = Progress(job.id, current_app.config["JOB_PROGRESS_SECONDS"])
    try:
        runner = runners[job.kind]
        result = runner(job, progress)
    except Exception as error:  # noqa: BLE001 — every failure ends as a FAILED job for the user
        db.session.rollback()
        if isinstance(error, DomainError):
            message = str(error)
        else:
            log.exception("job %s (%s) failed", job_id, getattr(job, "kind", "?"))
            message = str(GENERIC_ERROR)
        return _end(job_id, progress, state=JobState.FAILED, error=message, result=None)
    total = progress.total if progress.total is not None else max(progress.done, 1)
    progress.done = total
    progress.total = total
    return _end(job_id, progress, state=JobState.DONE, error=None, result=result)


def _end(job_id: int, progress: Progress, **values) -> JobState | None:
    """Write the outcome with the runner's remaining writes, only if the job is still ours
    (a job given up and started again keeps its FAILED state, and this run's writes go)."""
    ended = db.session.execute(
        update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING)
        .values(**progress.values(), **values, finished_at=clock.now()))
    if ended.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    return values["state"]
