"""Time as the contest rules see it: instants in UTC, calendar days in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def vietnam_date(instant: datetime) -> date:
    """The calendar day in Việt Nam at this instant."""
    return instant.astimezone(VIETNAM).date()


def vietnam_instant(day: date, at: time = time.min) -> datetime:
    """A Vietnamese wall-clock time on `day`, as an aware UTC instant."""
    return datetime.combine(day, at, tzinfo=VIETNAM).astimezone(UTC)
