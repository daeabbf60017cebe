"""An edition with judges on panels and the steps the organiser judging tests share."""
from __future__ import annotations

import re

from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Assignment, Edition, Judge, ScoreSheet, User
from contest.services.assignments import assign_judges
from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet

ORGANISER = "btc@example.vn"


def auto_assign(contest) -> None:
    edition = db.session.get(Edition, contest["edition"])
    assign_judges(edition=edition, round_number=1, seed=7, actor=None)
    db.session.commit()


def assignment_of(entry_id: int, email: str) -> Assignment | None:
    return db.session.scalar(select(Assignment).join(Judge).join(User).where(
        Assignment.entry_id == entry_id, User.email == email))


def judges_of(entry_id: int) -> set[str]:
    return set(db.session.scalars(select(User.email).join(Judge).join(
        Assignment, Assignment.judge_id == Judge.id).where(Assignment.entry_id == entry_id)))


def finalise(assignment: Assignment, value: str = "5") -> ScoreSheet:
    criteria = assignment.entry.edition.criteria
    save_sheet(assignment=assignment, actor=assignment.judge.user, comment="Ý tưởng gọn gàng",
               scores={c.id: ScoreInput(value, f"Nhận xét {c.code}") for c in criteria},
               expected_version=0, now=clock.now())
    sheet = finalise_sheet(assignment=assignment, actor=assignment.judge.user, now=clock.now())
    db.session.commit()
    return sheet


def judge_cells(page: str, email: str) -> list[str]:
    """The number cells of a judge's row in the per-judge table (assigned, done, left, overdue)."""
    row = next(r for r in page.split("<tr>") if email in r)
    return [re.sub(r"<[^>]+>", "", cell) for cell in
            re.findall(r'<td class="text-end">(.*?)</td>', row)]


def panel_row(page: str, name: str) -> list[str]:
    row = next(r for r in page.split("<tr>") if f'fw-normal">{name}</th>' in r)
    return re.findall(r"<td>(\d+)</td>", row)


def field_name(app, edition_id: int) -> str:
    with app.app_context():
        return db.session.get(Edition, edition_id).fields[0].name
