"""A job's progress bar in a real browser: job-progress.js polls the JSON, moves the bar while
a worker thread runs the job, then shows the result link without a reload (no CSP error)."""
from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from contest import jobs
from contest.extensions import db
from contest.jobs.runners import RUNNERS
from contest.models import Role
from contest.services.jobs import start_job
from tests import factories
from tests.e2e.test_browser import fill_login

pytestmark = pytest.mark.e2e
ORGANISER = "btc@example.vn"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOB_QUEUE": "memory", "JOB_PROGRESS_SECONDS": 0}


def test_the_bar_moves_while_the_job_runs_and_the_link_comes_without_a_reload(
        app, page, console_errors, monkeypatch):
    halfway, go_on = threading.Event(), threading.Event()

    def runner(job, progress):
        progress(2, total=5, message="Đã xếp hạng 2/5 lĩnh vực")
        halfway.set()
        assert go_on.wait(30)
        return {"run_id": 41, "entries": 120}

    monkeypatch.setitem(RUNNERS, "ranking", runner)
    with app.app_context():
        organiser = factories.make_user(Role.ORGANIZER, email=ORGANISER)
        edition = factories.make_edition()
        job_id = start_job("ranking", edition=edition, actor=organiser, parameters={}).id
        db.session.commit()
    huey = jobs.queue(app)
    fill_login(page, ORGANISER, factories.PASSWORD)
    page.goto(f"/organizer/jobs/{job_id}")
    bar = page.locator("progress#job-progress")
    assert bar.get_attribute("value") is None  # queued: size unknown, the bar is indeterminate
    expect(page.locator("#job-state")).to_have_text("Đang chờ")
    worker = threading.Thread(target=lambda: huey.execute(huey.dequeue()))
    worker.start()
    assert halfway.wait(10)
    expect(page.locator("#job-state")).to_have_text("Đang chạy")
    expect(page.locator("#job-count")).to_have_text("2/5")
    expect(page.locator("#job-message")).to_have_text("Đã xếp hạng 2/5 lĩnh vực")
    assert (bar.evaluate("b => [b.value, b.max]")) == [2, 5]
    page.evaluate("window.notReloaded = true")
    go_on.set()
    worker.join(20)
    link = page.get_by_role("link", name="Xem lần xếp hạng (120 hồ sơ)")
    expect(link).to_have_attribute("href", re.compile(r"/organizer/runs/41$"))
    expect(page.locator("#job-state")).to_have_text("Đã xong")
    assert bar.evaluate("b => [b.value, b.max]") == [5, 5]
    assert page.evaluate("window.notReloaded") is True  # updated in place, not reloaded
    assert console_errors == []
