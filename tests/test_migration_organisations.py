"""0010 moves a database of one organising body into one organisation with nothing lost: a
database filled under the previous schema (the demo's rows, written through 0009's tables)
keeps every row of every table, each contest and unit now belongs to the organisation (named
as the contests named their organiser) and each organiser is its member."""
from __future__ import annotations

from datetime import date

from flask_migrate import upgrade
from sqlalchemy import MetaData, select
from sqlalchemy.schema import sort_tables

from contest import create_app
from contest.extensions import db
from contest.services.demo import seed_demo
from tests.conftest import base_config
from tests.test_migrations import fresh_database_uri

NEW_TABLES = {"organisation", "membership", "alembic_version"}
NEW_COLUMNS = {("contest", "organisation_id"), ("unit", "organisation_id")}


def rows_of(connection, table) -> list[tuple]:
    columns = [c for c in table.columns if (table.name, c.name) not in NEW_COLUMNS]
    return connection.execute(select(*columns).order_by(*table.primary_key.columns)).all()


def insert_order(metadata: MetaData) -> list:
    """Parents before children; an edition's chosen ranking run (a cycle) is NULL in the demo."""
    return sort_tables(metadata.tables.values(), skip_fn=lambda fk: (
        fk.parent.table.name, fk.column.table.name) == ("edition", "ranking_run"))


def test_a_database_of_the_previous_schema_moves_into_one_organisation(tmp_path):
    source_uri, drop_source = fresh_database_uri(tmp_path / "a")
    old_uri, drop_old = fresh_database_uri(tmp_path / "b")
    (tmp_path / "a").mkdir(exist_ok=True)
    (tmp_path / "b").mkdir(exist_ok=True)
    try:
        source = create_app(base_config(tmp_path / "a" / "instance", source_uri))
        with source.app_context():
            upgrade()
            seed_demo(today=date(2026, 12, 1), one_province=True)
            db.session.commit()
            filled = MetaData()
            filled.reflect(db.engine)
            with db.engine.connect() as connection:
                before = {name: rows_of(connection, table)
                          for name, table in filled.tables.items() if name not in NEW_TABLES}
            db.engine.dispose()
        assert sum(len(rows) for rows in before.values()) > 100  # a full database

        old = create_app(base_config(tmp_path / "b" / "instance", old_uri))
        with old.app_context():
            upgrade(revision="0009")
            previous = MetaData()
            previous.reflect(db.engine)
            with db.engine.begin() as connection:
                for table in insert_order(previous):
                    if table.name in NEW_TABLES or not before.get(table.name):
                        continue
                    names = [c.name for c in table.columns]
                    source_columns = [c.name for c in filled.tables[table.name].columns
                                      if (table.name, c.name) not in NEW_COLUMNS]
                    assert names == source_columns, table.name  # 0009's shape, nothing more
                    connection.execute(table.insert(), [dict(zip(names, row, strict=True))
                                                        for row in before[table.name]])
                if connection.dialect.name == "postgresql":  # ids were given: move sequences on
                    for table in insert_order(previous):
                        if "id" in table.columns and before.get(table.name):
                            # a reflected table's own name, not input
                            statement = (f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"',"  # noqa: S608
                                         f" 'id'), (SELECT MAX(id) FROM \"{table.name}\"))")
                            connection.exec_driver_sql(statement)
            upgrade()
            after_schema = MetaData()
            after_schema.reflect(db.engine)
            with db.engine.connect() as connection:
                after = {name: rows_of(connection, after_schema.tables[name]) for name in before}
                organisations = connection.execute(select(
                    after_schema.tables["organisation"].c.id,
                    after_schema.tables["organisation"].c.code,
                    after_schema.tables["organisation"].c.name,
                    after_schema.tables["organisation"].c.kind)).all()
                contest, unit, user, membership = (after_schema.tables[n] for n in (
                    "contest", "unit", "user", "membership"))
                owners = set(connection.scalars(select(contest.c.organisation_id))) | set(
                    connection.scalars(select(unit.c.organisation_id)))
                organisers = set(connection.scalars(
                    select(user.c.id).where(user.c.role == "organizer")))
                members = connection.execute(
                    select(membership.c.user_id, membership.c.organisation_id,
                           membership.c.role)).all()
            db.engine.dispose()
    finally:
        drop_source()
        drop_old()

    assert after == before  # every row of every table, column for column
    [(organisation_id, code, name, kind)] = organisations
    assert (code, kind) == ("vinh-long", "provincial")
    assert name == "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"
    assert owners == {organisation_id}
    assert organisers and {(u, o, r) for u, o, r in members} == {
        (u, organisation_id, "organizer") for u in organisers}
