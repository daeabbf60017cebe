"""Objections to provisional results: the window, filing, answering, closing it early."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.i18n import show_datetime
from contest.models import Edition, Entry, Objection, Phase, Role, User
from contest.queries.results import current_publication
from contest.services import DomainError
from contest.services.audit import record_event

MIN_REASON = 10


def objections_open(edition: Edition, now: datetime) -> bool:
    """Whether entrants may object now: provisional results inside their window."""
    return (edition.phase == Phase.PROVISIONAL and edition.objection_ends_at is not None
            and now < edition.objection_ends_at)


def file_objection(*, entry: Entry, actor: User, reason: str, now: datetime) -> Objection:
    """An entrant objects to the provisional result of their own entry, within the window."""
    if not objections_open(entry.edition, now):
        raise DomainError(_l("Không trong thời gian nhận khiếu nại."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DomainError(_l("Hãy trình bày lý do khiếu nại (ít nhất 10 ký tự)."))
    objection = Objection(entry=entry, author_id=actor.id, reason=reason, created_at=now)
    db.session.add(objection)
    db.session.flush()
    record_event(actor=actor, action="objection.file", target=entry, after={"reason": reason})
    return objection


def answer_objection(*, objection: Objection, actor: User, answer: str, now: datetime) -> None:
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_l("Hãy nhập nội dung trả lời."))
    before = {"answer": objection.answer}
    objection.answer, objection.answered_by_id, objection.answered_at = answer, actor.id, now
    db.session.flush()
    record_event(actor=actor, action="objection.answer", target=objection.entry, before=before,
                 after={"answer": answer})


def unanswered_objection(edition: Edition) -> int | None:
    """The id of an objection of the edition still waiting for its answer, if any."""
    return db.session.scalar(select(Objection.id).join(Entry).where(
        Entry.edition_id == edition.id, Objection.answer.is_(None)).limit(1))


def close_objections_early(*, edition: Edition, actor: User, reason: str,
                           now: datetime) -> None:
    """An admin ends the objection window before its date, with a written reason (audited,
    shown on the objections page)."""
    if actor.role != Role.ADMIN:
        raise DomainError(_l("Chỉ quản trị viên mới được kết thúc sớm thời hạn khiếu nại."))
    if not objections_open(edition, now):
        raise DomainError(_l("Thời hạn khiếu nại không còn mở."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DomainError(_l("Hãy ghi lý do kết thúc sớm thời hạn khiếu nại (ít nhất 10 ký tự)."))
    publication = current_publication(edition)
    before = edition.objection_ends_at
    publication.objections_closed_at = now
    publication.objections_closed_by_id = actor.id
    publication.objections_close_reason = reason
    edition.objection_ends_at = now
    db.session.flush()
    record_event(actor=actor, action="objections.close_early", target=edition,
                 before={"objection_ends_at": show_datetime(before)},
                 after={"objection_ends_at": show_datetime(now), "reason": reason,
                        "version": publication.version})
