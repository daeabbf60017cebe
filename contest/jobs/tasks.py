"""The worker's tasks, registered on an app's queue: each runs inside that app's context."""
from __future__ import annotations

from types import SimpleNamespace

from flask import Flask
from huey import Huey, crontab

from contest.services.outbox import deliver_outbox


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

    huey.tasks = SimpleNamespace(deliver_outbox=deliver_outbox_task,
                                 deliver_outbox_every_minute=deliver_outbox_every_minute)
