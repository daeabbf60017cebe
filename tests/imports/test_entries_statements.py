"""Importing an entries file runs a fixed number of SQL statements, whatever its number of rows."""
from __future__ import annotations

from sqlalchemy import func, select

from contest.extensions import db
from contest.imports.entries import import_entries
from contest.models import AuditEvent, Author, Entry, Unit
from tests.imports.test_entries_import import EN_HEADER, csv_file, youth_edition
from tests.querycount import count_queries


def rows(count: int, start: int, school: str) -> list[str]:
    """Entries of two new schools, two authors each."""
    return [f",Máy số {n},hoc-tap,Nguyễn Văn An {n}; Trần Thị Bình {n},15/03/2012; 02/09/2011,"
            f"Trường {school} {n % 2},,," for n in range(start, start + count)]


def test_ten_and_a_thousand_rows_run_the_same_statements(app, ctx):
    edition = youth_edition()
    counts = []
    for table in (csv_file(EN_HEADER, *rows(10, 0, "Một")),
                  csv_file(EN_HEADER, *rows(1000, 10, "Hai"))):
        with count_queries(app) as counter:
            result = import_entries(edition=edition, actor=None, table=table)
        db.session.commit()
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert result.count == 1000
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 1010
    assert db.session.scalar(select(func.count()).select_from(Author)) == 2020
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 4
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "entry.import")) == 1010
    last = result.entries[-1]
    assert (last.title, [a.full_name for a in last.authors], last.authors[0].unit.name) == (
        "Máy số 1009", ["Nguyễn Văn An 1009", "Trần Thị Bình 1009"], "Trường Hai 1")
    assert last.search_text == f"{last.code.lower()} may so 1009 nguyen van an 1009 truong hai 1 " \
                               "tran thi binh 1009 truong hai 1"
