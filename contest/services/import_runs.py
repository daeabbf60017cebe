"""Imports written in batches: their record, the rows they wrote, and their undoing.

An import commits batch by batch so that no transaction holds the SQLite write lock for long;
all or nothing is kept by the import's record. Every row it inserts is tagged (import_row),
the record says "writing" until its last batch, which also marks it done; an import that
fails has its tagged rows removed, and one whose process died is found "writing" by the
integrity check, whose repair removes them.

Tags are a side table rather than a column on each written table: the written tables keep
their shape, and rows that go with a tagged row (an entry's authors, a sheet's scores) are
removed by their foreign keys' ON DELETE CASCADE without a tag of their own.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from contest import clock
from contest.extensions import db
from contest.i18n import show_datetime
from contest.models import Edition, ImportFile, ImportRow, ImportRun, ImportState, User
from contest.services import DomainError
from contest.services.audit import record_event

# The tables an import inserts into, in the order their rows are removed (children first).
UNDO_ORDER = ("score_sheet", "assignment", "panel_member", "judge", "entry", "user", "unit")
KIND_NAMES = {"entries": _l("hồ sơ"), "judges": _l("giám khảo"), "scores": _l("phiếu chấm")}


def writing_import(edition_id: int) -> ImportRun | None:
    """The import of the edition that is writing now, if any."""
    return db.session.scalar(select(ImportRun).where(
        ImportRun.edition_id == edition_id, ImportRun.state == ImportState.WRITING))


def busy_message(run: ImportRun):
    """Which import is writing into the edition, and since when, in words."""
    return _l("Lần nhập %(kind)s số %(id)s (tệp “%(file)s”) đang ghi vào cuộc thi này từ "
              "%(at)s; hãy đợi lần nhập đó xong rồi thử lại.",
              kind=KIND_NAMES.get(run.kind, run.kind), id=run.id, file=run.file_name,
              at=show_datetime(run.started_at))


def refuse_while_importing(edition: Edition) -> None:
    """Refuse work on an edition (another import, a ranking run) while an import writes."""
    run = writing_import(edition.id)
    if run is not None:
        raise DomainError(busy_message(run))


def begin_import(*, kind: str, edition: Edition, user: User | None, file: ImportFile,
                 options: dict | None = None) -> ImportRun:
    """Record a new import of the file, refused while another import of the edition writes."""
    refuse_while_importing(edition)
    now = clock.now()
    run = ImportRun(kind=kind, edition_id=edition.id, user_id=user.id if user else None,
                    file_id=file.id, file_name=file.file_name, options=options or {},
                    state=ImportState.WRITING, started_at=now, updated_at=now)
    try:
        with db.session.begin_nested():  # the unique index: a start on another server
            db.session.add(run)
    except IntegrityError:
        raise DomainError(busy_message(writing_import(edition.id) or run)) from None
    return run


def tag_rows(run: ImportRun, table_name: str, ids: list[int]) -> None:
    """Record rows the import inserted, to be removed if it does not finish."""
    if ids:
        db.session.execute(insert(ImportRow), [
            {"import_id": run.id, "table_name": table_name, "row_id": row_id} for row_id in ids])


def record_progress(run: ImportRun, *, rows: int, written: int) -> None:
    """The rows committed so far; the time says the import is alive."""
    db.session.execute(update(ImportRun).where(ImportRun.id == run.id).values(
        rows=rows, written=written, updated_at=clock.now()))


def finish_import(run: ImportRun, *, written: int) -> None:
    """Mark the import done (in its last batch's transaction) and drop its file and tags."""
    now = clock.now()
    run.state, run.written, run.updated_at, run.finished_at = (
        ImportState.DONE, written, now, now)
    file_id, run.file_id = run.file_id, None
    db.session.flush()
    db.session.execute(delete(ImportRow).where(ImportRow.import_id == run.id))
    if file_id is not None:
        db.session.execute(delete(ImportFile).where(ImportFile.id == file_id))


def remove_rows(run: ImportRun, limit: int) -> int:
    """Remove up to `limit` rows the import wrote (children first); 0 once none is left."""
    for table_name in UNDO_ORDER:
        ids = list(db.session.scalars(select(ImportRow.row_id).where(
            ImportRow.import_id == run.id, ImportRow.table_name == table_name).limit(limit)))
        if ids:
            table = db.metadata.tables[table_name]
            keep = _still_used(table_name, ids)
            db.session.execute(delete(table).where(table.c.id.in_(set(ids) - keep)))
            db.session.execute(delete(ImportRow).where(
                ImportRow.import_id == run.id, ImportRow.table_name == table_name,
                ImportRow.row_id.in_(ids)))
            return len(ids)
    return 0


def _still_used(table_name: str, ids: list[int]) -> set[int]:
    """Units the import created that rows written since (an entrant's author) point to."""
    if table_name != "unit":
        return set()
    tables = db.metadata.tables
    used = set()
    for name, column in (("author", "unit_id"), ("user", "unit_id"),
                         ("entry", "organisation_id"), ("entry", "teacher_unit_id")):
        col = tables[name].c[column]
        used |= set(db.session.scalars(select(col).where(col.in_(ids)).distinct()))
    return used


def fail_import(run: ImportRun, *, error: str, actor: User | None, removed: int) -> None:
    """Mark an import whose rows are all removed failed, audited."""
    now = clock.now()
    run.state, run.error, run.updated_at, run.finished_at = (
        ImportState.FAILED, error[:2000], now, now)
    file_id, run.file_id = run.file_id, None
    db.session.flush()
    if file_id is not None:
        db.session.execute(delete(ImportFile).where(ImportFile.id == file_id))
    edition = db.session.get(Edition, run.edition_id)
    if edition is not None:
        record_event(actor=actor, action="edition.import_undone", target=edition, after={
            "import": run.id, "kind": run.kind, "file": run.file_name, "removed": removed,
            "error": error[:500]})


def stale_imports(older_than: datetime) -> list[ImportRun]:
    """Imports still "writing" whose last batch was committed before `older_than`."""
    return list(db.session.scalars(select(ImportRun).where(
        ImportRun.state == ImportState.WRITING, ImportRun.updated_at < older_than)
        .order_by(ImportRun.id)))


def writing_imports() -> list[ImportRun]:
    """Every import still "writing"."""
    return list(db.session.scalars(select(ImportRun).where(
        ImportRun.state == ImportState.WRITING).order_by(ImportRun.id)))
