"""Prometheus metrics for /metrics: request latency, the outbox's mails by status and the job
queue's depth. prometheus_client loads with this module, which contest.views.health imports
only when METRICS_ENABLED is set (a web worker starts without it)."""
from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from contest.extensions import db
from contest.jobs import queue
from contest.queries.outbox import outbox_counts
from contest.views.transaction import forget_failed

REQUEST_SECONDS = Histogram(
    "contest_request_duration_seconds", "Time to answer a request, by endpoint and status.",
    ["endpoint", "method", "status"])


class QueueCollector:
    """Read at each scrape: the outbox's mails by status (failed and dead ones need a person)
    and the jobs waiting in the queue. Left out when the database or queue does not answer."""

    def collect(self):
        try:
            mails = GaugeMetricFamily("contest_outbox_mails", "Mails in the outbox by status.",
                                      labels=["status"])
            for status, count in db.session.execute(outbox_counts()):
                mails.add_metric([str(status)], count)
            yield mails
        except Exception:  # noqa: BLE001 - the scrape still reports the rest
            forget_failed()
        try:
            depth = queue().pending_count()
        except Exception:  # noqa: BLE001
            return
        yield GaugeMetricFamily("contest_job_queue_depth", "Jobs waiting in the queue.",
                                value=depth)


def exposition(multiprocess_dir: bool) -> tuple[bytes, str]:
    """The scrape's body: the request histograms (summed over the gunicorn workers' files when
    PROMETHEUS_MULTIPROC_DIR is set), then the gauges read now."""
    if multiprocess_dir:
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    now = CollectorRegistry()
    now.register(QueueCollector())
    return generate_latest(requests) + generate_latest(now), CONTENT_TYPE_LATEST
