"""The job queue: which huey backs it, and a commit that queued mail enqueues its delivery."""
from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

import pytest
from huey import MemoryHuey, RedisHuey, SqliteHuey
from redis.exceptions import TimeoutError as RedisTimeout

from contest import create_app, jobs
from contest.extensions import db
from contest.models import MailStatus, OutboxMail
from contest.services.outbox import queue_mail
from tests import factories
from tests.conftest import csrf_token
from tests.mail_servers import free_port


@pytest.mark.parametrize(("settings", "kind"), [
    ({"TESTING": True}, "immediate"),
    ({}, "sqlite"),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "redis"),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0", "TESTING": True}, "redis"),
    ({"JOB_QUEUE": "sqlite", "REDIS_URL": "redis://127.0.0.1:6379/0"}, "sqlite"),
])
def test_the_settings_choose_the_queue(settings, kind):
    assert jobs.backend(settings) == kind


@pytest.mark.parametrize(("kind", "cls"), [
    ("sqlite", SqliteHuey), ("immediate", MemoryHuey), ("redis", RedisHuey)])
def test_each_app_gets_its_queue_with_the_delivery_tasks(app, kind, cls):
    app.config.update(JOB_QUEUE=kind, REDIS_URL="redis://127.0.0.1:1/0")
    huey = jobs.queue(app)
    assert type(huey) is cls and jobs.queue(app) is huey
    assert huey.immediate is (kind == "immediate")
    assert huey.results is False  # unread delivery counts would pile up in the storage
    for minute in (0, 17, 59):  # every minute of the hour
        due = huey.read_periodic(datetime(2026, 12, 1, 8, minute, tzinfo=UTC))
        assert sorted(task.name for task in due) == [
            "deliver_outbox_every_minute", "enqueue_forgotten_jobs"]
    if kind == "sqlite":
        assert huey.storage.filename == f"{app.instance_path}/jobs.db"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOB_QUEUE": "memory"}  # tasks wait for a consumer


def test_a_commit_that_queued_mail_enqueues_one_delivery(app, outbox):
    huey = jobs.queue(app)
    with app.app_context():
        factories.make_user(email="x@example.vn")
        db.session.commit()
        assert huey.pending_count() == 0  # no mail, no delivery
        queue_mail(to="a@example.vn", subject="Thư", body="Nội dung.", kind="test")
        db.session.rollback()
        db.session.commit()
        assert huey.pending_count() == 0  # the rolled-back mail asks for nothing
        queue_mail(to="b@example.vn", subject="Thư", body="Nội dung.", kind="test")
        queue_mail(to="c@example.vn", subject="Thư", body="Nội dung.", kind="test")
        db.session.commit()
        assert huey.pending_count() == 1
    assert outbox.messages() == []
    assert huey.execute(huey.dequeue()) == 2
    assert huey.pending_count() == 0 and huey.result_count() == 0  # no result kept
    assert [m["To"] for m in outbox.messages()] == ["b@example.vn", "c@example.vn"]


def test_a_queue_that_is_down_fails_no_request_and_loses_no_mail(app, client, caplog):
    app.config.update(JOB_QUEUE="redis", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        factories.make_user(email="quen@example.vn")
        db.session.commit()
    response = client.post("/forgot-password", data={
        "email": "quen@example.vn", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert "could not enqueue the outbox delivery" in caplog.text
    with app.app_context():
        [mail] = db.session.query(OutboxMail).all()
        assert (mail.recipient, mail.status, mail.attempts) == (
            "quen@example.vn", MailStatus.PENDING, 0)  # the periodic delivery sends it


def test_a_redis_queue_that_accepts_but_never_answers_gives_up_within_seconds(app_config):
    """Enqueueing (a request's commit, the worker) on a silent Redis raises in seconds: the
    queue's connections carry timeouts, huey's own client would wait for ever."""
    with socket.socket() as silent:  # listens (connections complete) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app_config["JOB_QUEUE"] = "redis"
        app_config["REDIS_URL"] = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        app = create_app(app_config)
        started = time.monotonic()
        with app.app_context(), pytest.raises(RedisTimeout):
            jobs.queue(app).tasks.deliver_outbox()
        took = time.monotonic() - started
    assert took < 10
