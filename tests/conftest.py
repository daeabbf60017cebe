"""Fixtures: app, client, runner, auth helper, outbox, and a fresh database per test.

The schema is built once per session by the migrations (never create_all): a SQLite
template file that each test copies, or, when TEST_DATABASE_URL is set, a PostgreSQL
database whose tables are truncated after each test.
"""
from __future__ import annotations

import email
import os
import re
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from contest import create_app
from contest.config import database_uri
from contest.extensions import db
from tests import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PG_URI = database_uri(TEST_DATABASE_URL, "") if TEST_DATABASE_URL else None
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
# Packages whose tests give the same signal on any database: the pure ranking and assignment
# packages, and the browser tests (which test the pages, not the SQL). `make test-postgres`
# deselects them with -m "not db_independent"; the SQLite pass runs them.
DB_INDEPENDENT_PACKAGES = ("ranking", "judging", "e2e")


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test of DB_INDEPENDENT_PACKAGES db_independent."""
    tests = Path(__file__).parent
    packages = [tests / name for name in DB_INDEPENDENT_PACKAGES]
    for item in items:
        if any(item.path.is_relative_to(package) for package in packages):
            item.add_marker(pytest.mark.db_independent)


def base_config(instance: Path, uri: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": uri,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8,  # cheap argon2id
    }


def reset_postgres_schema(uri: str) -> None:
    engine = create_engine(uri, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    """Run the migrations once: a template SQLite file, or the PostgreSQL test database."""
    if PG_URI:
        reset_postgres_schema(PG_URI)
        uri = PG_URI
    else:
        uri = "sqlite:///" + str(tmp_path_factory.mktemp("template") / "template.db")
    app = create_app(base_config(tmp_path_factory.mktemp("migrate-instance"), uri))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return uri


def truncate_all(app) -> None:
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def database_uri_for_test(migrated_database, tmp_path) -> str:
    if PG_URI:
        return migrated_database
    path = tmp_path / "test.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
    return "sqlite:///" + str(path)


@pytest.fixture
def app_config(database_uri_for_test, tmp_path) -> dict:
    """Override in a test module to change settings before the app is built."""
    return base_config(tmp_path / "instance", database_uri_for_test)


def close_app(app) -> None:
    """Leave the database as the next test expects: PostgreSQL's tables emptied, SQLite's
    connections closed (its file goes with the test's folder). The app's own database decides:
    a test may run its app on a SQLite file of its own in a PostgreSQL run."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        truncate_all(app)
    else:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(app_config):
    """The application. No context stays pushed: each request gets its own session, as in
    production, and test code opens `with app.app_context():` where it touches the database."""
    app = create_app(app_config)
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def module_app(migrated_database, tmp_path_factory):
    """One application and database for a whole module of table-driven cases. A case opens
    its own app context and commits nothing: its flushed rows are rolled back when the
    context ends, so the cases stay independent without a database each."""
    if PG_URI:
        uri = migrated_database
    else:
        path = tmp_path_factory.mktemp("module") / "test.db"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
        uri = "sqlite:///" + str(path)
    app = create_app(base_config(tmp_path_factory.mktemp("module-instance"), uri))
    yield app
    close_app(app)


@pytest.fixture
def ctx(app):
    """The app with its application context pushed (service-level tests)."""
    with app.app_context():
        yield app


@pytest.fixture
def upload_root(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token of the client's session, read from a page's meta tag."""
    page = client.get(path)
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


class Auth:
    """Signs a test client in and out through the real login form."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = factories.PASSWORD, **extra):
        data = {"email": email, "password": password, "csrf_token": csrf_token(self.client)}
        data.update(extra)
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client)})

    def post(self, path: str, data: dict | None = None, **kwargs):
        form = {"csrf_token": csrf_token(self.client)}
        form.update(data or {})
        return self.client.post(path, data=form, **kwargs)


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


class Outbox:
    """The messages the app wrote to instance/outbox/ (no SMTP configured in tests)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        if not self.folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def last(self) -> email.message.EmailMessage:
        found = self.messages()
        assert found, "no e-mail was sent"
        return found[-1]

    def link(self, pattern: str) -> str:
        """The path of the first link in the last message that contains `pattern`."""
        body = self.last().get_content()
        match = re.search(r"https?://[^/\s]+(\S*" + re.escape(pattern) + r"\S*)", body)
        assert match, f"no link with {pattern!r} in: {body}"
        return match.group(1)


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.instance_path) / "outbox")
