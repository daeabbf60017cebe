"""The worker's tasks, registered on an app's queue: each runs inside that app's context."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask import Flask
from huey import Huey, crontab

from contest import clock
from contest.extensions import db
from contest.queries.jobs import forgotten_jobs
from contest.services.outbox import deliver_outbox

FORGOTTEN_AFTER = timedelta(minutes=2)  # a job still queued this long is enqueued again


def register(huey: Huey, app: Flask) -> None:
    """Define the tasks on `huey`, reachable as `huey.tasks.<name>` for enqueueing."""

    @huey.task(name="deliver_outbox")
    def deliver_outbox_task(limit: int | None = None) -> int:
        """Send the due mails of the outbox; returns how many were sent."""
        with app.app_context():
            return deliver_outbox(limit).sent

    @huey.periodic_task(crontab(minute="*"), name="deliver_outbox_every_minute")
    def deliver_outbox_every_minute() -> int:
        """Every minute: the retries that came due and any delivery that was never enqueued."""
        with app.app_context():
            return deliver_outbox().sent

    @huey.task(name="run_job")
    def run_job_task(job_id: int) -> str | None:
        """Run one job of the jobs table (its runner by kind); returns its final state."""
        # The runners (exports, ranking) load when a job first runs, not with the queue.
        from contest.jobs.runners import RUNNERS
        from contest.jobs.running import run_job

        with app.app_context(), _links(app):
            state = run_job(job_id, RUNNERS)
        return state.value if state is not None else None

    @huey.periodic_task(crontab(minute="*"), name="enqueue_forgotten_jobs")
    def enqueue_forgotten_jobs() -> int:
        """Every minute: jobs whose enqueueing failed at their commit (a queue that was down)
        are enqueued again; a job enqueued twice runs once (run_job claims it)."""
        with app.app_context():
            ids = db.session.scalars(forgotten_jobs(clock.now() - FORGOTTEN_AFTER)).all()
        for job_id in ids:
            run_job_task(job_id)
        return len(ids)

    huey.tasks = SimpleNamespace(deliver_outbox=deliver_outbox_task,
                                 deliver_outbox_every_minute=deliver_outbox_every_minute,
                                 run_job=run_job_task,
                                 enqueue_forgotten_jobs=enqueue_forgotten_jobs)


def _links(app: Flask):
    """A request context for the links a job writes (mails): from SERVER_NAME, else BASE_URL.
    Pushed inside the job's own app context, so its database session is the job's."""
    if app.config.get("SERVER_NAME"):
        return app.test_request_context()
    return app.test_request_context(base_url=app.config["BASE_URL"])
