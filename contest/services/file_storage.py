"""Where uploaded files live: one small interface, and `uploads()`, the one place that picks it.

A file is named by a key, "<edition id>/<stored name>" (POSIX, relative, no ".."). Today the
storage is a local folder, UPLOAD_FOLDER; several app servers share it by mounting the same
folder (NFS or the like) at that path. A shared or remote store (S3, an object store) would be
another class with the same methods, returned by `uploads()`: attachments, the download view,
backups and the integrity check reach files only through it.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from flask import current_app

TEMPORARY_PREFIX = ".upload-"


class LocalStorage:
    """Files under one folder of this machine (or of a folder every server mounts)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalStorage) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def path(self, key: str) -> Path:
        """The file of a key on disk; ValueError for a key that would leave the folder."""
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or "\\" in key or any(
                part in ("", ".", "..") for part in parts):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root.joinpath(*parts)

    def temporary(self, folder: str) -> tuple[BinaryIO, Path]:
        """A new temporary file (open for writing) beside the keys of `folder`, on the same
        file system, so that `save` renames it into place at once."""
        directory = self.path(folder)
        directory.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=directory, prefix=TEMPORARY_PREFIX,  # noqa: SIM115
                                             delete=False)
        return handle, Path(handle.name)

    def save(self, key: str, temporary: Path) -> None:
        """Move a written, fsynced temporary file to its key, and make the rename durable."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)
        fsync_directory(target.parent)

    def write(self, key: str, fill: Callable[[BinaryIO], object]) -> None:
        """Write a key's file durably: `fill` writes a temporary file, which is fsynced and
        renamed into place; nothing is left behind when `fill` fails."""
        handle, temporary = self.temporary(str(PurePosixPath(key).parent))
        try:
            with handle:
                fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
            self.save(key, temporary)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def open(self, key: str) -> BinaryIO:
        """The file for reading; FileNotFoundError when the key holds none."""
        return self.path(key).open("rb")

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).is_file()
        except ValueError:
            return False

    def delete(self, key: str) -> None:
        """Remove a key's file; a missing one is not an error."""
        with suppress(FileNotFoundError):
            os.unlink(self.path(key))

    def keys(self) -> Iterator[str]:
        """Every stored file's key, sorted; left-over temporaries (".upload-…") included, since
        a process killed while writing leaves one that the integrity check reports."""
        if not self.root.is_dir():
            return iter(())
        return iter(sorted(path.relative_to(self.root).as_posix()
                           for path in self.root.rglob("*") if path.is_file()))


def uploads() -> LocalStorage:
    """The current app's storage of uploaded files (UPLOAD_FOLDER)."""
    return LocalStorage(current_app.config["UPLOAD_FOLDER"])


def storage_of(place: LocalStorage | Path | str) -> LocalStorage:
    """A storage, or the local folder a caller still names by its path."""
    return place if isinstance(place, LocalStorage) else LocalStorage(place)


def fsync_directory(folder: Path) -> None:
    """Make a rename in the folder itself durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
