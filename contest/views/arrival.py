"""When a request counts as sent, for the submission deadline: the moment it arrived — the
trusted proxy's X-Request-Start (nginx: `proxy_set_header X-Request-Start "t=${msec}";`), else
the moment this app first saw it — less a grace period (SUBMISSION_GRACE_SECONDS) that covers
the time a request waits for a busy worker and a slow upload. A dossier sent before the deadline
is on time even if a worker takes it after."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app, g, request

from contest import clock

HEADER = "X-Request-Start"
TRUSTED_SKEW = timedelta(minutes=10)  # a header further from our clock than this is ignored


def note_arrival() -> None:
    """Remember when the request reached the app (a blueprint's first before_request hook)."""
    g.setdefault("arrived_at", clock.now())


def arrived_at() -> datetime:
    """The proxy's time of arrival when one is trusted and sane, else the app's."""
    seen = g.get("arrived_at") or clock.now()
    if current_app.config.get("PROXY_FIX"):
        stamped = _header_time(request.headers.get(HEADER, ""))
        if stamped is not None and abs(stamped - seen) <= TRUSTED_SKEW:
            return min(stamped, seen)
    return seen


def sent_at() -> datetime:
    """The instant the deadline rules judge the request by: its arrival less the grace."""
    return arrived_at() - timedelta(seconds=current_app.config["SUBMISSION_GRACE_SECONDS"])


def _header_time(value: str) -> datetime | None:
    """`t=1733040000.123` (seconds), or milliseconds or microseconds since the epoch."""
    text = value.strip().removeprefix("t=")
    try:
        number = float(text)
    except ValueError:
        return None
    if not 0 < number < 1e17:
        return None
    seconds = number / 1e6 if number > 1e14 else number / 1e3 if number > 1e11 else number
    return datetime.fromtimestamp(seconds, UTC)
