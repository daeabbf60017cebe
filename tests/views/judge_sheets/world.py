"""A technical edition being judged and the steps the judge page tests share."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Screening,
    Unit,
    User,
)
from contest.services.submission import next_entry_code
from tests import factories


def eligible_entry(edition: Edition, field, unit: Unit, number: int) -> Entry:
    entry = Entry(edition=edition, field=field, title=f"Giải pháp {number}",
                  status=EntryStatus.SUBMITTED, screening=Screening.ELIGIBLE,
                  submitted_at=clock.now(), teacher_name="Cô Lâm Thị Huệ")
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=f"Châu Bảo Ngọc {number}", unit=unit,
                            birth_date=date(2012, 3, 3))]
    db.session.add(entry)
    db.session.flush()
    return entry


def assign_eligible_entries(edition: Edition, field, judges: list[Judge],
                            numbers: range) -> None:
    """Entries as eligible_entry builds them, each assigned to judges[number % len(judges)],
    inserted in bulk (the 1,000-row statement-count fixtures)."""
    ids = factories.insert_entries(edition, [
        {"field_id": field.id, "title": f"Giải pháp {number}", "status": EntryStatus.SUBMITTED,
         "screening": Screening.ELIGIBLE, "submitted_at": clock.now(),
         "teacher_name": "Cô Lâm Thị Huệ"} for number in numbers],
        [[{"full_name": f"Châu Bảo Ngọc {number}", "birth_date": date(2012, 3, 3)}]
         for number in numbers])
    db.session.execute(insert(Assignment), [
        {"entry_id": entry_id, "judge_id": judges[number % len(judges)].id}
        for entry_id, number in zip(ids, numbers, strict=True)])


def assignments_of(email: str) -> list[Assignment]:
    return db.session.scalars(select(Assignment).join(Judge).join(User).where(
        User.email == email).order_by(Assignment.id)).all()


def stored_sheet(assignment_id: int) -> tuple:
    """What the judge has stored: scores and comments by criterion, the sheet comment, version,
    and how many sheet.save events the audit log holds."""
    from contest.models import AuditEvent

    sheet = db.session.get(Assignment, assignment_id).sheet
    saves = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "sheet.save"))
    return ({s.criterion.code: (s.value, s.comment) for s in sheet.scores}, sheet.comment,
            sheet.version, saves)
