"""Running an import batch by batch: batches grouped into short transactions (BEGIN IMMEDIATE
on SQLite) with a pause between them, so web writes wait at most for one transaction; all or
nothing kept by the import's record (services.import_runs). `write_import(import_id)` is a
plain function: the command line calls it with a progress bar, a job of the queue can too.

It owns its transactions, as a job does: the caller commits the import's record first.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from contest.database import reading, writing
from contest.extensions import db
from contest.imports import entries, judges, scores, storage
from contest.imports.plan import Plan
from contest.imports.reader import Table, read_table
from contest.models import Edition, ImportFile, ImportRun, ImportState, User
from contest.services import DomainError
from contest.services.import_runs import (
    UNDO_ORDER,
    begin_import,
    fail_import,
    finish_import,
    record_progress,
    remove_rows,
    tag_rows,
)

log = logging.getLogger(__name__)
# The function that checks a file of each kind and plans its writes:
# (edition=, actor=, table=, batch_rows=, **the import's options) -> Plan.
PLANNERS: dict[str, Callable[..., Plan]] = {
    "entries": entries.plan_entries, "judges": judges.plan_judges, "scores": scores.plan_scores}


def start_import(*, kind: str, edition: Edition, user: User | None, data: bytes, name: str,
                 options: dict | None = None) -> ImportRun:
    """Keep the file and record its import (the command line: no preview). Flushes."""
    token = storage.stash(data=data, name=name, kind=kind, edition=edition, user=user)
    file = storage.claim(token, kind=kind, edition=edition, user=user)
    return begin_import(kind=kind, edition=edition, user=user, file=file, options=options)


def write_import(import_id: int, progress: Callable[[int], None] | None = None,
                 table: Table | None = None) -> Any:
    """Check the import's file, then write it batch by batch and mark it done: the kind's
    result. Raises ImportRejected (a bad row: nothing written) or DomainError; a failure
    midway removes what the earlier batches wrote and marks the import failed. `table` is
    the file already read by the caller, if it was."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False  # no reload per row
    try:
        return _write(session, import_id, progress, table)
    finally:
        session.expire_on_commit = expire


def _write(session, import_id: int, progress, table: Table | None) -> Any:
    with reading():  # the check reads the whole file's worth of rows: no lock held
        run = session.get(ImportRun, import_id)
        if run is None or run.state != ImportState.WRITING or run.file_id is None:
            session.commit()
            raise DomainError(_l("Lần nhập này không còn chờ ghi."))
        edition = session.get(Edition, run.edition_id)
        actor = session.get(User, run.user_id) if run.user_id is not None else None
        try:
            if table is None:
                file = session.get(ImportFile, run.file_id)
                table = read_table(file.data, file.file_name)
            plan = PLANNERS[run.kind](
                edition=edition, actor=actor, table=table,
                batch_rows=current_app.config["IMPORT_BATCH_ROWS"], **run.options)
            session.commit()  # ends the read; a rollback would expire every loaded row
        except BaseException as error:
            _abandon(session, run, error, actor)
            raise
    written, pending = 0, list(plan.batches)
    try:
        while pending:
            with writing(), _new_rows(session) as new:
                done = _one_transaction(run, pending)
                for table_name, ids in new.items():
                    tag_rows(run, table_name, ids)
                written += done
                record_progress(run, rows=plan.rows, written=written)
                session.commit()
            if progress is not None:
                progress(done)
            if pending:
                _let_others_write()
        with writing():
            result = plan.finish(run)
            finish_import(run, written=written)
            session.commit()
    except IntegrityError as error:  # another user's write since the check took a row's place
        _abandon(session, run, error, actor)
        raise DomainError(_l("Dữ liệu của cuộc thi vừa thay đổi trong lúc nhập (một dòng của "
                             "tệp trùng với dữ liệu mới lưu); chưa nhập dòng nào. Hãy tải tệp "
                             "lên lại để kiểm tra rồi nhập.")) from None
    except BaseException as error:
        _abandon(session, run, error, actor)
        raise
    return result


def _one_transaction(run: ImportRun, pending: list) -> int:
    """Write batches from the front of `pending` until the transaction has held the lock for
    IMPORT_TRANSACTION_SECONDS (one batch at least): the rows written."""
    limit = current_app.config["IMPORT_TRANSACTION_SECONDS"]
    began, done = time.monotonic(), 0
    while pending and (done == 0 or time.monotonic() - began < limit):
        done += pending.pop(0)(run)
    return done


def _let_others_write() -> None:
    """On SQLite, leave the write lock free long enough for a waiting writer's busy handler
    (which sleeps up to 100 ms between tries) to take it."""
    if db.engine.dialect.name == "sqlite":
        time.sleep(current_app.config["IMPORT_PAUSE_SECONDS"])


def _abandon(session, run: ImportRun, error: BaseException, actor: User | None) -> None:
    """Undo what the import wrote; if even that fails (the database went away), it stays
    "writing" for check-integrity --repair, and the first error is the one raised."""
    session.rollback()
    try:
        undo_import(run.id, error=str(error) or type(error).__name__, actor=actor)
    except Exception:
        session.rollback()
        log.exception("import %s could not be undone; check-integrity --repair removes it",
                      run.id)


def undo_import(import_id: int, *, error: str, actor: User | None = None) -> int:
    """Remove the rows an unfinished import wrote, a batch per transaction, and mark it
    failed: the number of rows removed (their cascaded children not counted)."""
    session = db.session()
    batch_rows = current_app.config["IMPORT_BATCH_ROWS"]
    removed = 0
    while True:
        with writing():
            run = session.get(ImportRun, import_id)
            if run is None or run.state != ImportState.WRITING:
                session.rollback()
                return removed
            count = remove_rows(run, batch_rows)
            removed += count
            if count == 0:
                fail_import(run, error=error, actor=actor, removed=removed)
            session.commit()
        if count == 0:
            return removed
        _let_others_write()


@contextmanager
def _new_rows(session) -> Iterator[dict[str, list[int]]]:
    """The ids of the rows the ORM inserts meanwhile (a new judge's account, a unit), by
    table, among the tables an undo removes from."""
    found: dict[str, list[int]] = {}
    undoable = set(UNDO_ORDER)

    def collect(flushing, flush_context) -> None:
        if flushing is not session:
            return
        for instance in flushing.new:
            name = getattr(instance, "__tablename__", None)
            if name in undoable:
                found.setdefault(name, []).append(instance.id)

    event.listen(session, "after_flush", collect)
    try:
        yield found
    finally:
        event.remove(session, "after_flush", collect)
