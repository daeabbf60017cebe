"""Query builders for jobs: one job for its page, the jobs a queue may have lost, the counts a
job's runner sizes its work by."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select

from contest.models import Job, JobState, NationalPick


def job_by_id(job_id: int) -> Select:
    return select(Job).where(Job.id == job_id)


def forgotten_jobs(queued_before: datetime) -> Select:
    """Ids of jobs still queued since before `queued_before`: their enqueueing may have failed
    (a queue that was down at the commit) or the worker that took them may have lost them."""
    return (select(Job.id).where(Job.state == JobState.QUEUED, Job.created_at < queued_before)
            .order_by(Job.id))


def national_pick_count(edition_id: int) -> Select:
    return select(func.count(NationalPick.id)).where(NationalPick.edition_id == edition_id)


def latest_job(edition_id: int, kind: str) -> Select:
    """The edition's most recent job of a kind (for a page's "last run" line)."""
    return (select(Job).where(Job.edition_id == edition_id, Job.kind == kind)
            .order_by(Job.id.desc()).limit(1))
