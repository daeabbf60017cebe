"""The integrity check: attachment rows against their files, orphan files, scores and sheets
against the assignments they belong to, imports left "writing"; and the repair that moves
orphans aside (and removes the rows of a dead import: contest.imports.runs.undo_import).

A file reaches its final name before its row is committed (see services.attachments), so a
worker killed in between leaves an orphan file, never a row without its file. While the site
serves, a file of an upload about to commit also looks like an orphan for an instant: the
repair therefore moves only orphans older than a minimum age.
"""
from __future__ import annotations

import enum
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from contest.clock import now
from contest.extensions import db
from contest.queries.integrity import (
    attachment_files,
    scores_without_sheet,
    sheets_without_assignment,
)
from contest.services.backup import sha256_of
from contest.services.file_storage import LocalStorage, storage_of
from contest.services.import_runs import writing_imports


class ProblemKind(enum.StrEnum):
    MISSING_FILE = "missing-file"
    CHANGED_FILE = "changed-file"
    MISSING_THUMBNAIL = "missing-thumbnail"
    ORPHAN_FILE = "orphan-file"
    SCORE_WITHOUT_SHEET = "score-without-sheet"
    SHEET_WITHOUT_ASSIGNMENT = "sheet-without-assignment"
    UNFINISHED_IMPORT = "unfinished-import"  # still "writing": its process may have died


@dataclass(frozen=True)
class Problem:
    """One thing wrong: its kind, the row concerned (if any) and the file (if any)."""

    kind: ProblemKind
    row_id: int | None = None
    path: str | None = None  # relative to the upload folder; an import's file name
    at: datetime | None = None  # an import's last batch


def find_problems(place: LocalStorage | Path) -> list[Problem]:
    """Every problem found in the uploads' storage (or the folder it is named by), rows first,
    then orphan files."""
    storage = storage_of(place)
    problems: list[Problem] = []
    known: set[str] = set()
    for row_id, edition_id, stored, thumbnail, size, sha256 in db.session.execute(
            attachment_files()):
        relative = f"{edition_id}/{stored}"
        known.add(relative)
        path = storage.path(relative)
        if not path.is_file():
            problems.append(Problem(ProblemKind.MISSING_FILE, row_id, relative))
        elif path.stat().st_size != size or sha256_of(path) != sha256:
            problems.append(Problem(ProblemKind.CHANGED_FILE, row_id, relative))
        if thumbnail:
            relative = f"{edition_id}/{thumbnail}"
            known.add(relative)
            if not storage.exists(relative):
                problems.append(Problem(ProblemKind.MISSING_THUMBNAIL, row_id, relative))
    problems += [Problem(ProblemKind.SHEET_WITHOUT_ASSIGNMENT, row_id)
                 for row_id in db.session.scalars(sheets_without_assignment())]
    problems += [Problem(ProblemKind.SCORE_WITHOUT_SHEET, row_id)
                 for row_id in db.session.scalars(scores_without_sheet())]
    problems += [Problem(ProblemKind.UNFINISHED_IMPORT, run.id, run.file_name, run.updated_at)
                 for run in writing_imports()]
    problems += [Problem(ProblemKind.ORPHAN_FILE, path=relative)
                 for relative in stored_files(storage) if relative not in known]
    return problems


def stored_files(place: LocalStorage | Path) -> list[str]:
    """Every stored file's key (temporary ones of cut-off uploads included), sorted."""
    return list(storage_of(place).keys())  # noqa: SIM118 - a storage, not a dict


def orphan_folder(upload_root: Path) -> Path:
    """The dated folder beside the uploads where a repair puts orphans."""
    stamp = now().strftime("%Y%m%d-%H%M%S")
    return upload_root.parent / f"{upload_root.name}-orphans-{stamp}"


def move_orphans(upload_root: Path, orphans: list[str], *,
                 min_age_seconds: float) -> tuple[Path, list[str], list[str]]:
    """Move orphan files (never delete them) into a dated folder beside the uploads, keeping
    their relative paths; (folder, moved, left because younger than min_age_seconds)."""
    upload_root = Path(upload_root)
    folder = orphan_folder(upload_root)
    moved, recent = [], []
    started = time.time()
    for relative in orphans:
        source = upload_root / relative
        try:
            age = started - source.stat().st_mtime
        except FileNotFoundError:
            continue  # gone meanwhile (a temporary file of an upload that finished)
        if age < min_age_seconds:
            recent.append(relative)
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        moved.append(relative)
    if moved:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    return folder, moved, recent
