"""Sáng tạo: contest management for Vietnamese innovation contests."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from contest import config as config_module
from contest import logging as app_logging
from contest.database import configure_sqlite
from contest.extensions import csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config → extensions → blueprints → CLI."""
    instance_path = os.environ.get("CONTEST_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))
    if test_config and "INSTANCE_PATH" in test_config:
        instance_path = str(test_config["INSTANCE_PATH"])
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, test_config)
    app_logging.init_app(app)  # first: its request timer and id cover every other hook
    init_extensions(app)
    register_blueprints(app)
    from contest import cli, i18n, security  # noqa: I001 (kept together: app wiring)

    i18n.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(config_module.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    config_module.load_environment(app.config)
    if test_config:
        app.config.update(test_config)
    config_module.refuse_incomplete_production(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.ensure_secret_key(app.instance_path)
    # A connection is checked before use: after a database restart no request gets a dead one.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "pool_pre_ping": True, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        config_module.database_uri(app.config.get("DATABASE_URL"), app.instance_path),
    )
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["ENV"] == "production"
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    app.config.setdefault("UPLOAD_FOLDER", str(Path(app.instance_path) / "uploads"))
    if app.config["PROXY_FIX"]:
        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def register_blueprints(app: Flask) -> None:
    from contest.views import (
        auth,
        entrant,
        errors,
        files,
        health,
        judge,
        organisation_pages,
        organizer,
        public,
    )
    from contest.views.params import IntegerConverter

    app.url_map.converters["int"] = IntegerConverter  # before any route is added
    for module in (public, auth, entrant, judge, organizer, organisation_pages, files, health):
        app.register_blueprint(module.bp)
    errors.init_app(app)
