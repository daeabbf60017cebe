"""Uploaded files kept between the preview and the confirmation, in the database (every app
server sees them), under a random token.

The confirmation imports the very bytes that were previewed. Claiming is one UPDATE that only
an unclaimed, fresh upload of the same user, kind and edition matches, so a double click, a
second tab or another server cannot import it twice; uploads older than an hour are purged,
except the file an import is still writing from.
"""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from contest import clock
from contest.extensions import db
from contest.models import Edition, ImportFile, ImportRun, ImportState, User

MAX_AGE = timedelta(hours=1)
TOKEN = re.compile(r"[a-f0-9]{32}")


def stash(*, data: bytes, name: str, kind: str, edition: Edition, user: User | None) -> str:
    """Keep the upload and return its token."""
    purge()
    token = secrets.token_hex(16)
    db.session.add(ImportFile(token=token, kind=kind, edition_id=edition.id,
                              user_id=user.id if user is not None else None,
                              file_name=name[:255], data=data, created_at=clock.now()))
    db.session.flush()
    return token


def claim(token: str, *, kind: str, edition: Edition, user: User | None) -> ImportFile | None:
    """The upload behind the token, taken once by the user who uploaded it for this kind and
    edition within the hour; None otherwise."""
    if not TOKEN.fullmatch(token or ""):
        return None
    now = clock.now()
    table = ImportFile.__table__
    owner = table.c.user_id.is_(None) if user is None else table.c.user_id == user.id
    taken = db.session.execute(update(table).where(
        table.c.token == token, table.c.claimed_at.is_(None), owner,
        table.c.kind == kind, table.c.edition_id == edition.id,
        table.c.created_at > now - MAX_AGE).values(claimed_at=now))
    if taken.rowcount != 1:
        return None
    return db.session.scalar(select(ImportFile).where(ImportFile.token == token))


def purge() -> None:
    """Delete uploads older than an hour that no writing import still reads."""
    still_read = select(ImportRun.file_id).where(
        ImportRun.state == ImportState.WRITING, ImportRun.file_id.is_not(None))
    db.session.execute(delete(ImportFile).where(
        ImportFile.created_at < clock.now() - MAX_AGE, ImportFile.id.not_in(still_read)))
