"""Declarative base, shared column types and engine set-up.

SQLite write transactions take the write lock before they write: a transaction that read and
then writes must upgrade its lock, and when another connection wrote meanwhile SQLite fails at
once with "database is locked" (its snapshot is stale) whatever the busy timeout. Two ways in:

- A request or command that declares it writes (every POST but the few that read first, the
  CLI's `writing()`) begins with BEGIN IMMEDIATE: it waits (busy_timeout) for the lock, then
  reads and writes with it held.
- Any other transaction begins deferred, so reads never queue behind writers (WAL lets them
  read while one connection writes). At its first write statement the read snapshot is
  dropped (COMMIT, nothing was written) and BEGIN IMMEDIATE waits for the lock: the lock is
  held only for the writes and the commit. What was read before can have changed by then, so
  such a request must check a version in its writes (the ORM's version_id_col does) and treat
  a conflict as a stale save: the judge's autosave does.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import DateTime, Integer, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC: SQLite keeps no time zone, PostgreSQL may."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


HUNDREDTH = Decimal("0.01")


class Points(TypeDecorator):
    """A score or score limit with two decimals, stored exactly as hundredths in an integer.

    SQLite has no exact decimal type; integers keep scores exact on both databases.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        hundredths = (Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return int(hundredths)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if type(value) is int:  # the stored hundredths: exact, two places (8750 → 87.50)
            return Decimal(value).scaleb(-2)
        return (Decimal(value) / 100).quantize(HUNDREDTH)  # e.g. a SUM PostgreSQL gives as numeric


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), Decimal: Points()},
    )


_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


def set_write_intent(value: bool) -> None:
    """Declare whether the current request or command is going to write."""
    _write_intent.set(value)


def reads_first(view):
    """Mark a view that reads and validates before it writes, and checks a version in its
    writes: its request takes the SQLite write lock only at its first write (see above)."""
    view.reads_first = True
    return view


@contextmanager
def writing() -> Iterator[None]:
    """Run a block whose transactions start with BEGIN IMMEDIATE on SQLite."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def reading() -> Iterator[None]:
    """Run a block whose transactions begin deferred, even in a request that writes: a long
    validation reads without holding the SQLite write lock."""
    token = _write_intent.set(False)
    try:
        yield
    finally:
        _write_intent.reset(token)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Install WAL, foreign keys, busy timeout and explicit BEGIN on a SQLite engine."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = _write_intent.get()
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        connection.info[DEFERRED] = not immediate

    @event.listens_for(engine, "before_cursor_execute")
    def take_the_lock_to_write(connection, cursor, statement, parameters, context, many):
        if connection.info.get(DEFERRED) and _writes(statement):
            connection.info[DEFERRED] = False
            if not connection.in_nested_transaction():  # a savepoint would not survive
                raw = connection.connection.dbapi_connection
                raw.execute("COMMIT")  # only reads so far: nothing is lost
                raw.execute("BEGIN IMMEDIATE")


DEFERRED = "contest.sqlite_deferred"  # in a connection's info: its transaction has only read
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(WRITES)
