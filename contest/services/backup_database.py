"""The database half of backups: SQLite's online backup API, pg_dump and pg_restore."""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def find_tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda path: int(Path(path).parts[-3]) if
                        Path(path).parts[-3].isdigit() else 0)
    if not candidates:
        raise BackupError(f"Không tìm thấy {name}: hãy cài gói postgresql-client.")
    return candidates[-1]


def _libpq(url: URL) -> tuple[str, dict]:
    """The connection string for libpq tools, and an environment carrying the password
    (kept off the command line, which other users of the server can read)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def run(command: list[str], env: dict | None = None) -> None:
    """Run a database tool; its own error message in a BackupError when it fails."""
    # Our own tool and arguments, no shell.
    result = subprocess.run(command, capture_output=True, text=True, env=env,  # noqa: S603
                            check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} thất bại: {result.stderr.strip()}")


@contextmanager
def postgres_snapshot(engine: Engine) -> Iterator[tuple]:
    """A repeatable-read transaction and its exported snapshot: pg_dump and the manifest's
    counts then see the same data."""
    with (engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
          connection.begin()):
        snapshot_id = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        yield connection, snapshot_id


def dump_postgres(url: URL, snapshot_id: str, target: Path) -> None:
    dsn, env = _libpq(url)
    run([find_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--snapshot={snapshot_id}", f"--file={target}", f"--dbname={dsn}"], env)


def restore_postgres(engine: Engine, dump: Path) -> None:
    """Empty the schema (tables and enum types alike), then pg_restore the dump into it."""
    with engine.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    dsn, env = _libpq(engine.url)
    run([find_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", f"--dbname={dsn}", str(dump)], env)


def restore_sqlite(source: Path, target: Path) -> None:
    """Copy the archived file into the target database through the backup API (which also
    takes care of the target's write-ahead log)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    archived = sqlite3.connect(source)
    live = sqlite3.connect(target)
    try:
        archived.backup(live)
    finally:
        live.close()
        archived.close()


def nonempty_tables(engine: Engine) -> list[str]:
    """The tables of the target that hold rows (alembic's own table aside)."""
    if engine.dialect.name == "sqlite" and not Path(engine.url.database).exists():
        return []  # not created yet: connecting would fail when its folder is missing too
    names = [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
    with engine.connect() as connection:  # the names come from the catalogue
        full = [name for name in names if connection.execute(
            text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is not None]  # noqa: S608
    engine.dispose()
    return full
