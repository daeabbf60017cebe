"""Uploaded files kept between the preview and the confirmation, under a random token.

The confirmation imports the very bytes that were previewed. Claiming a file renames it
first, so a double click or a second tab cannot import it twice; files older than an hour
are purged.
"""
from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

MAX_AGE_SECONDS = 60 * 60
TOKEN = re.compile(r"[a-f0-9]{32}")
NAME_SUFFIX = ".name"
CLAIMED_SUFFIX = ".claimed"


def stash(folder: Path, data: bytes, name: str) -> str:
    """Keep the upload and return its token."""
    folder.mkdir(parents=True, exist_ok=True)
    purge(folder)
    token = secrets.token_hex(16)
    _write(folder / (token + NAME_SUFFIX), name.encode("utf-8"))
    _write(folder / token, data)
    return token


def claim(folder: Path, token: str) -> tuple[bytes, str] | None:
    """The bytes and file name of a fresh upload, taken once; None if unknown, taken or old."""
    if not TOKEN.fullmatch(token or ""):
        return None
    path = folder / token
    claimed = folder / (token + CLAIMED_SUFFIX)
    try:
        os.rename(path, claimed)  # atomic: only one request wins
    except OSError:
        return None
    try:
        if time.time() - claimed.stat().st_mtime > MAX_AGE_SECONDS:
            return None
        name_file = folder / (token + NAME_SUFFIX)
        name = name_file.read_text("utf-8") if name_file.exists() else ""
        return claimed.read_bytes(), name
    finally:
        _discard(folder, token)


def purge(folder: Path, max_age: float = MAX_AGE_SECONDS) -> None:
    """Delete uploads older than max_age seconds."""
    limit = time.time() - max_age
    for path in folder.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request purged it first


def _discard(folder: Path, token: str) -> None:
    for suffix in ("", NAME_SUFFIX, CLAIMED_SUFFIX):
        (folder / (token + suffix)).unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
