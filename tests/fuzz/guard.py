"""What the fuzzer checks after each post: the stored rows, and whether the post was refused."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from contest.extensions import db

# No table is left out: nothing in this application writes on every request (login sessions
# are not touched on use, and the rate limiter keeps its counters in memory:// in tests, not
# in a table). The fuzzer signs in again between posts where a post may end the session, and
# takes its snapshot after that sign-in (which writes login_session and user.last_login_at).
IGNORED_TABLES: frozenset[str] = frozenset()

ALERT = re.compile(r'class="alert alert-(\w+)"')
INVALID = re.compile(r'class="[^"]*\bis-invalid\b')


def snapshot(app) -> dict[str, list[str]]:
    """Every row of every table (as its repr: JSON columns hold dicts), in primary-key order."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [repr(tuple(row)) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))]
            for table in db.metadata.sorted_tables if table.name not in IGNORED_TABLES}


def changes(before: dict, after: dict) -> list[str]:
    """What changed, table by table, with a few rows each way."""
    lines = []
    for name in before:
        old, new = set(before[name]), set(after[name])
        if old != new:
            gone = [_short(r) for r in sorted(old - new)[:3]]
            added = [_short(r) for r in sorted(new - old)[:3]]
            lines.append(f"{name}: -{gone} +{added}")
    return lines


def _short(text: str) -> str:
    return text if len(text) <= 300 else text[:300] + "…"


def flashes(client) -> list[str]:
    """The categories of the messages flashed and not shown yet (popped: they are read here)."""
    with client.session_transaction() as session:
        return [category for category, _message in session.pop("_flashes", [])]


def refused(response, categories: list[str], silent_success: bool) -> bool:
    """Whether the application refused the post: an error status, a JSON ok=false, a page
    with marked fields, a danger message or a warning alone, or (unless the endpoint succeeds
    silently) no message of success at all."""
    if response.status_code >= 400:
        return True
    if response.is_json:
        return not json.loads(response.get_data(as_text=True)).get("ok")
    html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    categories = categories + ALERT.findall(html)
    good = {"success", "info"} & set(categories)
    if INVALID.search(html) or "danger" in categories or ("warning" in categories and not good):
        return True
    return not silent_success and not good
