"""The judge's autosave while the database takes no write: the page keeps the typed score,
says the system is busy, and saves it by itself once the database is back (a 503 with
retry: true). The database lives on a small tmpfs, filled up for the outage."""
from __future__ import annotations

import errno
import os
from decimal import Decimal

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect

from contest import create_app
from contest.extensions import db
from contest.models import Assignment
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_judge_browser import (  # noqa: F401 - the judging fixture
    SAVED,
    autosave_status,
    judging,
    open_queue,
    score_input,
)
from tests.tmpfs import mounted_tmpfs

pytestmark = pytest.mark.e2e
BUSY = "Hệ thống đang bận, dữ liệu của bạn an toàn, vui lòng thử lại sau một phút."


@pytest.fixture
def disk(tmp_path):
    with mounted_tmpfs(tmp_path / "disk", "16m") as path:
        yield path


@pytest.fixture
def app_config(app_config, disk):
    """The suite's settings on a SQLite database of its own on the small disk (the outage is
    made on that file), whichever database the rest of the suite runs on."""
    config = {**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{disk / 'test.db'}"}
    migrating = create_app(config)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    return config


def fill(path) -> None:
    """Take every free byte of the small disk: SQLite's next write finds it full."""
    fd = os.open(path / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 65536):
            pass
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)


def test_an_autosave_refused_by_a_busy_server_is_kept_and_sent_again(
        app, phone, judging, disk, console_errors):  # noqa: F811
    queue = open_queue(phone)
    phone.goto(queue[0])
    criterion = "Khả năng áp dụng"
    fill(disk)
    try:
        score_input(phone, criterion).fill("20")
        expect(autosave_status(phone)).to_have_text(BUSY)
        expect(score_input(phone, criterion)).to_have_value("20")
    finally:
        (disk / "filler").unlink()
    expect(autosave_status(phone)).to_have_text(SAVED, timeout=TIMEOUT_MS + 15_000)
    with app.app_context():
        assignment = db.session.get(Assignment, int(queue[0].rstrip("/").rsplit("/", 1)[1]))
        assert assignment.sheet.total == Decimal(20)
    assert all("503" in error for error in console_errors), console_errors
