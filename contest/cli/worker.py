"""The `worker` command: the job queue's consumer (mail delivery, every minute and on demand)."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from contest import jobs
from contest.cli.common import fail
from contest.cli.params import WHOLE_NUMBER


@click.command("worker")
@click.option("--workers", type=WHOLE_NUMBER, default=None,
              help="threads running jobs (default: the JOB_WORKERS setting)")
@with_appcontext
def worker_command(workers: int | None) -> None:
    """Run the background jobs until Ctrl+C: delivers the mail outbox when a change queues mail
    and every minute (retries). Uses the queue of the settings: Redis when REDIS_URL is set,
    else instance/jobs.db."""
    app = current_app._get_current_object()
    kind = jobs.backend(app.config)
    if kind in ("immediate", "memory"):
        fail(f"Lỗi: hàng đợi {kind} chạy trong tiến trình web, không cần worker.")
    logging.getLogger("huey").setLevel(logging.INFO)
    huey = jobs.queue(app)
    click.echo(f"Worker: hàng đợi {kind}, {workers or app.config['JOB_WORKERS']} luồng "
               "(Ctrl+C để dừng).")
    huey.create_consumer(workers=workers or app.config["JOB_WORKERS"], periodic=True).run()
