"""Configuration layers and the generated secret key."""
from __future__ import annotations

import stat
from pathlib import Path

from contest import create_app
from contest.config import database_uri


def test_secret_key_is_generated_once_with_private_permissions(tmp_path, monkeypatch):
    monkeypatch.delenv("CONTEST_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    first = create_app(config)
    key_file = Path(tmp_path) / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    second = create_app(config)
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    other = tmp_path / "other"
    third = create_app({**config, "INSTANCE_PATH": str(other)})
    assert third.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_layers_defaults_instance_file_environment_then_tests(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('PAGE_SIZE = 20\nMAIL_SENDER = "tu-tep@example.vn"\n')
    monkeypatch.setenv("CONTEST_MAIL_SENDER", "tu-moi-truong@example.vn")
    monkeypatch.setenv("CONTEST_MAIL_USE_TLS", "true")
    monkeypatch.setenv("CONTEST_TRUSTED_HOSTS", "a.example.vn, b.example.vn")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "k", "MAIL_USE_TLS": False})
    assert app.config["PAGE_SIZE"] == 20
    assert app.config["MAIL_SENDER"] == "tu-moi-truong@example.vn"
    assert app.config["MAIL_USE_TLS"] is False
    assert app.config["TRUSTED_HOSTS"] == ["a.example.vn", "b.example.vn"]
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_turns_secure_cookies_on(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTEST_ENV", "production")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "k", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_selects_postgresql_with_psycopg(tmp_path, monkeypatch):
    assert database_uri("postgresql://u@db/contest", "/x") == "postgresql+psycopg://u@db/contest"
    assert database_uri("postgres://u@db/contest", "/x") == "postgresql+psycopg://u@db/contest"
    assert database_uri(None, "/srv/instance") == "sqlite:////srv/instance/contest.db"
    monkeypatch.delenv("CONTEST_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://a@b/c")
    monkeypatch.setenv("CONTEST_MAIL_PORT", "2525")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    assert app.config["DATABASE_URL"] == "postgresql://a@b/c"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://a@b/c"
    assert app.config["MAIL_PORT"] == 2525


def test_any_setting_is_read_from_its_prefixed_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTEST_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("CONTEST_PAGE_SIZE", "20")
    monkeypatch.setenv("CONTEST_MAIL_USE_SSL", "yes")
    monkeypatch.setenv("CONTEST_SESSION_COOKIE_SECURE", "off")
    monkeypatch.setenv("CONTEST_MAIL_PASSWORD", "123456")
    monkeypatch.setenv("CONTEST_SECRET_KEY", "0042")
    monkeypatch.setenv("SECRET_KEY", "not-this-one")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["PAGE_SIZE"] == 20
    assert app.config["MAIL_USE_SSL"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["MAIL_PASSWORD"] == "123456"
    assert app.config["SECRET_KEY"] == "0042"


def test_redis_url_selects_shared_rate_limit_storage(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "k"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
