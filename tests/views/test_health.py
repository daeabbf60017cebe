"""Health endpoints for a load balancer, and Prometheus metrics behind their setting."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from contest import create_app
from contest.extensions import db
from contest.models import MailStatus, OutboxMail
from tests.conftest import base_config


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_ready_when_the_database_and_disk_answer(client):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.get_json()
    assert body["ok"] is True
    assert set(body["checks"]) == {"database", "queue", "disk"}
    assert body["checks"]["database"] == {"ok": True}
    assert client.get("/healthz").get_json() == {"ok": True}


def test_healthz_answers_without_a_database_and_readyz_says_it_is_missing(tmp_path):
    nowhere = tmp_path / "missing-folder" / "contest.db"  # SQLite cannot open it
    app = create_app(base_config(tmp_path / "instance", f"sqlite:///{nowhere}"))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_readyz_fails_when_the_disk_has_less_free_space_than_the_setting(app_config):
    app_config["READY_MIN_FREE_MB"] = 10**12  # more than any disk here
    ready = create_app(app_config).test_client().get("/readyz")
    assert ready.status_code == 503
    disk = ready.get_json()["checks"]["disk"]
    assert disk["ok"] is False
    assert set(disk["free_mb"]) == {"instance", "uploads"}


def test_readyz_pings_redis_when_configured(app_config):
    app_config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    ready = create_app(app_config).test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_count_request_latency_by_endpoint_and_status(app_config):
    app_config["METRICS_ENABLED"] = True
    client = create_app(app_config).test_client()
    client.get("/login")
    client.get("/no/such-page")  # no route (one segment may be an organisation)
    text = client.get("/metrics").get_data(as_text=True)
    assert ('contest_request_duration_seconds_count{endpoint="auth.login",method="GET",'
            'status="200"}') in text
    assert 'endpoint="none",method="GET",status="404"' in text


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own on a free port."""
    assert shutil.which("redis-server"), "redis-server is needed (.ci/run installs it)"
    port = closed_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                break
        except OSError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_readyz_is_ready_with_a_redis_that_answers(app_config, redis_url):
    app_config["REDIS_URL"] = redis_url
    ready = create_app(app_config).test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["redis"] == {"ok": True}


def test_metrics_show_the_outbox_by_status_and_the_job_queue_depth(app_config):
    app_config["METRICS_ENABLED"] = True
    app = create_app(app_config)
    with app.app_context():
        for status in (MailStatus.DEAD, MailStatus.DEAD, MailStatus.PENDING):
            db.session.add(OutboxMail(recipient="a@example.vn", subject="Thư", body="…",
                                      kind="test", status=status))
        db.session.commit()
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'contest_outbox_mails{status="dead"} 2.0' in text
    assert 'contest_outbox_mails{status="pending"} 1.0' in text
    assert "contest_job_queue_depth 0.0" in text  # tests run jobs at once
