"""The two provinces of world.py for the tests that ask for `provinces`: on SQLite built once
and copied for each test, on PostgreSQL built by each test (its tables are truncated)."""
from __future__ import annotations

import shutil

import pytest

from contest import create_app
from contest.extensions import db
from tests.conftest import PG_URI, base_config
from tests.views.organisations.world import Province, build_provinces


@pytest.fixture(scope="session")
def provinces_template(migrated_database, tmp_path_factory):
    if PG_URI:
        return None
    folder = tmp_path_factory.mktemp("provinces")
    path = folder / "world.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
    app = create_app(base_config(folder / "instance", "sqlite:///" + str(path)))
    provinces = build_provinces(app)
    with app.app_context():
        db.engine.dispose()
    return path, folder / "instance", provinces


@pytest.fixture
def database_uri_for_test(database_uri_for_test, request, tmp_path):
    """A copy of the provinces' database (and uploads) where the test asks for them."""
    if PG_URI or "provinces" not in request.fixturenames:
        return database_uri_for_test
    path, instance, _provinces = request.getfixturevalue("provinces_template")
    shutil.copyfile(path, tmp_path / "test.db")
    shutil.copytree(instance, tmp_path / "instance", dirs_exist_ok=True)
    return "sqlite:///" + str(tmp_path / "test.db")


@pytest.fixture
def provinces(app, provinces_template) -> tuple[Province, Province]:
    return build_provinces(app) if provinces_template is None else provinces_template[2]
