"""Submitting and withdrawing dossiers; entry codes unique in the edition."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from contest.clock import vietnam_date
from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Screening, User
from contest.permissions import submission_window_problem
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.dossier import DossierProblems
from contest.services.eligibility import dossier_problems


class AlreadySubmitted(DomainError):
    """A second click or a second tab: the dossier was submitted meanwhile."""


def lock_entry(entry_id: int) -> Entry | None:
    """Load the entry again, holding its row lock until commit (PostgreSQL; SQLite writes
    are already serialised by BEGIN IMMEDIATE)."""
    return db.session.execute(
        select(Entry).where(Entry.id == entry_id).with_for_update().execution_options(
            populate_existing=True)
    ).scalar_one_or_none()


def code_prefix(edition: Edition) -> str:
    """The start of the edition's entry codes: TTN-2026- (contest prefix, first year)."""
    year = edition.year_label[:4] if edition.year_label[:4].isdigit() else edition.number
    return f"{edition.contest.code_prefix}-{year}-"


def entry_code(edition: Edition, number: int) -> str:
    return f"{code_prefix(edition)}{number:04d}"


def next_entry_code(edition: Edition) -> str:
    """The next code of the edition, e.g. TTN-2026-0042, from a counter updated atomically."""
    number = db.session.execute(
        update(Edition).where(Edition.id == edition.id)
        .values(entry_seq=Edition.entry_seq + 1).returning(Edition.entry_seq)
    ).scalar_one()
    return entry_code(edition, number)


def submit_entry(*, entry: Entry, actor: User, now: datetime, by_organiser: bool = False,
                 sent_at: datetime | None = None) -> Entry:
    """Check the dossier and submit it; the deadline binds entrants, not organisers on paper.
    `sent_at` is when the request counts as sent for the deadline (views.arrival), else now."""
    entry = lock_entry(entry.id)
    if entry.status == EntryStatus.SUBMITTED:
        raise AlreadySubmitted(_l("Hồ sơ %(code)s đã được nộp.", code=entry.code))
    if not by_organiser:
        window = submission_window_problem(entry, sent_at or now)
        if window:
            raise DomainError(window)
    problems = dossier_problems(entry, now=now)
    if problems:
        raise DossierProblems(problems)
    before = {"status": entry.status.value, "code": entry.code}
    if entry.code is None:
        entry.code = next_entry_code(entry.edition)
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = now
    entry.screening = Screening.PENDING
    entry.refresh_search_text()
    db.session.flush()
    record_event(actor=actor, action="entry.submit", target=entry, before=before,
                 after={"status": entry.status.value, "code": entry.code})
    return entry


def withdraw_entry(*, entry: Entry, actor: User, now: datetime,
                   sent_at: datetime | None = None) -> None:
    """Withdraw a submitted dossier before the deadline; it can be submitted again until then."""
    entry = lock_entry(entry.id)
    if entry.status != EntryStatus.SUBMITTED:
        raise DomainError(_l("Chỉ rút được hồ sơ đã nộp."))
    window = submission_window_problem(entry, sent_at or now)
    if window:
        raise DomainError(window)
    entry.status = EntryStatus.WITHDRAWN
    record_event(actor=actor, action="entry.withdraw", target=entry,
                 before={"status": "submitted"}, after={"status": "withdrawn",
                                                        "on": vietnam_date(now).isoformat()})
