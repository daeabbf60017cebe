"""Rows of the audit log export."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from contest.i18n import show_datetime
from contest.models import AuditEvent

HEADERS = ("Thời điểm", "Người thực hiện", "E-mail", "IP", "Hành động", "Đối tượng", "Mã",
           "Giá trị trước", "Giá trị sau")


def audit_rows(events: Iterable[AuditEvent]) -> Iterator[tuple]:
    for event in events:
        yield (
            show_datetime(event.at),
            event.actor.full_name if event.actor else "",
            event.actor.email if event.actor else "",
            event.ip or "",
            event.action,
            event.object_type,
            event.object_id,
            json.dumps(event.before, ensure_ascii=False) if event.before else "",
            json.dumps(event.after, ensure_ascii=False) if event.after else "",
        )
