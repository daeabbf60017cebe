"""The national dossier ZIP as a job: written to EXPORT_FOLDER (shared by every server in
production) under a temporary name, then renamed, so a reader never sees half a file."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from contest.database import reading
from contest.exports.national_zip import write_national_zip
from contest.extensions import db
from contest.models import Job
from contest.queries.editions import edition_with_setup
from contest.queries.jobs import national_pick_count
from contest.services import DomainError
from contest.services.file_storage import uploads

KIND = "national_zip"


def export_folder() -> Path:
    """Where jobs leave their files: EXPORT_FOLDER, else <instance>/exports."""
    return Path(current_app.config.get("EXPORT_FOLDER")
                or Path(current_app.instance_path) / "exports")


def export_file(job: Job) -> Path | None:
    """The finished file of a job, or None (no file recorded, or a name that is not plain)."""
    name = (job.result or {}).get("file")
    if not isinstance(name, str) or not name or Path(name).name != name or name[0] == ".":
        return None
    return export_folder() / name


def write_national_dossier(job: Job, progress) -> dict:
    """Write the locked list's ZIP, one progress step per entry; the result names the file."""
    # It only reads. Run in immediate mode inside a writing request, the claim's transaction
    # would hold SQLite's write lock, and the progress (on a connection of its own) would wait
    # for it: end that transaction, and let the next ones begin deferred.
    db.session.rollback()
    with reading():
        return _write(job, progress)


def _write(job: Job, progress) -> dict:
    edition = db.session.scalar(edition_with_setup(job.edition_id))
    if edition is None:
        raise DomainError(_("Lần tổ chức này không còn tồn tại."))
    total = db.session.scalar(national_pick_count(edition.id))
    progress(0, total=total, message=_("Đang ghi hồ sơ vào tệp ZIP…"))
    folder = export_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"ho-so-toan-quoc-{edition.id}-{job.id}.zip"
    partial = folder / f".{name}.{uuid.uuid4().hex}.part"
    written = 0

    def one_entry(steps: int) -> None:
        nonlocal written
        written += steps
        progress(written, message=_("Đã ghi %(n)s/%(total)s hồ sơ", n=written, total=total))

    try:
        with partial.open("wb") as out:
            write_national_zip(edition, out, uploads().root,
                               one_entry)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    return {"file": name, "entries": total, "bytes": (folder / name).stat().st_size}
