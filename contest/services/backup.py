"""Backups: one tar archive holding the database, the uploaded files and a manifest.

Layout of the archive (an uncompressed .tar: photos and PDFs are compressed already, and the
PostgreSQL dump is compressed by pg_dump):

    manifest.json            created_at, app_version, alembic_revision, database, tables, files
    database.sqlite3         SQLite: a copy made by the online backup API
    database.pgdump          PostgreSQL: pg_dump --format=custom
    uploads/<edition>/<name> every file an attachment row of the snapshot names

The database is copied first and the files listed come from that copy's attachment rows, so
the archive is consistent while the site serves: a file reaches its final name before its row
is committed, and is removed only after its row's deletion has committed. Files are read from
and restored to the uploads storage (services.file_storage) by their keys.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from contest.clock import now
from contest.services.backup_database import (
    BackupError,
    dump_postgres,
    postgres_snapshot,
    restore_postgres,
    restore_sqlite,
)
from contest.services.file_storage import LocalStorage, storage_of

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
UPLOADS = "uploads"
FORMAT_VERSION = 1
Progress = Callable[[str], None]


@dataclass
class Snapshot:
    """What the copied database holds: row counts, revision and the files its rows name."""

    tables: dict[str, int]
    revision: str | None
    files: list[str] = field(default_factory=list)  # "<edition>/<name>", sorted


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def app_version() -> str:
    try:
        return metadata.version("contest")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_backup(destination: Path, *, engine: Engine, upload_root: LocalStorage | Path,
                 progress: Progress = lambda line: None) -> dict:
    """Write the archive at `destination` (through a temporary file renamed at the end);
    return its manifest. Files named by a row but gone by the time they are copied (deleted
    meanwhile) are listed under `missing_files`."""
    destination = Path(destination)
    storage = storage_of(upload_root)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        work = Path(work)
        if engine.dialect.name == "sqlite":
            progress("Đang sao chép cơ sở dữ liệu SQLite…")
            member, database_file = SQLITE_MEMBER, work / SQLITE_MEMBER
            snapshot = _copy_sqlite(engine, database_file)
        elif engine.dialect.name == "postgresql":
            progress("Đang xuất cơ sở dữ liệu PostgreSQL (pg_dump)…")
            member, database_file = POSTGRES_MEMBER, work / POSTGRES_MEMBER
            with postgres_snapshot(engine) as (connection, snapshot_id):
                snapshot = _read_snapshot(connection.exec_driver_sql, _postgres_tables(connection))
                dump_postgres(engine.url, snapshot_id, database_file)
        else:
            raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {engine.dialect.name}.")
        manifest = {
            "format": FORMAT_VERSION, "created_at": now().isoformat(),
            "app_version": app_version(), "alembic_revision": snapshot.revision,
            "database": {"kind": engine.dialect.name, "member": member,
                         "size": database_file.stat().st_size,
                         "sha256": sha256_of(database_file)},
            "tables": snapshot.tables, "files": [], "missing_files": [],
        }
        partial = work / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(database_file, arcname=member)
            progress(f"Đang chép {len(snapshot.files)} tệp tải lên…")
            stamp = int(now().timestamp())
            for relative in snapshot.files:
                try:
                    entry = _add_file(archive, storage, relative, stamp)
                except FileNotFoundError:
                    manifest["missing_files"].append(relative)
                    continue
                manifest["files"].append({"path": relative, **entry})
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), stamp
            archive.addfile(info, io.BytesIO(body))
        partial.replace(destination)
    return manifest


def _add_file(archive: tarfile.TarFile, storage: LocalStorage, key: str, stamp: int) -> dict:
    """Add one stored file under uploads/, hashing exactly the bytes written into the archive."""
    with storage.open(key) as handle:
        data = handle.read()
    info = tarfile.TarInfo(f"{UPLOADS}/{key}")
    info.size, info.mtime = len(data), stamp
    archive.addfile(info, io.BytesIO(data))
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _copy_sqlite(engine: Engine, target: Path) -> Snapshot:
    """Copy the live database with sqlite3's online backup API, then read the copy."""
    source = sqlite3.connect(engine.url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        names = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        snapshot = _read_snapshot(copy.execute, names)
    finally:
        copy.close()
        source.close()
    return snapshot


def _postgres_tables(connection) -> list[str]:
    return list(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())


def _read_snapshot(execute, names: list[str]) -> Snapshot:
    # The names come from the database's own catalogue, not from a user.
    tables = {name: execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
              for name in sorted(names)}
    revision = None
    if "alembic_version" in tables:
        row = execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    files: list[str] = []
    if "attachment" in tables:
        rows = execute("SELECT entry.edition_id, attachment.stored_name, "
                       "attachment.thumbnail_name FROM attachment "
                       "JOIN entry ON entry.id = attachment.entry_id").fetchall()
        for edition_id, stored, thumbnail in rows:
            files.extend(f"{edition_id}/{name}" for name in (stored, thumbnail) if name)
    return Snapshot(tables, revision, sorted(files))


def read_manifest(source: Path) -> dict:
    """The manifest of an archive, or BackupError when the file is not one of ours."""
    try:
        with tarfile.open(source, "r") as archive:
            member = archive.extractfile(MANIFEST)
            return json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"“{source}” không phải là bản sao lưu đọc được ({error}).") from None


def unpack_checked(source: Path, work: Path, manifest: dict) -> tuple[Path, Path]:
    """Extract the database and the uploads into `work`, checking every size and sha256
    against the manifest; the database file and the uploads folder."""
    expected = {f"{UPLOADS}/{item['path']}": item for item in manifest["files"]}
    database = manifest["database"]
    expected[database["member"]] = database
    with tarfile.open(source, "r") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            item = expected.pop(member.name, None)
            if item is None or not member.isfile():
                raise BackupError(f"Bản sao lưu có “{member.name}” không có trong bảng kê.")
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as data, target.open("wb") as out:
                shutil.copyfileobj(data, out)
            if target.stat().st_size != item["size"] or sha256_of(target) != item["sha256"]:
                raise BackupError(f"Tệp “{member.name}” trong bản sao lưu không khớp mã sha256 "
                                  "của bảng kê: bản sao lưu đã bị sửa hoặc hỏng.")
    if expected:
        raise BackupError(f"Bản sao lưu thiếu {len(expected)} tệp của bảng kê, ví dụ "
                          f"“{sorted(expected)[0]}”.")
    return work / database["member"], work / UPLOADS


def restore_database(engine: Engine, database_file: Path, kind: str) -> None:
    """Replace the target database's content with the archived one."""
    if kind != engine.dialect.name:
        raise BackupError(f"Bản sao lưu là cơ sở dữ liệu {kind}, còn nơi khôi phục dùng "
                          f"{engine.dialect.name}.")
    engine.dispose()
    if kind == "sqlite":
        restore_sqlite(database_file, Path(engine.url.database))
    else:
        restore_postgres(engine, database_file)
    engine.dispose()


def place_uploads(unpacked: Path, upload_root: LocalStorage | Path) -> int:
    """Write the checked files into the uploads storage (durably, each under its key); how
    many there were."""
    storage = storage_of(upload_root)
    count = 0
    if not unpacked.exists():
        return count
    for path in sorted(p for p in unpacked.rglob("*") if p.is_file()):
        with path.open("rb") as source:
            storage.write(path.relative_to(unpacked).as_posix(),
                          lambda out, source=source: shutil.copyfileobj(source, out, 1 << 20))
        path.unlink()
        count += 1
    return count
