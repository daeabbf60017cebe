"""Importing a scores file runs a fixed number of SQL statements, whatever its number of rows."""
from __future__ import annotations

from sqlalchemy import func, insert, select

from contest import clock
from contest.extensions import db
from contest.imports.scores import import_scores
from contest.models import Assignment, AuditEvent, Entry, EntryStatus, Score, ScoreSheet, Screening
from tests.imports.scores.world import csv_table, sheet_rows
from tests.querycount import count_queries

SCORES = {"moi": "20", "ap-dung": "25,5", "hieu-qua": "30"}


def add_entries(judging, count: int, prefix: str) -> list[Entry]:
    """Submitted entries written in one INSERT; the first half already assigned to gk0."""
    edition = judging.edition
    db.session.execute(insert(Entry), [
        {"edition_id": edition.id, "code": f"{prefix}-{n:04d}", "title": f"Giải pháp {n}",
         "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
         "field_id": edition.fields[0].id, "submitted_at": clock.now()}
        for n in range(count)])
    entries = db.session.scalars(select(Entry).where(Entry.code.startswith(prefix + "-"))
                                 .order_by(Entry.code)).all()
    db.session.execute(insert(Assignment), [
        {"entry_id": entry.id, "judge_id": judging.judges[0].id, "round": 1}
        for entry in entries[:count // 2]])
    db.session.commit()
    return entries


def statements_of_an_import(app, judging, entries: int, prefix: str) -> tuple[int, int]:
    """(statements, rows) of importing a complete sheet by gk0 and gk1 for each entry."""
    lines = [line for entry in add_entries(judging, entries, prefix)
             for email in ("gk0@example.vn", "gk1@example.vn")
             for line in sheet_rows(entry, email, SCORES)]
    table = csv_table(*lines)
    with count_queries(app) as counter:
        result = import_scores(edition=judging.edition, actor=None, table=table)
    db.session.commit()
    assert (result.count, result.final_count, result.rows) == (2 * entries, 2 * entries,
                                                               len(lines))
    return counter.count, len(lines)


def test_ten_and_a_thousand_rows_run_the_same_statements(app, judging):
    few, few_rows = statements_of_an_import(app, judging, 2, "IT")
    many, many_rows = statements_of_an_import(app, judging, 167, "NHIEU")
    assert (few_rows, many_rows) == (12, 1002)
    assert few == many
    sheets = db.session.scalar(select(func.count()).select_from(ScoreSheet))
    assert sheets == 2 * (2 + 167)
    assert db.session.scalar(select(func.count()).select_from(Score)) == 3 * sheets
    actions = db.session.execute(select(AuditEvent.action, func.count()).where(
        AuditEvent.action != "edition.create").group_by(AuditEvent.action)).all()
    assert dict(actions) == {"assignment.add": 2 * 169 - 1 - 83, "sheet.save": sheets,
                             "sheet.finalise": sheets, "edition.import_scores": 2}
