"""Database set-up: SQLite pragmas, constraints, and concurrent writers that never fail."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from contest.database import writing
from contest.extensions import db
from contest.models import AwardTier, Contest, ContestKind, Edition, Unit, UnitKind
from contest.services.organisations import default_organisation
from tests import factories


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            assert db.engine.dialect.name == "postgresql"
            assert db.session.scalar(text("select current_setting('TimeZone')")) is not None
            return
        assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 30000


def test_constraints_hold_in_the_database(app):
    with app.app_context():
        contest = Contest(kind=ContestKind.YOUTH, name="Cuộc thi", organiser="LHH",
                          code_prefix="TTN", organisation=default_organisation())
        edition = Edition(contest=contest, number=1, year_label="2026–2027")
        db.session.add(edition)
        db.session.flush()
        db.session.add(AwardTier(edition=edition, code="nhat", name="Giải Nhất",
                                 min_score=Decimal(90), quota=-1))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(Edition(contest_id=999_999, number=2, year_label="x"))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_scores_are_stored_exactly(app):
    with app.app_context():
        contest = Contest(kind=ContestKind.TECHNICAL, name="Hội thi", organiser="LHH",
                          code_prefix="STKT", organisation=default_organisation())
        edition = Edition(contest=contest, number=11, year_label="2026–2027",
                          disagreement_threshold=Decimal("17.35"))
        db.session.add(edition)
        db.session.commit()
        db.session.expire_all()
        assert db.session.scalar(select(Edition.disagreement_threshold)) == Decimal("17.35")


def test_concurrent_read_then_write_transactions_never_fail(app):
    """Eight workers each read then write 15 times at once: no 'database is locked'."""
    with app.app_context():
        unit = factories.make_unit("Trường THCS Lê Quý Đôn")
        db.session.commit()
        unit_id = unit.id
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def worker(number: int):
        barrier.wait()
        for step in range(15):
            try:
                with app.app_context(), writing():
                    parent = db.session.get(Unit, unit_id)  # read first, then write
                    db.session.add(Unit(name=f"Lớp {number}-{step}", kind=UnitKind.SCHOOL,
                                        parent=parent))
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert len(db.session.scalars(select(Unit).where(Unit.parent_id == unit_id)).all()) == 120


def test_a_transaction_that_only_read_takes_the_lock_at_its_first_write(app):
    """A deferred transaction (a reads-first request) whose snapshot another writer made stale
    still writes: its first write drops the snapshot and waits for the lock, instead of
    failing at once with 'database is locked' (SQLite's stale-snapshot error)."""
    with app.app_context():
        first = factories.make_unit("Trường Tiểu học Phú Quới")
        db.session.commit()
        first_id = first.id
    with app.app_context():
        assert db.session.get(Unit, first_id).name == "Trường Tiểu học Phú Quới"  # reads first

        def other_worker():
            with app.app_context(), writing():
                db.session.add(Unit(name="Trường THCS Long Hồ", kind=UnitKind.SCHOOL))
                db.session.commit()

        writer = threading.Thread(target=other_worker)
        writer.start()
        writer.join()
        db.session.add(Unit(name="Trường THPT Lưu Văn Liệt", kind=UnitKind.SCHOOL))
        db.session.commit()
    with app.app_context():
        names = set(db.session.scalars(select(Unit.name)))
    assert {"Trường THCS Long Hồ", "Trường THPT Lưu Văn Liệt"} <= names
