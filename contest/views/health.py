"""For load balancers and monitoring: /healthz (the process answers, no database), /readyz (the
parts a request needs answer: database, job queue, disk space, Redis when configured) and
/metrics (Prometheus, behind METRICS_ENABLED)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from sqlalchemy import text

from contest.extensions import db
from contest.jobs import backend, queue
from contest.logging import STARTED
from contest.permissions import PUBLIC
from contest.security import guard_blueprint
from contest.views.transaction import forget_failed

bp = Blueprint("health", __name__)
guard_blueprint(bp, PUBLIC)

@bp.route("/healthz")
def healthz():
    return jsonify(ok=True)


@bp.route("/readyz")
def readyz():
    redis = _redis(current_app.config["REDIS_URL"]) if current_app.config.get("REDIS_URL") \
        else None
    checks = {"database": _database(), "queue": _queue(redis), "disk": _disk()}
    if redis is not None:
        checks["redis"] = redis
    ready = all(check["ok"] for check in checks.values())
    response = jsonify(ok=ready, checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/metrics")
def metrics():
    if not current_app.config["METRICS_ENABLED"]:
        abort(404)
    from contest.views import metrics  # noqa: PLC0415 - prometheus_client only where it is used

    body, content_type = metrics.exposition(bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR")))
    return Response(body, mimetype=content_type)


@bp.after_app_request
def observe_latency(response):
    started = g.get(STARTED)
    if current_app.config["METRICS_ENABLED"] and started is not None:
        from contest.views.metrics import REQUEST_SECONDS  # noqa: PLC0415

        REQUEST_SECONDS.labels(request.endpoint or "none", request.method,
                               str(response.status_code)).observe(time.perf_counter() - started)
    return response


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        return {"ok": True}
    except Exception as error:  # noqa: BLE001 - a readiness probe reports, never raises
        forget_failed()
        return {"ok": False, "error": type(error).__name__}


def _queue(redis: dict | None) -> dict:
    """The job queue's storage (huey's SQLite file or Redis) answers; how many jobs wait."""
    kind = backend(current_app.config)
    if kind == "redis" and redis is not None and not redis["ok"]:
        # Asked without a timeout, huey's client would hang on a Redis that never answers.
        return {"ok": False, "backend": kind, "error": redis["error"]}
    try:
        return {"ok": True, "backend": kind, "pending": queue().pending_count()}
    except Exception as error:  # noqa: BLE001 - a readiness probe reports, never raises
        return {"ok": False, "backend": kind, "error": type(error).__name__}


def _disk() -> dict:
    """Free space where the database (instance/) and the uploads are written."""
    least = current_app.config["READY_MIN_FREE_MB"] * 1024 * 1024
    places = {"instance": current_app.instance_path,
              "uploads": current_app.config["UPLOAD_FOLDER"]}
    free = {name: _free_bytes(Path(path)) for name, path in places.items()}
    return {"ok": all(value >= least for value in free.values()),
            "free_mb": {name: value // (1024 * 1024) for name, value in free.items()},
            "min_free_mb": current_app.config["READY_MIN_FREE_MB"]}


def _free_bytes(path: Path) -> int:
    while not path.exists() and path != path.parent:  # the uploads folder comes with the first
        path = path.parent
    return shutil.disk_usage(path).free


def _redis(url: str) -> dict:
    import redis  # noqa: PLC0415 - only when Redis is configured

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
        return {"ok": True}
    except redis.RedisError as error:
        return {"ok": False, "error": type(error).__name__}
