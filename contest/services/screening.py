"""Screening (thẩm định hồ sơ): eligible, or ineligible with a reason."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from contest.models import Entry, EntryStatus, Screening, User
from contest.services import DomainError
from contest.services.audit import record_event


def screen_entry(*, entry: Entry, actor: User, eligible: bool, reason: str | None,
                 now: datetime) -> bool:
    """Record the screening decision; returns False when nothing changed."""
    if entry.status != EntryStatus.SUBMITTED:
        raise DomainError(_l("Chỉ thẩm định được hồ sơ đã nộp (%(code)s).",
                             code=entry.code or entry.id))
    reason = (reason or "").strip() or None
    if not eligible and not reason:
        raise DomainError(_l("Hãy ghi lý do hồ sơ không hợp lệ."))
    decision = Screening.ELIGIBLE if eligible else Screening.INELIGIBLE
    if entry.screening == decision and entry.screening_reason == reason:
        return False
    before = {"screening": entry.screening.value, "reason": entry.screening_reason}
    entry.screening = decision
    entry.screening_reason = reason
    entry.screened_at = now
    entry.screened_by_id = actor.id
    record_event(actor=actor, action="entry.screen", target=entry, before=before,
                 after={"screening": decision.value, "reason": reason})
    return True
