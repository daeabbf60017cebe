"""The schema is built only by migrations, and they match the models, on SQLite and PostgreSQL."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from contest import create_app
from contest.extensions import db
from tests.conftest import PG_URI, base_config


def fresh_database_uri(tmp_path) -> tuple[str, callable]:
    """An empty database of the kind this run tests, and a function that removes it."""
    if not PG_URI:
        return "sqlite:///" + str(tmp_path / "empty.db"), lambda: None
    name = f"contest_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URI, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_URI).set(database=name).render_as_string(hide_password=False), drop


EDITION_COLUMNS = (
    "id, contest_id, number, year_label, phase, max_authors, judges_per_entry, blind_judging, "
    "attachment_max_mb, max_photos, max_documents, section_max_chars, rounds, current_round, "
    "entry_seq, ranking_method, awards_per_field, tie_policy, national_count, "
    "disagreement_threshold, final_round_threshold, created_at")


def old_edition(connection, *, phase: str, entry_seq: int, extra: dict[str, str]) -> None:
    """Contest 1 and its edition 1 as an older schema stores them; `extra` holds the columns
    that schema adds, with their SQL values."""
    connection.execute(text(
        "INSERT INTO contest (id, kind, name, organiser, code_prefix, description) "
        "VALUES (1, 'youth', 'Cuộc thi', 'Liên hiệp hội', 'TTN', '')"))
    columns = ", ".join([EDITION_COLUMNS, *extra])
    values = ", ".join([
        "1, 1, 16, '2025–2026', :phase, 5, 3, false, 10, 10, 5, 5000, 1, 1, :entry_seq, "
        "'mean', false, 'flag', 20, 2000, 6000, '2026-05-01 00:00:00'", *extra.values()])
    # Only this test's own column names and literals go into the text.
    statement = f"INSERT INTO edition ({columns}) VALUES ({values})"  # noqa: S608
    connection.execute(text(statement), {"phase": phase, "entry_seq": entry_seq})


def test_migrations_build_an_empty_database_that_matches_the_models(tmp_path):
    uri, drop = fresh_database_uri(tmp_path)
    try:
        app = create_app(base_config(tmp_path / "instance", uri))
        with app.app_context():
            assert inspect(db.engine).get_table_names() == []
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {"user", "login_session", "account_token", "unit", "contest", "edition",
                    "field", "criterion", "award_tier", "audit_event", "alembic_version"} <= tables
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, db.metadata) == []
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        drop()


def test_published_editions_keep_what_entrants_saw_across_0005(tmp_path):
    """An edition published under 0004 (results read from its chosen run and the overrides)
    gets frozen versions with the same ranks, scores and awards."""
    uri, drop = fresh_database_uri(tmp_path)
    try:
        app = create_app(base_config(tmp_path / "instance", uri))
        with app.app_context():
            upgrade(revision="0004")
            with db.engine.begin() as connection:
                old_edition(connection, phase="final", entry_seq=3, extra={
                    "provisional_published_at": "'2026-05-01 00:00:00'",
                    "final_published_at": "'2026-05-20 00:00:00'",
                    "objection_ends_at": "'2026-05-16 00:00:00'"})
                connection.execute(text(
                    "INSERT INTO field (id, edition_id, code, name, position) VALUES "
                    "(1, 1, 'a', 'Lĩnh vực A', 0), (2, 1, 'b', 'Lĩnh vực B', 1)"))
                for number, field in ((1, 1), (2, 2), (3, 1)):
                    connection.execute(text(
                        "INSERT INTO entry (id, edition_id, field_id, code, title, status, "
                        "screening, entrant_type, summary, idea, structure, operation, novelty, "
                        "creativity, applicability, effectiveness, declaration_accepted, "
                        "on_paper, advanced, search_text, created_at, updated_at, version) "
                        "VALUES (:id, 1, :field, :code, 'Giải pháp', 'submitted', 'eligible', "
                        "'person', '', '', '', '', '', '', '', '', true, true, false, '', "
                        "'2026-04-01 00:00:00', '2026-04-01 00:00:00', 1)"),
                        {"id": number, "field": field, "code": f"TTN-2026-000{number}"})
                connection.execute(text(
                    "INSERT INTO ranking_run (id, edition_id, round, method, settings, "
                    "input_sha256, created_at) VALUES (1, 1, 1, 'mean', '{}', 'x', "
                    "'2026-05-01 00:00:00')"))
                connection.execute(text(
                    "INSERT INTO ranking_row (run_id, entry_id, position, rank, score, judges, "
                    "spread, stdev, flags, award, criterion_means) VALUES "
                    "(1, 1, 1, 1, 9133, 3, 0, 0, '', 'nhat', '{}'), "
                    "(1, 2, 2, 2, 8400, 3, 0, 0, '', 'nhi', '{}'), "
                    "(1, 3, 3, 3, 7000, 3, 0, 0, '', 'ba', '{}')"))
                connection.execute(text(
                    "INSERT INTO award_override (edition_id, entry_id, award, reason, decided_at) "
                    "VALUES (1, 3, 'kk', 'Hội đồng quyết định', '2026-05-02 00:00:00')"))
                connection.execute(text("UPDATE edition SET provisional_run_id = 1"))
            upgrade()
            with db.engine.connect() as connection:
                versions = connection.execute(text(
                    "SELECT version, final, run_id FROM result_publication ORDER BY version"
                )).all()
                rows = connection.execute(text(
                    "SELECT p.version, r.entry_id, r.rank, r.field_rank, r.score, r.award "
                    "FROM published_result r JOIN result_publication p "
                    "ON p.id = r.publication_id ORDER BY p.version, r.position")).all()
                days = connection.execute(text("SELECT objection_days FROM edition")).scalar()
            db.engine.dispose()
        assert [(v, bool(f), r) for v, f, r in versions] == [(1, False, 1), (2, True, 1)]
        assert rows == [(v, *row) for v in (1, 2) for row in (
            (1, 1, 1, 9133, "nhat"), (2, 2, 1, 8400, "nhi"), (3, 3, 2, 7000, "kk"))]
        assert days == 15
    finally:
        drop()


def test_runs_made_before_0006_keep_their_rows_and_get_no_stored_diagnostics(tmp_path):
    """0006 adds the stored diagnostics and input check: NULL for older runs (their page
    works both out from the current sheets), and the downgrade removes them again."""
    uri, drop = fresh_database_uri(tmp_path)
    try:
        app = create_app(base_config(tmp_path / "instance", uri))
        with app.app_context():
            upgrade(revision="0005")
            with db.engine.begin() as connection:
                old_edition(connection, phase="judging", entry_seq=0,
                            extra={"objection_days": "15"})
                connection.execute(text(
                    "INSERT INTO ranking_run (id, edition_id, round, method, settings, "
                    "input_sha256, created_at) VALUES (1, 1, 1, 'mean', '{}', 'x', "
                    "'2026-05-01 00:00:00')"))
            upgrade()
            with db.engine.connect() as connection:
                kept = connection.execute(text(
                    "SELECT id, input_sha256, diagnostics, input_check FROM ranking_run")).all()
            downgrade(revision="0005")
            columns = {c["name"] for c in inspect(db.engine).get_columns("ranking_run")}
            db.engine.dispose()
        assert kept == [(1, "x", None, None)]
        assert "diagnostics" not in columns and "input_check" not in columns
    finally:
        drop()


def test_0007_adds_the_mail_outbox_and_takes_it_away(tmp_path):
    uri, drop = fresh_database_uri(tmp_path)
    try:
        app = create_app(base_config(tmp_path / "instance", uri))
        with app.app_context():
            upgrade(revision="0006")
            assert "outbox_mail" not in inspect(db.engine).get_table_names()
            upgrade(revision="0007")
            columns = {c["name"] for c in inspect(db.engine).get_columns("outbox_mail")}
            assert columns == {"id", "recipient", "subject", "body", "kind", "entry_id",
                               "created_at", "status", "attempts", "next_attempt_at",
                               "last_error", "sent_at"}
            with db.engine.begin() as connection:
                connection.execute(text(
                    "INSERT INTO outbox_mail (recipient, subject, body, kind, created_at, "
                    "status, attempts, next_attempt_at) VALUES ('a@example.vn', 'Thư', 'Nội "
                    "dung', 'test', '2026-12-01 00:00:00', 'pending', 0, '2026-12-01 00:00:00')"))
            downgrade(revision="0006")
            assert "outbox_mail" not in inspect(db.engine).get_table_names()
            db.engine.dispose()
    finally:
        drop()


def test_0009_adds_the_import_tables_with_one_writing_import_per_edition(tmp_path):
    uri, drop = fresh_database_uri(tmp_path)
    try:
        app = create_app(base_config(tmp_path / "instance", uri))
        with app.app_context():
            upgrade(revision="0009")
            insert_run = text(
                "INSERT INTO import_run (kind, edition_id, file_name, options, state, rows, "
                "written, started_at, updated_at) VALUES ('entries', 1, 'a.csv', '{}', :state, "
                "0, 0, '2026-12-01 00:00:00', '2026-12-01 00:00:00')")
            with db.engine.begin() as connection:
                old_edition(connection, phase="open", entry_seq=0, extra={})
                for state in ("done", "done", "writing"):
                    connection.execute(insert_run, {"state": state})
            with pytest.raises(IntegrityError), db.engine.begin() as connection:
                connection.execute(insert_run, {"state": "writing"})  # a second one writing
            with db.engine.begin() as connection:
                connection.execute(insert_run, {"state": "failed"})
            downgrade(revision="0008")
            names = set(inspect(db.engine).get_table_names())
            assert not names & {"import_run", "import_row", "import_file"}
            db.engine.dispose()
    finally:
        drop()
