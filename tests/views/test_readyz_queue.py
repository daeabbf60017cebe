"""/readyz asks the job queue's storage (huey's SQLite file or Redis) for its pending count."""
from __future__ import annotations

import socket
import time

from contest import create_app
from contest.jobs import queue
from tests.views.test_health import closed_port, redis_url  # noqa: F401 - a fixture


def test_a_queue_on_a_redis_that_does_not_answer_is_not_ready(app_config):
    app_config["JOB_QUEUE"] = "redis"
    app_config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    ready = create_app(app_config).test_client().get("/readyz")
    assert ready.status_code == 503
    body = ready.get_json()
    assert body["ok"] is False
    assert body["checks"]["queue"] == {"ok": False, "backend": "redis",
                                       "error": "ConnectionError"}
    assert body["checks"]["database"] == {"ok": True}  # the queue alone made it fail


def test_a_sqlite_queue_is_ready_and_counts_the_jobs_waiting(app_config):
    app_config["JOB_QUEUE"] = "sqlite"
    app = create_app(app_config)
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["queue"] == {"ok": True, "backend": "sqlite", "pending": 0}
    with app.app_context():
        queue().tasks.deliver_outbox()  # no worker runs here: the job waits in jobs.db
        queue().tasks.deliver_outbox()
    assert client.get("/readyz").get_json()["checks"]["queue"]["pending"] == 2


def test_a_sqlite_queue_whose_file_cannot_be_opened_is_not_ready(app_config, tmp_path):
    app_config["JOB_QUEUE"] = "sqlite"
    app = create_app(app_config)
    (tmp_path / "instance" / "jobs.db").mkdir()  # a folder where huey's file should be
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503
    queue_check = ready.get_json()["checks"]["queue"]
    assert queue_check["ok"] is False
    assert queue_check["backend"] == "sqlite"


def test_a_queue_on_a_redis_that_answers_is_ready(app_config, redis_url):  # noqa: F811
    app_config["JOB_QUEUE"] = "redis"
    app_config["REDIS_URL"] = redis_url  # a server of the test's own, never the shared one
    ready = create_app(app_config).test_client().get("/readyz")
    assert ready.status_code == 200
    body = ready.get_json()
    assert body["checks"]["queue"] == {"ok": True, "backend": "redis", "pending": 0}
    assert body["checks"]["redis"] == {"ok": True}


def test_a_redis_that_accepts_but_never_answers_fails_the_queue_within_seconds(app_config):
    with socket.socket() as silent:  # listens (connections complete) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app_config["JOB_QUEUE"] = "redis"
        app_config["REDIS_URL"] = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        client = create_app(app_config).test_client()
        started = time.monotonic()
        ready = client.get("/readyz")
        took = time.monotonic() - started
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["queue"] == {"ok": False, "backend": "redis",
                                                   "error": "TimeoutError"}
    assert took < 5  # the redis check's 2 s timeout, not huey's client waiting for ever
