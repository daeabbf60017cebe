"""Background work run by the worker (`flask --app contest worker`) through huey: embedded by
default (a SQLite file in instance/, no extra server), on Redis when REDIS_URL is set, and run
at once in the calling process in tests (immediate mode).

The queue of an app is made on first use from its settings (`queue()`); a commit that queued
mail enqueues a delivery, and a periodic task delivers every minute whatever was missed (a
retry that came due, a delivery lost with the process that enqueued it). A commit that
started jobs (services/jobs.py) enqueues them the same way. huey (with the Redis
and PostgreSQL clients its storage imports) loads when the queue is first made, not when a
web worker starts."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app
from sqlalchemy import event

from contest.extensions import db
from contest.services.jobs import ENQUEUE
from contest.services.outbox import QUEUED

if TYPE_CHECKING:
    from huey import Huey

log = logging.getLogger(__name__)
EXTENSION = "contest.jobs"
WROTE = "contest.job_wrote"  # session info: the transaction flushed writes not committed yet


def queue(app: Flask | None = None) -> Huey:
    """The app's job queue, made from its settings on first use, its tasks registered."""
    app = app or current_app._get_current_object()
    huey = app.extensions.get(EXTENSION)
    if huey is None:
        from contest.jobs import tasks

        huey = app.extensions[EXTENSION] = make_queue(app)
        tasks.register(huey, app)
    return huey


def backend(config) -> str:
    """Which queue the settings ask for: JOB_QUEUE, else redis/immediate/sqlite."""
    if config.get("JOB_QUEUE"):
        return config["JOB_QUEUE"]
    if config.get("REDIS_URL"):
        return "redis"
    return "immediate" if config.get("TESTING") else "sqlite"


def make_queue(app: Flask) -> Huey:
    """The huey of the settings. Results are not kept: nobody reads a delivery's count, and
    unread results would pile up in the queue's storage."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    kind = backend(app.config)
    if kind == "redis":
        # Timeouts: a Redis that accepts connections and never replies must not hold a request
        # that enqueues (or the worker) for ever; the consumer's blocking read waits 1 s.
        from redis import ConnectionPool

        pool = ConnectionPool.from_url(app.config["REDIS_URL"], socket_timeout=5,
                                       socket_connect_timeout=2)
        return RedisHuey("contest", connection_pool=pool, results=False)
    if kind == "sqlite":
        return SqliteHuey("contest", filename=str(Path(app.instance_path) / "jobs.db"),
                          results=False)
    if kind == "immediate":
        return MemoryHuey("contest", immediate=True, results=False)
    if kind == "memory":  # queued, run only by a consumer (tests of the queue itself)
        return MemoryHuey("contest", results=False)
    raise ValueError(f"JOB_QUEUE must be redis, sqlite, immediate or memory, not {kind!r}")


def enqueue_delivery() -> None:
    """Ask the worker to deliver the outbox now. A queue that is down loses nothing: the mail
    rows are committed and the periodic delivery sends them within a minute."""
    try:
        queue().tasks.deliver_outbox()
    except Exception:  # noqa: BLE001 — after the commit, a queue fault must not fail the request
        log.exception("could not enqueue the outbox delivery; the periodic run will send it")


def enqueue_jobs(job_ids: list[int]) -> None:
    """Ask the worker to run committed jobs. A queue that is down fails no request: the jobs
    stay queued and the periodic task enqueues them again."""
    for job_id in job_ids:
        try:
            queue().tasks.run_job(job_id)
        except Exception:  # noqa: BLE001 — after the commit, a queue fault must not fail the request
            log.exception("could not enqueue job %s; the periodic run will enqueue it", job_id)


@event.listens_for(db.session, "after_commit")
def _deliver_after_commit(session) -> None:
    if session.info.pop(QUEUED, False):
        enqueue_delivery()
    if started := session.info.pop(ENQUEUE, None):
        enqueue_jobs(started)


@event.listens_for(db.session, "after_soft_rollback")
def _forget_queued(session, previous_transaction) -> None:
    if not session.in_transaction():  # the outermost transaction rolled back: nothing to send
        session.info.pop(QUEUED, None)
        session.info.pop(ENQUEUE, None)


# Registered with the module, not when a job first runs: a job run in immediate mode starts
# inside the request's after_commit, while SQLAlchemy walks the session's listeners.
@event.listens_for(db.session, "after_flush")
def _wrote(session, flush_context) -> None:
    session.info[WROTE] = True


@event.listens_for(db.session, "after_commit")
@event.listens_for(db.session, "after_rollback")
def _settled(session) -> None:
    session.info.pop(WROTE, None)
