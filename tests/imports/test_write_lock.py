"""The SQLite write lock while a large import writes: a judge's autosaves go on, none waits
more than a second, none meets "database is locked", and the import is complete.

The database is a SQLite file of the test's own (WAL), whatever the suite runs on: the lock
is SQLite's. The import runs as the command line would, in a process of its own.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from contest import create_app
from contest.extensions import db
from contest.models import ContestKind, Edition, Entry, ImportRun, ImportState, Phase
from contest.services.assignments import add_assignment
from tests import factories
from tests.conftest import Auth, base_config, close_app, csrf_token

PROJECT = Path(__file__).resolve().parents[2]
ROWS = 10_000
HEADER = "Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị"


def build(tmp_path: Path):
    """The app on its own SQLite file: a youth edition to import into, and a judge with one
    assignment in an edition being judged."""
    app = create_app(base_config(tmp_path / "instance", f"sqlite:///{tmp_path / 'lock.db'}"))
    with app.app_context():
        upgrade()
        target = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                        birth_date_to=date(2019, 7, 31))
        judged = factories.make_edition(phase=Phase.JUDGING)
        judge = factories.make_judge(judged, [judged.fields[0]], email="gk@example.vn")
        entry = factories.make_eligible_entry(judged)
        assignment = add_assignment(entry=entry, judge=judge, round_number=1, actor=None)
        db.session.commit()
        ids = (target.id, assignment.id, judged.criteria[0].id)
    return app, ids


def import_process(app, edition_id: int, path: Path) -> subprocess.Popen:
    env = {**os.environ, "CONTEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CONTEST_INSTANCE_PATH": app.instance_path, "CONTEST_SECRET_KEY": "test"}
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "contest", "import-entries", str(edition_id),
         str(path)], cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def import_state(app) -> tuple[ImportState | None, int]:
    with app.app_context():
        run = db.session.scalar(select(ImportRun))
        return (run.state, run.written) if run is not None else (None, 0)


def test_autosaves_wait_at_most_a_second_while_10000_entries_are_imported(tmp_path):
    app, (edition_id, assignment_id, criterion_id) = build(tmp_path)
    try:
        path = tmp_path / "ho-so.csv"
        path.write_text("\n".join([HEADER] + [
            f"Sản phẩm {n},hoc-tap,Học sinh {n};Bạn {n},01/01/2012;02/02/2012,"
            f"Trường THCS số {n % 50}" for n in range(ROWS)]) + "\n", encoding="utf-8-sig")
        client = app.test_client()
        auth = Auth(client)
        auth.login("gk@example.vn")
        token = csrf_token(client, f"/judge/assignments/{assignment_id}")
        version, waits, during_writes, answers = 0, [], 0, []
        started = time.monotonic()
        child = import_process(app, edition_id, path)
        while child.poll() is None:
            state, written = import_state(app)
            began = time.monotonic()
            saved = auth.client.post(f"/judge/assignments/{assignment_id}/autosave", data={
                "version": str(version), f"score_{criterion_id}": str(len(waits) % 20),
                "csrf_token": token})
            waits.append(time.monotonic() - began)
            answers.append((saved.status_code, saved.get_json()))
            if saved.status_code == 200:
                version = saved.get_json()["version"]
            if state == ImportState.WRITING and written > 0:
                during_writes += 1
        elapsed = time.monotonic() - started
        out, err = child.communicate()
        assert child.returncode == 0, err
        assert f"Đã nhập {ROWS} hồ sơ" in out
        assert "database is locked" not in err
        assert [code for code, _json in answers if code != 200] == [], answers[:3]
        print(f"\n{len(waits)} autosaves during a {elapsed:.1f} s import ({during_writes} "
              f"while batches were committed); longest wait {max(waits) * 1000:.0f} ms")
        assert during_writes >= 10, (during_writes, elapsed)
        assert max(waits) < 1.0
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Entry).where(
                Entry.edition_id == edition_id)) == ROWS
            assert db.session.scalar(select(ImportRun.state)) == ImportState.DONE
            assert db.session.get(Edition, edition_id).entry_seq == ROWS
    finally:
        close_app(app)

