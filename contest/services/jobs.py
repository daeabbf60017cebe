"""Long work as a job row: `start_job` writes it in the caller's transaction and flags the
session, so that the commit enqueues it on the worker's queue (contest/jobs); a job whose
worker died can be started again."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from contest import clock
from contest.extensions import db
from contest.models import Edition, Job, JobState, User
from contest.services import DomainError
from contest.services.audit import record_event

ENQUEUE = "contest.jobs_to_enqueue"  # session info: ids of the jobs this transaction started
PROGRESS_AT = "progress_at"  # key of a running job's `result`: when it last reported progress


def start_job(kind: str, *, edition: Edition | None, actor: User | None,
              parameters: dict[str, Any]) -> Job:
    """Write a queued job (flushed); the worker is asked to run it once the caller commits."""
    job = Job(kind=kind, edition_id=edition.id if edition is not None else None,
              user_id=actor.id if actor is not None else None, state=JobState.QUEUED,
              parameters=parameters, done=0, created_at=clock.now())
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(ENQUEUE, []).append(job.id)
    return job


def last_sign_of_life(job: Job) -> datetime | None:
    """When a running job last reported progress (or started)."""
    reported = (job.result or {}).get(PROGRESS_AT) if job.state == JobState.RUNNING else None
    return datetime.fromisoformat(reported) if reported else job.started_at


def looks_stopped(job: Job, now: datetime) -> bool:
    """A running job silent for longer than JOB_STALE_MINUTES: its worker probably died."""
    seen = last_sign_of_life(job)
    limit = timedelta(minutes=current_app.config["JOB_STALE_MINUTES"])
    return job.state == JobState.RUNNING and seen is not None and now - seen > limit


def restart_job(*, job: Job, actor: User, now: datetime) -> Job:
    """Give up a job that looks stopped (FAILED, pointing to its successor) and start the same
    work again as a new job (audited)."""
    if not looks_stopped(job, now):
        raise DomainError(_l("Công việc này vẫn đang chạy hoặc đã kết thúc; không cần chạy lại."))
    edition = db.session.get(Edition, job.edition_id) if job.edition_id else None
    again = start_job(job.kind, edition=edition, actor=actor, parameters=dict(job.parameters))
    job.state, job.finished_at = JobState.FAILED, now
    job.error = str(_l("Công việc đã dừng giữa chừng; đã chạy lại thành công việc #%(id)s.",
                       id=again.id))
    record_event(actor=actor, action="job.restart", target=job,
                 after={"kind": job.kind, "new_job": again.id})
    return again
