"""Structured logs: one JSON line per request with its id, user, endpoint, status and duration,
the app's own INFO lines kept, and the same format under gunicorn (gunicorn.conf.py)."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from contest import create_app
from contest.logging import JsonFormatter
from contest.models import Role
from tests import factories
from tests.conftest import Auth

ROOT = Path(__file__).resolve().parent.parent


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "contest.request"]


def test_each_request_is_one_line_with_its_id_user_endpoint_status_and_duration(
        app, client, caplog):
    with app.app_context():
        user = factories.make_user(Role.JUDGE, email="gk@example.vn")
        factories.db.session.commit()
        user_id = user.id
    Auth(client).login("gk@example.vn")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="contest"):
        answer = client.get("/judge/")
    [line] = request_lines(caplog)
    assert answer.headers["X-Request-Id"] == line.request_id
    assert len(line.request_id) == 32
    assert (line.user_id, line.endpoint, line.method, line.path, line.status) == (
        user_id, "judge.dashboard", "GET", "/judge/", 200)
    assert line.duration_ms >= 0
    as_json = json.loads(JsonFormatter().format(line))
    assert as_json["request_id"] == line.request_id
    assert as_json["level"] == "INFO"
    assert as_json["logger"] == "contest.request"
    assert as_json["message"] == "GET /judge/ 200"


def test_a_request_id_is_taken_from_the_proxy_only_when_one_is_trusted(app_config, caplog):
    given = {"X-Request-Id": "lb-7f3a.42"}
    assert create_app(app_config).test_client().get(
        "/healthz", headers=given).headers["X-Request-Id"] != "lb-7f3a.42"
    app_config["PROXY_FIX"] = 1
    behind = create_app(app_config).test_client()
    assert behind.get("/healthz", headers=given).headers["X-Request-Id"] == "lb-7f3a.42"
    unsafe = behind.get("/healthz", headers={"X-Request-Id": "a b\"{}"})
    assert unsafe.headers["X-Request-Id"] != "a b\"{}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_writes_its_lines_and_the_apps_as_json(tmp_path):
    port = free_port()
    env = {**os.environ, "CONTEST_INSTANCE_PATH": str(tmp_path / "instance"),
           "CONTEST_SECRET_KEY": "k", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "2", "CONTEST_ENV": "development"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
         "contest:create_app()"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        answer = None
        for _ in range(200):
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.05)
        assert answer is not None and answer.status == 200
        request_id = answer.headers["X-Request-Id"]
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]  # every line JSON
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"]
               for line in lines)
    [mine] = [line for line in lines if line.get("request_id") == request_id]
    assert (mine["logger"], mine["endpoint"], mine["status"]) == (
        "contest.request", "health.healthz", 200)
