"""make bench-national at its smallest: 2 provinces × 50 entries on the suite's database (the
PostgreSQL test database when TEST_DATABASE_URL is set, else a SQLite file), its table's
statement counts equal at 1 and 2 provinces and the intake of both lists complete."""
from __future__ import annotations

import pytest

from bench.national import run
from contest import create_app
from tests.conftest import base_config, close_app


@pytest.fixture
def bench_uri(database_uri_for_test, tmp_path):
    """The suite's database for the bench, emptied afterwards as every test leaves it."""
    yield database_uri_for_test
    close_app(create_app(base_config(tmp_path / "cleanup", database_uri_for_test)))


def test_the_pages_run_as_many_statements_at_one_and_two_provinces(bench_uri, tmp_path):
    rows, findings, builds = run(tmp_path / "bench", bench_uri, 2, 50, repeats=1,
                                  page_repeats=1)

    by_name = {row.what: row for row in rows}
    pages = [name.removesuffix(", 1 province") for name in by_name
             if name.endswith(", 1 province") and not name.startswith("rank")]
    assert pages == ["dashboard", "editions list", "entries list", "judges list",
                     "judging progress", "results", "national list", "users", "audit log",
                     "mail outbox", "national intake (national organiser)"]
    for page in pages:
        one, two = by_name[f"{page}, 1 province"], by_name[f"{page}, 2 provinces"]
        assert one.statements == two.statements, page
        assert 0 < one.statements < 20, page
        assert one.note == "", page
        assert two.note == "same statements", page
    for label in ("1 province", "2 provinces"):
        rank = by_name[f"rank --method zscore, whole command, {label}"]
        assert (rank.size.split(",")[0], rank.note) == ("50 rows", "")
    intake = by_name["national intake: lock 2 lists × 20 (service, a commit each)"]
    assert intake.size == "40 entries, 40 files copied"
    assert intake.note.startswith("40 sha256 checked on disk")
    assert list(builds) == ["1 province", "provinces 2–2"]
    if bench_uri.startswith("postgresql"):
        explained = [f.split(":")[0] for f in findings if f.endswith("statements explained")]
        assert explained == ["editions list", "entries list"]
    else:
        assert findings == ["EXPLAIN skipped: not PostgreSQL"]
