"""`flask --app contest worker` as a real process: it delivers what a commit in another process
queued, through the SQLite queue in instance/ (or the one configured), and stops on Ctrl+C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from contest.extensions import db
from contest.models import MailStatus, OutboxMail
from contest.services.outbox import queue_mail
from tests.mail_servers import Collector, free_port, smtp_server

SMTP_PORT = free_port()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOB_QUEUE": "sqlite", "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": SMTP_PORT}


def start_worker(app) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONTEST_")}
    env.update(CONTEST_INSTANCE_PATH=app.instance_path, CONTEST_SECRET_KEY="k",
               CONTEST_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               CONTEST_JOB_QUEUE="sqlite", CONTEST_MAIL_SERVER="127.0.0.1",
               CONTEST_MAIL_PORT=str(SMTP_PORT), CONTEST_SERVER_NAME="localhost")
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "contest", "worker"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_delivers_a_committed_mail_and_stops_on_ctrl_c(app):
    collector = Collector()
    with smtp_server(collector, port=SMTP_PORT):
        worker = start_worker(app)
        try:
            with app.app_context():
                queue_mail(to="thisinh@example.vn", subject="Đã nhận hồ sơ", body="Cảm ơn.",
                           kind="submitted")
                db.session.commit()  # enqueues into instance/jobs.db for the worker
            assert wait_for(lambda: collector.envelopes), "the worker delivered nothing"
            worker.send_signal(signal.SIGINT)
            output, _ = worker.communicate(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert worker.returncode == 0, output
    assert "Worker: hàng đợi sqlite" in output
    assert collector.recipients() == ["thisinh@example.vn"]
    with app.app_context():
        [mail] = db.session.query(OutboxMail).all()
        assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)


def test_the_worker_refuses_the_in_process_queue(runner, app):
    app.config["JOB_QUEUE"] = "immediate"
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 1
    assert "không cần worker" in result.output
