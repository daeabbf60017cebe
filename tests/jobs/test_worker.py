"""`flask --app contest worker` as a real process: it delivers what a commit in another process
queued and runs the jobs a request started, through the SQLite queue in instance/ (or the one
configured), and stops on Ctrl+C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from contest.extensions import db
from contest.models import Job, JobState, MailStatus, OutboxMail, Phase, Role
from contest.services.outbox import queue_mail
from tests import factories
from tests.mail_servers import Collector, free_port, smtp_server
from tests.views.judge_sheets.world import eligible_entry
from tests.views.judging_organizer.world import auto_assign

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


def test_the_worker_runs_a_reminder_batch_committed_by_a_request(app, client, auth):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        edition = factories.make_edition(phase=Phase.JUDGING)
        for number in range(3):
            factories.make_judge(edition, [edition.fields[0]], email=f"gk{number}@example.vn")
        eligible_entry(edition, edition.fields[0], None, 1)
        db.session.commit()
        edition_id = edition.id
        auto_assign({"edition": edition_id})
    worker = start_worker(app)
    try:
        auth.login("btc@example.vn")
        response = auth.post(f"/organizer/editions/{edition_id}/judging/remind")
        job_id = int(response.headers["Location"].rsplit("/", 1)[1])

        def finished():
            state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
            return state["finished"]

        assert wait_for(finished), "the worker did not run the job"
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=20)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.result, job.done, job.total) == (
            JobState.DONE, {"reminded": 3, "skipped": 0}, 3, 3), output
        mails = db.session.query(OutboxMail).filter_by(kind="reminder").all()
        assert sorted(m.recipient for m in mails) == [f"gk{i}@example.vn" for i in range(3)]
        assert all("http://localhost/judge/" in m.body for m in mails)
