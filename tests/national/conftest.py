"""A second deployment for package round trips: its own SQLite database (migrated once per
session) and its own instance and upload folders, beside the test's `app`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade

from contest import create_app
from contest.extensions import db
from tests.conftest import base_config, close_app


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("national-template") / "template.db"
    app = create_app(base_config(tmp_path_factory.mktemp("national-migrate"),
                                 "sqlite:///" + str(path)))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def national_app(sqlite_template, tmp_path):
    """The national body's deployment: another database, another upload folder."""
    path = tmp_path / "national.db"
    shutil.copyfile(sqlite_template, path)
    app = create_app(base_config(tmp_path / "national-instance", "sqlite:///" + str(path)))
    yield app
    close_app(app)
