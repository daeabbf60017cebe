"""gunicorn settings: `gunicorn -c gunicorn.conf.py "contest:create_app()"`.

Every value can be changed from the environment (GUNICORN_* below, or gunicorn's own
GUNICORN_CMD_ARGS). Logs: gunicorn's own lines in the app's JSON format on stderr; no access
log, since the app writes one JSON line per request (with its id, user, endpoint, status and
duration)."""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The app is loaded once before forking: workers share its memory, and a broken configuration
# (production without SECRET_KEY or REDIS_URL) stops the master at once instead of every worker.
preload_app = True
workers = int(os.environ.get("GUNICORN_WORKERS", os.environ.get("WEB_CONCURRENCY", "4")))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request longer than this is killed: an upload at MAX_CONTENT_LENGTH on a slow line fits.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# gunicorn 27's control socket lives in the home folder, one path for every server the user
# runs; several would fight over it and none is needed (signals manage the master).
control_socket_disable = True
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,  # the app's `contest` loggers keep their handler
    "formatters": {"json": {"()": "contest.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"handlers": [], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(),
                           "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR set (several workers' metrics summed at /metrics), forget
    the metrics files of a worker that has gone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
