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
from tests.national_dossier import locked_dossier

PROVINCE = "vinh-long"


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


@pytest.fixture
def exported(app, tmp_path):
    """The province's side: a locked list, its key, its package. (package, dossier, key)"""
    with app.app_context():
        dossier = locked_dossier()
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-organisation-key", PROVINCE])
    assert made.exit_code == 0, made.output
    public_key = made.output.strip().splitlines()[-1]
    key_file = Path(app.instance_path) / "keys" / f"{PROVINCE}.ed25519.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    package = tmp_path / "goi-vinh-long.zip"
    done = runner.invoke(args=["export-national-package", str(dossier.edition_id), str(package)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Đã xuất gói 3 hồ sơ")
    return package, dossier, public_key, key_file
