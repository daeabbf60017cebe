"""The schema is built only by migrations, and they match the models, on SQLite and PostgreSQL."""
from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

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
