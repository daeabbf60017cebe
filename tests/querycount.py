"""Counting the SQL statements a request runs (list pages must not grow with the data)."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from contest.extensions import db


class Counter:
    def __init__(self):
        self.count = 0
        self.statements: list[str] = []


@contextmanager
def count_queries(app):
    counter = Counter()

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            counter.count += 1
            counter.statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)
