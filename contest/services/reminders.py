"""Reminding judges of the score sheets they still have to finalise: at most once a day."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Assignment, Judge, ScoreSheet, SheetStatus, User
from contest.services import DomainError
from contest.services.audit import record_event

REMINDER_INTERVAL = timedelta(hours=24)


def remaining_sheets(judge: Judge) -> int:
    """The judge's assignments in the edition's current round without a finalised sheet."""
    return db.session.scalar(
        select(func.count(Assignment.id)).outerjoin(Assignment.sheet)
        .where(Assignment.judge_id == judge.id,
               Assignment.round == judge.edition.current_round,
               (ScoreSheet.id.is_(None)) | (ScoreSheet.status != SheetStatus.FINAL)))


def send_reminder(*, judge: Judge, actor: User, now: datetime) -> int:
    """Record a reminder to the judge (the caller e-mails it after the commit); returns the
    number of sheets remaining. Refused within 24 hours of the previous one."""
    if judge.reminded_at is not None and now - judge.reminded_at < REMINDER_INTERVAL:
        raise DomainError(_l("Đã nhắc giám khảo này trong vòng 24 giờ qua."))
    remaining = remaining_sheets(judge)
    if remaining == 0:
        raise DomainError(_l("Giám khảo này không còn phiếu chấm nào cần hoàn tất."))
    before = {"reminded_at": judge.reminded_at.isoformat() if judge.reminded_at else None}
    judge.reminded_at = now
    db.session.flush()
    record_event(actor=actor, action="judge.remind", target=judge, before=before,
                 after={"email": judge.user.email, "remaining": remaining,
                        "reminded_at": now.isoformat()})
    return remaining
