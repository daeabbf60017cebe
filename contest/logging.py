"""Structured logs: one JSON object a line, for the app's own loggers (`contest.*`) and gunicorn,
and one line per request with its id, user, endpoint, status and duration.

The request id comes from the trusted proxy's X-Request-Id (only behind PROXY_FIX, and only a
short token) or is made here; the response echoes it so a user's report can be found."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
STARTED = "request_started"  # in g: perf_counter() when the request began
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
HANDLER_NAME = "contest-json"
request_log = logging.getLogger("contest.request")


class JsonFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, the request id when there is
    one, and the `extra` fields a caller passed."""

    STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
        "message", "asctime", "taskName"}

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g and "request_id" not in vars(record):
            line["request_id"] = g.request_id
        line.update({key: value for key, value in vars(record).items()
                     if key not in self.STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str | int = "INFO") -> None:
    """Send the `contest` loggers' lines (INFO and up by default) to stderr as JSON, once."""
    logger = logging.getLogger("contest")
    logger.setLevel(level)
    if not any(handler.get_name() == HANDLER_NAME for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)


def init_app(app: Flask) -> None:
    """Log every request as one line; call before the other hooks so its time covers them."""
    configure_logging(app.config["LOG_LEVEL"])

    @app.before_request
    def start_request():
        g.setdefault(STARTED, time.perf_counter())
        g.request_id = _request_id(app)

    @app.after_request
    def log_request(response):
        request_id = g.get("request_id") or _request_id(app)
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get(STARTED)
        request_log.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={
                "request_id": request_id,
                "user_id": _user_id(),
                "endpoint": request.endpoint,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": None if started is None
                else round((time.perf_counter() - started) * 1000, 1),
            })
        return response


def _request_id(app: Flask) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if app.config["PROXY_FIX"] and SAFE_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def _user_id() -> int | None:
    """The signed-in user's id when this request loaded it (never a database query here)."""
    user = g.get("_login_user")  # Flask-Login's per-request user
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
