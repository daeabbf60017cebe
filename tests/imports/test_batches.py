"""Imports written in batches: a code taken by another user between the check and a late
batch leaves nothing of the import, nor does a judges import failing midway; an edition takes
one import at a time, and no ranking run while an import writes."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from contest.database import writing
from contest.extensions import db
from contest.imports import entries as entries_module
from contest.imports import judges as judges_module
from contest.imports import runs as runs_module
from contest.imports.runs import start_import, write_import
from contest.models import (
    ContestKind,
    Edition,
    Entry,
    ImportRow,
    ImportRun,
    ImportState,
    Judge,
    PanelMember,
    Phase,
    Role,
    Unit,
    User,
)
from contest.services import DomainError
from contest.services.import_runs import begin_import
from contest.services.results import run_ranking
from tests import factories

HEADER = "Mã hồ sơ,Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "IMPORT_BATCH_ROWS": 10, "IMPORT_TRANSACTION_SECONDS": 0,
            "IMPORT_PAUSE_SECONDS": 0}  # a transaction per batch


def entries_file(count: int) -> bytes:
    lines = [HEADER] + [f"X-{n},Sản phẩm {n},hoc-tap,Học sinh {n},01/01/2012,Trường Mới {n % 3}"
                        for n in range(1, count + 1)]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def youth_edition(app, **values) -> int:
    with app.app_context():
        edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                         birth_date_to=date(2019, 7, 31), **values)
        db.session.commit()
        return edition.id


def started(edition_id: int, data: bytes) -> int:
    with writing():
        run = start_import(kind="entries", edition=db.session.get(Edition, edition_id),
                           user=None, data=data, name="ho-so.csv")
        db.session.commit()
        return run.id


def test_a_code_taken_before_a_late_batch_leaves_nothing_of_the_import(app):
    edition_id = youth_edition(app)

    def an_entrant_takes_x25() -> None:  # another request, on its own connection
        with app.app_context(), writing():
            factories.make_entry(db.session.get(Edition, edition_id), code="X-25")
            db.session.commit()
    committed = []

    def after_batch(rows: int) -> None:
        committed.append(rows)
        if len(committed) == 1:
            thread = threading.Thread(target=an_entrant_takes_x25)
            thread.start()
            thread.join()
    with app.app_context():
        run_id = started(edition_id, entries_file(40))
        with pytest.raises(DomainError) as refused:
            write_import(run_id, progress=after_batch)
        assert "vừa thay đổi trong lúc nhập" in str(refused.value)
        assert committed == [10, 10]  # rows 21-30 hit the unique code
    with app.app_context():
        assert list(db.session.scalars(select(Entry.code))) == ["X-25"]
        assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
        run = db.session.get(ImportRun, run_id)
        assert (run.state, run.written, run.file_id) == (ImportState.FAILED, 20, None)
        assert db.session.scalar(select(func.count()).select_from(ImportRow)) == 0


def test_a_whole_file_is_written_batch_by_batch(app):
    edition_id = youth_edition(app)
    steps = []
    with app.app_context():
        run_id = started(edition_id, entries_file(25))
        result = write_import(run_id, progress=steps.append)
        assert (steps, result.count) == ([10, 10, 5], 25)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 25
        run = db.session.get(ImportRun, run_id)
        assert (run.state, run.rows, run.written) == (ImportState.DONE, 25, 25)
        assert run.finished_at is not None
        assert db.session.scalar(select(func.count()).select_from(ImportRow)) == 0


def test_a_bad_row_writes_nothing_and_fails_the_import(app):
    edition_id = youth_edition(app)
    data = entries_file(25).replace("Sản phẩm 17,hoc-tap".encode(),
                                    "Sản phẩm 17,khong-co".encode())
    with app.app_context():
        run_id = started(edition_id, data)
        with pytest.raises(DomainError) as rejected:
            write_import(run_id)
        assert [error.row for error in rejected.value.errors] == [18]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
        assert db.session.get(ImportRun, run_id).state == ImportState.FAILED


def test_an_edition_being_imported_refuses_another_import_and_ranking_runs(app, runner,
                                                                            tmp_path):
    edition_id = youth_edition(app, phase=Phase.JUDGING)
    with app.app_context():
        run_id = started(edition_id, entries_file(5))
    path = tmp_path / "ho-so.csv"
    path.write_bytes(entries_file(3))
    result = runner.invoke(args=["import-entries", str(edition_id), str(path)])
    assert result.exit_code == 1
    assert f"Lỗi: Lần nhập hồ sơ số {run_id} (tệp “ho-so.csv”) đang ghi vào cuộc thi này từ " \
        in result.output
    assert "hãy đợi lần nhập đó xong rồi thử lại." in result.output
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        with pytest.raises(DomainError) as refused:
            run_ranking(edition=edition, round_number=1, method="mean", actor=None)
        assert f"Lần nhập hồ sơ số {run_id}" in str(refused.value)
        with pytest.raises(DomainError):  # an import of another kind as well
            begin_import(kind="judges", edition=edition, user=None,
                         file=db.session.get(ImportRun, run_id).file)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(ImportRun)) == 1

        write_import(run_id)  # once it is done, the edition takes imports again
    result = runner.invoke(args=["import-entries", str(edition_id), str(path)])
    assert result.exit_code == 1 and "Mã hồ sơ X-1 đã có trong cuộc thi này." in result.output


def test_a_judges_import_failing_midway_removes_the_accounts_and_seats_it_made(app, monkeypatch):
    edition_id = youth_edition(app, phase=Phase.JUDGING)
    with app.app_context():
        factories.make_user(Role.JUDGE, email="cu@example.vn")  # already a judge
        db.session.commit()
        users_before = db.session.scalar(select(func.count()).select_from(User))
    data = ("E-mail,Họ và tên,Đơn vị,Lĩnh vực\n" + "\n".join(
        f"gk{n}@example.vn,Giám khảo {n},Viện Mới {n},hoc-tap" for n in range(25))
        + "\ncu@example.vn,Cũ,,hoc-tap\n").encode()
    enrolled = judges_module.enrol_judge
    calls = []

    def fails_at_the_23rd(**kwargs):
        calls.append(kwargs["email"])
        if len(calls) == 23:
            raise RuntimeError("the mail server's address book is down")
        return enrolled(**kwargs)
    monkeypatch.setattr(judges_module, "enrol_judge", fails_at_the_23rd)
    with app.app_context():
        with writing():
            run = start_import(kind="judges", edition=db.session.get(Edition, edition_id),
                               user=None, data=data, name="giam-khao.csv",
                               options={"invite_hours": 72})
            db.session.commit()
        with pytest.raises(RuntimeError):
            write_import(run.id)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users_before
        assert db.session.scalar(select(func.count()).select_from(Judge)) == 0
        assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 0
        assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
        assert db.session.scalar(select(func.count()).select_from(ImportRow)) == 0
        assert db.session.scalar(select(ImportRun.written)) == 20  # two batches committed


def test_an_import_that_cannot_be_undone_stays_writing_for_the_repair(app, monkeypatch):
    edition_id = youth_edition(app)
    written = entries_module.write_entries
    calls = []

    def second_batch_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return written(*args, **kwargs)

    def database_gone(run, limit):
        raise ConnectionError("the database went away")
    monkeypatch.setattr(entries_module, "write_entries", second_batch_fails)
    monkeypatch.setattr(runs_module, "remove_rows", database_gone)
    with app.app_context():
        run_id = started(edition_id, entries_file(25))
        with pytest.raises(OSError):  # the first error, not the undo's
            write_import(run_id)
    with app.app_context():
        assert db.session.get(ImportRun, run_id).state == ImportState.WRITING
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 10
    monkeypatch.undo()
    with app.app_context():
        assert runs_module.undo_import(run_id, error="repaired") == 13  # 10 entries, 3 units
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
        assert db.session.get(ImportRun, run_id).state == ImportState.FAILED
