"""A large import as a job: the confirmed file written batch by batch by imports.runs (each
batch its own short transaction), its progress in rows, then what the page does after an
import (a judges import e-mails its new accounts' invitations, through the outbox).

A job started again after its worker died finds its import part-written: it removes what was
written (the import is marked failed) and asks for the file again, rather than writing the
file a second time over the first half."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import notifications
from contest.extensions import db
from contest.imports.runs import undo_import, write_import
from contest.models import ImportRun, ImportState, Job, User
from contest.services import DomainError

KIND = "import"
STOPPED = _l("Lần nhập đã dừng giữa chừng khi worker bị tắt; các dòng đã ghi đã được gỡ bỏ. "
             "Hãy tải tệp lên lại để nhập.")


def run_import(job: Job, progress) -> dict[str, Any]:
    """Write the import named by the job; the result counts what it wrote, by its kind."""
    import_id, total = job.parameters["import_id"], job.parameters.get("rows")
    run = db.session.get(ImportRun, import_id)
    if run is None or run.state != ImportState.WRITING:
        raise DomainError(_("Lần nhập này không còn chờ ghi."))
    actor = db.session.get(User, job.user_id) if job.user_id else None
    if run.written:  # a dead worker's half: take it away, never write the file twice
        db.session.commit()
        undo_import(import_id, error="the worker stopped mid-import", actor=actor)
        raise DomainError(STOPPED)
    db.session.commit()  # ends the read: the import owns its transactions
    progress(0, total=total, message=_("Đang kiểm tra tệp…"))
    written = 0

    def step(rows: int) -> None:
        nonlocal written
        written += rows
        progress(written, total=total,
                 message=_("Đã ghi %(n)s/%(total)s dòng", n=written, total=total))

    result = write_import(import_id, progress=step)
    return SUMMARIES[run.kind](result, actor)


def _entries(result, actor: User | None) -> dict[str, Any]:
    return {"kind": "entries", "count": result.count}


def _judges(result, actor: User | None) -> dict[str, Any]:
    for user, token in result.invitations:  # outbox rows, committed with the job's end
        notifications.send_invitation(user, token, actor)
    return {"kind": "judges", "count": result.count, "invited": len(result.invitations)}


def _scores(result, actor: User | None) -> dict[str, Any]:
    return {"kind": "scores", "count": result.count, "final": result.final_count,
            "drafts": len(result.drafts)}


SUMMARIES = {"entries": _entries, "judges": _judges, "scores": _scores}
