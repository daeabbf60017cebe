"""The job page and its JSON: progress seen while the job runs in a worker thread, the shape
the poller reads, who may see a job, CSRF on the POSTs, a fixed number of statements."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest import clock, jobs
from contest.extensions import db
from contest.jobs.runners import RUNNERS
from contest.models import Edition, Job, JobState, Role, User
from contest.services.jobs import start_job
from tests import factories
from tests.querycount import count_queries

ORGANISER, OTHER, ADMIN = "btc@example.vn", "btc-khac@example.vn", "admin@example.vn"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOB_QUEUE": "memory", "JOB_PROGRESS_SECONDS": 0}


@pytest.fixture
def world(app):
    with app.app_context():
        for role, email in ((Role.ORGANIZER, ORGANISER), (Role.ORGANIZER, OTHER),
                            (Role.ADMIN, ADMIN), (Role.ENTRANT, "thisinh@example.vn"),
                            (Role.JUDGE, "giamkhao@example.vn")):
            factories.make_user(role, email=email)
        edition = factories.make_edition()
        db.session.commit()
        return {"edition": edition.id}


def new_job(app, kind: str, *, edition_id: int | None, by: str = ORGANISER, **values) -> int:
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == by))
        edition = db.session.get(Edition, edition_id) if edition_id else None
        job = start_job(kind, edition=edition, actor=actor, parameters={})
        for name, value in values.items():
            setattr(job, name, value)
        db.session.commit()
        return job.id


def test_the_page_and_its_json_show_the_progress_while_the_worker_runs_it(
        app, client, auth, world, monkeypatch):
    go_on = threading.Event()

    def runner(job, progress):
        progress(2, total=5, message="Đã xử lý 2/5 hồ sơ")
        assert go_on.wait(20)
        progress(5, message="Sắp xong")
        return {"run_id": 77, "entries": 5}

    monkeypatch.setitem(RUNNERS, "ranking", runner)
    job_id = new_job(app, "ranking", edition_id=world["edition"])
    huey = jobs.queue(app)
    worker = threading.Thread(target=lambda: huey.execute(huey.dequeue()))
    worker.start()
    auth.login(ORGANISER)
    deadline, state = time.monotonic() + 10, {}
    while time.monotonic() < deadline and state.get("done") != 2:
        state = client.get(f"/organizer/jobs/{job_id}.json").get_json()
        time.sleep(0.05)
    assert state == {
        "id": job_id, "kind": "ranking", "state": "running", "state_name": "Đang chạy",
        "done": 2, "total": 5, "message": "Đã xử lý 2/5 hồ sơ", "error": None,
        "finished": False, "stopped": False, "result_url": None, "result_text": None}
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert '<progress id="job-progress" class="w-100" max="5" value="2">2/5</progress>' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'src="/static/js/job-progress.js"' in page and 'aria-live="polite"' in page
    assert "<script>" not in page  # no inline script (CSP)
    go_on.set()
    worker.join(20)
    done = client.get(f"/organizer/jobs/{job_id}.json").get_json()
    assert {k: done[k] for k in ("state", "state_name", "done", "total", "finished",
                                 "result_url")} == {
        "state": "done", "state_name": "Đã xong", "done": 5, "total": 5, "finished": True,
        "result_url": "/organizer/runs/77"}
    assert done["result_text"] == "Xem lần xếp hạng (5 hồ sơ)"
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert "http-equiv" not in page and 'href="/organizer/runs/77"' in page


def test_a_failed_job_shows_its_error(app, client, auth, world):
    job_id = new_job(app, "ranking", edition_id=world["edition"], state=JobState.FAILED,
                     error="Có lỗi khi chạy công việc; dữ liệu đã lưu không bị mất.")
    auth.login(ORGANISER)
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert "Không thành công" in page
    assert ('<div class="alert alert-danger mb-0" id="job-error">Có lỗi khi chạy công việc; '
            "dữ liệu đã lưu không bị mất.</div>") in page


def test_a_silent_running_job_offers_to_start_again(app, client, auth, world):
    long_ago = clock.now() - timedelta(minutes=40)
    job_id = new_job(app, "judge_reminders", edition_id=world["edition"],
                     state=JobState.RUNNING, started_at=long_ago,
                     result={"progress_at": long_ago.isoformat()})
    auth.login(ORGANISER)
    assert client.get(f"/organizer/jobs/{job_id}.json").get_json()["stopped"] is True
    page = client.get(f"/organizer/jobs/{job_id}").get_data(as_text=True)
    assert "có thể nó đã dừng" in page
    assert client.post(f"/organizer/jobs/{job_id}/restart").status_code == 400  # no CSRF token
    again = auth.post(f"/organizer/jobs/{job_id}/restart")
    with app.app_context():
        newest = db.session.scalar(select(func.max(Job.id)))
        assert again.headers["Location"] == f"/organizer/jobs/{newest}"
        assert db.session.get(Job, job_id).state == JobState.FAILED
        assert db.session.get(Job, newest).state == JobState.QUEUED
    refused = auth.post(f"/organizer/jobs/{newest}/restart", follow_redirects=True)
    assert "không cần chạy lại" in refused.get_data(as_text=True)


PATHS = ("/organizer/jobs/{id}", "/organizer/jobs/{id}.json", "/organizer/jobs/{id}/file")


def test_a_job_without_edition_is_its_starters_and_the_admins(app, client, auth, world):
    job_id = new_job(app, "national_zip", edition_id=None, state=JobState.DONE,
                     result={"file": "khong-co.zip"})
    auth.login(OTHER)
    for path in PATHS:
        assert client.get(path.format(id=job_id)).status_code == 404, path
    assert auth.post(f"/organizer/jobs/{job_id}/restart").status_code == 404
    for email in (ORGANISER, ADMIN):
        auth.logout()
        auth.login(email)
        assert client.get(f"/organizer/jobs/{job_id}").status_code == 200
        assert client.get(f"/organizer/jobs/{job_id}/file").status_code == 404  # no such file


@pytest.mark.parametrize("email", ["thisinh@example.vn", "giamkhao@example.vn"])
def test_entrants_and_judges_are_refused(app, client, auth, world, email):
    job_id = new_job(app, "ranking", edition_id=world["edition"])
    auth.login(email)
    for path in PATHS:
        assert client.get(path.format(id=job_id)).status_code == 403, path


def test_anonymous_visitors_are_sent_to_login_and_unknown_jobs_are_not_found(
        app, client, auth, world):
    job_id = new_job(app, "ranking", edition_id=world["edition"])
    for path in PATHS:
        response = client.get(path.format(id=job_id))
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(ORGANISER)
    for path in PATHS:
        assert client.get(path.format(id=job_id + 1)).status_code == 404, path
    assert client.get(f"/organizer/jobs/{job_id}").status_code == 200
    assert client.get(f"/organizer/jobs/{job_id}/file").status_code == 404  # not a ZIP job


def test_the_job_posts_need_the_csrf_token(app, client, auth, world):
    auth.login(ORGANISER)
    for path in (f"/organizer/editions/{world['edition']}/judging/remind",
                 f"/organizer/editions/{world['edition']}/results/run"):
        assert client.post(path, data={"method": "mean", "round": "1"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0
    assert auth.post(f"/organizer/editions/{world['edition']}/judging/remind").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 1


def test_the_json_runs_a_fixed_number_of_statements(app, client, auth, world):
    ranking = new_job(app, "ranking", edition_id=world["edition"], state=JobState.DONE,
                      result={"run_id": 3, "entries": 9}, done=9, total=9)
    orphan = new_job(app, "national_zip", edition_id=None)
    auth.login(ORGANISER)
    counts = []
    for job_id in (ranking, orphan, ranking):
        with count_queries(app) as counter:
            assert client.get(f"/organizer/jobs/{job_id}.json").status_code == 200
        counts.append(counter.count)
    # the signed-in session with its user, the job; the edition with its fields, criteria and
    # award tiers (load_edition) when the job has one: whatever its progress or result
    assert counts == [6, 2, 6]
