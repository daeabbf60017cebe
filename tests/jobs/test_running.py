"""A job from its row to its end: enqueued by the commit that started it, claimed once by the
worker, its progress visible to other connections while it runs, DONE with its result or
FAILED with words for the user and its own writes rolled back."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from contest import clock, jobs
from contest.extensions import db
from contest.jobs.runners import RUNNERS
from contest.jobs.running import run_job
from contest.models import Job, JobState, Role, Unit, UnitKind
from contest.services import DomainError
from contest.services.jobs import looks_stopped, restart_job, start_job
from tests import factories
from tests.mail_servers import free_port


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOB_QUEUE": "memory", "JOB_PROGRESS_SECONDS": 0}


@pytest.fixture
def kind(monkeypatch):
    """A kind of job whose runner the test gives (RUNNERS is the real registry)."""
    def register(runner):
        monkeypatch.setitem(RUNNERS, "test", runner)
        return "test"
    return register


def seen_from_another_connection(job_id: int) -> tuple:
    with db.engine.connect() as connection:
        return tuple(connection.execute(text(
            "SELECT state, done, total, message FROM job WHERE id = :id"), {"id": job_id}).one())


def test_a_started_job_is_enqueued_by_its_commit_and_runs_to_done(app, kind):
    seen = []

    def runner(job, progress):
        progress(0, total=3, message="Bắt đầu")
        for step in range(1, 4):
            progress(step, message=f"Bước {step}")
            seen.append(seen_from_another_connection(job.id))
        return {"answer": 42, "parameters": job.parameters}

    huey = jobs.queue(app)
    with app.app_context():
        job = start_job(kind(runner), edition=None, actor=None, parameters={"x": 1})
        assert huey.pending_count() == 0  # nothing before the commit
        db.session.rollback()
        db.session.commit()
        assert huey.pending_count() == 0  # a rolled-back job asks for nothing
        job = start_job("test", edition=None, actor=None, parameters={"x": 1})
        job_id = job.id
        db.session.commit()
        assert huey.pending_count() == 1
        assert db.session.get(Job, job_id).state == JobState.QUEUED
    huey.execute(huey.dequeue())
    assert seen == [("running", 1, 3, "Bước 1"), ("running", 2, 3, "Bước 2"),
                    ("running", 3, 3, "Bước 3")]
    with app.app_context():
        done = db.session.get(Job, job_id)
        assert (done.state, done.done, done.total, done.error) == (JobState.DONE, 3, 3, None)
        assert done.result == {"answer": 42, "parameters": {"x": 1}}
        assert done.started_at is not None and done.finished_at >= done.started_at


def test_progress_is_written_at_most_every_interval(app, kind):
    app.config["JOB_PROGRESS_SECONDS"] = 3600
    seen = []

    def runner(job, progress):
        for step in range(1, 50):
            progress(step, total=50)
        seen.append(seen_from_another_connection(job.id))
        return {}

    with app.app_context():
        job_id = start_job(kind(runner), edition=None, actor=None, parameters={}).id
        db.session.commit()
        assert run_job(job_id, RUNNERS) == JobState.DONE
        assert seen == [("running", 0, None, None)]  # 49 reports, none written within the hour
        assert (db.session.get(Job, job_id).done, db.session.get(Job, job_id).total) == (50, 50)


def test_a_failing_job_keeps_none_of_its_writes_and_tells_the_user_generally(app, kind, caplog):
    def runner(job, progress):
        db.session.add(Unit(name="Đơn vị của công việc hỏng", kind=UnitKind.SCHOOL))
        db.session.flush()
        progress(1, total=2, message="Một nửa")
        raise ZeroDivisionError("chia cho 0")

    with app.app_context():
        job_id = start_job(kind(runner), edition=None, actor=None, parameters={}).id
        db.session.commit()
        with caplog.at_level(logging.ERROR):
            assert run_job(job_id, RUNNERS) == JobState.FAILED
        failed = db.session.get(Job, job_id)
        assert (failed.state, failed.error) == (
            JobState.FAILED, "Có lỗi khi chạy công việc; dữ liệu đã lưu không bị mất.")
        assert failed.finished_at is not None and failed.result is None
        assert db.session.scalars(select(Unit.name)).all() == []
    assert "ZeroDivisionError: chia cho 0" in caplog.text  # the traceback is logged


def test_a_refused_rule_is_the_users_error_as_it_is(app, kind):
    def runner(job, progress):
        raise DomainError("Danh sách dự thi toàn quốc chưa khóa.")

    with app.app_context():
        job_id = start_job(kind(runner), edition=None, actor=None, parameters={}).id
        db.session.commit()
        assert run_job(job_id, RUNNERS) == JobState.FAILED
        assert db.session.get(Job, job_id).error == "Danh sách dự thi toàn quốc chưa khóa."


def test_a_job_enqueued_twice_runs_once(app, kind):
    runs = []
    with app.app_context():
        job_id = start_job(kind(lambda job, progress: runs.append(job.id) or {}),
                           edition=None, actor=None, parameters={}).id
        db.session.commit()
        assert run_job(job_id, RUNNERS) == JobState.DONE
        assert run_job(job_id, RUNNERS) is None
    assert runs == [job_id]


def test_a_queue_that_is_down_fails_no_commit_and_the_periodic_task_enqueues_it(
        app, kind, caplog):
    runs = []
    app.config.update(JOB_QUEUE="redis", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        job_id = start_job(kind(lambda job, progress: runs.append(job.id) or {}),
                           edition=None, actor=None, parameters={}).id
        db.session.commit()  # does not raise
    assert f"could not enqueue job {job_id}" in caplog.text
    app.extensions.pop(jobs.EXTENSION)
    app.config.update(JOB_QUEUE="memory")
    huey = jobs.queue(app)
    assert huey.tasks.enqueue_forgotten_jobs.call_local() == 0  # not forgotten yet: 2 minutes
    with app.app_context():
        db.session.get(Job, job_id).created_at = clock.now() - timedelta(minutes=3)
        db.session.commit()
    assert huey.tasks.enqueue_forgotten_jobs.call_local() == 1
    huey.execute(huey.dequeue())
    assert runs == [job_id]
    with app.app_context():
        assert db.session.get(Job, job_id).state == JobState.DONE


def test_a_silent_running_job_looks_stopped_and_starts_again_as_a_new_job(app, kind):
    with app.app_context():
        organiser = factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        job = start_job(kind(lambda job, progress: {"again": True}), edition=None,
                        actor=organiser, parameters={"round": 1})
        job.state, job.started_at = JobState.RUNNING, clock.now() - timedelta(minutes=30)
        job.result = {"progress_at": (clock.now() - timedelta(minutes=9)).isoformat()}
        db.session.commit()
        assert not looks_stopped(job, clock.now())  # progress 9 minutes ago: still alive
        with pytest.raises(DomainError):
            restart_job(job=job, actor=organiser, now=clock.now())
        later = clock.now() + timedelta(minutes=2)
        assert looks_stopped(job, later)
        again = restart_job(job=job, actor=organiser, now=later)
        db.session.commit()
        assert (again.kind, again.parameters, again.state) == ("test", {"round": 1},
                                                                JobState.QUEUED)
        assert job.state == JobState.FAILED
        assert job.error == ("Công việc đã dừng giữa chừng; đã chạy lại thành công việc "
                             f"#{again.id}.")
        assert run_job(job.id, RUNNERS) is None  # the old one is never run again
