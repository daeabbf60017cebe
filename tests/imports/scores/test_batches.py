"""A scores import written in batches: a failure in a late batch leaves nothing of it, and the
judge's draft it was to replace is as the judge left it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.database import writing
from contest.extensions import db
from contest.imports import scores as scores_module
from contest.imports.runs import start_import, write_import
from contest.models import Assignment, AuditEvent, ImportRow, ImportRun, ImportState, ScoreSheet
from tests.imports.scores.world import count, judge_saves_online, sheet_of, sheet_rows, stored

FULL = {"moi": "20", "ap-dung": "21", "hieu-qua": "22"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "IMPORT_BATCH_ROWS": 3,  # a batch per sheet of three criteria
            "IMPORT_TRANSACTION_SECONDS": 0, "IMPORT_PAUSE_SECONDS": 0}


def start(judging, lines: list[str], **options) -> int:
    data = ("\ufeff" + "\n".join(["Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét",
                                  *lines]) + "\n").encode()
    with writing():
        run = start_import(kind="scores", edition=judging.edition, user=None, data=data,
                           name="phieu-cham.csv", options=options)
        db.session.commit()
    return run.id


def test_a_failure_in_a_late_batch_removes_the_earlier_batches_and_keeps_the_draft(
        judging, monkeypatch):
    a, b = judging.entries[:2]
    gk0, gk1 = judging.judges[:2]
    draft = judge_saves_online(judging, a, gk1, {"moi": "10", "ap-dung": "11"})
    before = stored(draft)
    assignments, sheets = count(Assignment), count(ScoreSheet)
    run_id = start(judging, [*sheet_rows(a, "gk0@example.vn", FULL),
                             *sheet_rows(b, "gk0@example.vn", FULL),
                             *sheet_rows(a, "gk1@example.vn", FULL),  # replaces the draft
                             *sheet_rows(b, "gk1@example.vn", FULL)], replace_drafts=True)
    written = scores_module.write_new_sheets
    calls = []

    def third_batch_fails(plans, **kwargs):
        calls.append(len(plans))
        if len(calls) == 3:
            raise OSError("No space left on device")
        return written(plans, **kwargs)
    monkeypatch.setattr(scores_module, "write_new_sheets", third_batch_fails)
    committed = []
    with pytest.raises(OSError):
        write_import(run_id, progress=lambda rows: committed.append(
            count(ScoreSheet) - sheets))  # read from the committed batches
    assert calls == [1, 1, 1] and committed == [1, 2]  # two batches were committed

    db.session.expire_all()
    assert sheet_of(a, gk0) is None and sheet_of(b, gk0) is None and sheet_of(b, gk1) is None
    assert (count(Assignment), count(ScoreSheet)) == (assignments, sheets)
    assert stored(draft) == before
    run = db.session.get(ImportRun, run_id)
    assert (run.state, run.file_id, count(ImportRow)) == (ImportState.FAILED, None, 0)
    assert "No space left on device" in run.error
    undone = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "edition.import_undone"))
    assert undone.after["import"] == run_id
    assert undone.after["removed"] == 2  # the two assignments added; their sheets go with them


def test_every_batch_committed_and_the_draft_replaced_in_the_last(judging):
    a, b = judging.entries[:2]
    gk0, gk1 = judging.judges[:2]
    draft = judge_saves_online(judging, a, gk1, {"moi": "10", "ap-dung": "11"})
    run_id = start(judging, [*sheet_rows(a, "gk0@example.vn", FULL),
                             *sheet_rows(b, "gk0@example.vn", FULL),
                             *sheet_rows(a, "gk1@example.vn", FULL)], replace_drafts=True)
    steps = []
    result = write_import(run_id, progress=steps.append)
    assert steps == [3, 3]  # the two new sheets, a batch each; the draft in the last step
    assert (result.count, result.drafts_replaced) == (3, 1)
    db.session.expire_all()
    assert [sheet_of(e, j).total for e, j in ((a, gk0), (b, gk0), (a, gk1))] == [63, 63, 63]
    assert sheet_of(a, gk1).id == draft.id
    run = db.session.get(ImportRun, run_id)
    assert (run.state, run.rows, run.written, count(ImportRow)) == (ImportState.DONE, 9, 6, 0)
