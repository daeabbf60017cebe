"""Production (CONTEST_ENV=production) refuses to start without the settings all servers share;
development keeps making its own secret key in instance/."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from contest import create_app
from contest.config import ConfigurationError

ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def production(monkeypatch):
    for name in ("SECRET_KEY", "REDIS_URL", "CONTEST_SECRET_KEY", "CONTEST_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONTEST_ENV", "production")


@pytest.mark.parametrize(("given", "missing"), [
    ({}, "SECRET_KEY and REDIS_URL"),
    ({"SECRET_KEY": "k"}, "needs REDIS_URL"),
    ({"REDIS_URL": REDIS}, "needs SECRET_KEY"),
])
def test_production_refuses_to_start_without_secret_key_and_redis(
        tmp_path, production, given, missing):
    with pytest.raises(ConfigurationError, match=missing):
        create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    **given})
    assert not (tmp_path / "secret_key").exists()  # no key of its own made up


def test_production_starts_with_both(tmp_path, production):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "k", "REDIS_URL": REDIS})
    assert app.config["SECRET_KEY"] == "k"
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS


def test_development_still_makes_its_key_in_instance(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "REDIS_URL", "CONTEST_SECRET_KEY", "CONTEST_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONTEST_ENV", "development")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()


def test_gunicorn_stops_at_once_with_the_message(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("SECRET_KEY", "REDIS_URL", "CONTEST_SECRET_KEY", "CONTEST_REDIS_URL")}
    env.update(CONTEST_ENV="production", CONTEST_INSTANCE_PATH=str(tmp_path),
               GUNICORN_BIND="127.0.0.1:0")
    run = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
         "contest:create_app()"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60)
    assert run.returncode != 0
    assert "CONTEST_ENV=production needs SECRET_KEY and REDIS_URL" in run.stderr
