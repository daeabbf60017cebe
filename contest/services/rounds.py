"""Rounds: the preliminary round's entries that go on to the final round."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from contest.extensions import db
from contest.models import Assignment, Edition, Entry, RankingRun, User
from contest.services import DomainError
from contest.services.audit import record_event


def advance_to_final_round(*, edition: Edition, run: RankingRun, actor: User) -> int:
    """Entries of a preliminary run at or above the threshold (or the top N per field) go on to
    the final round, which then becomes the current round. Returns how many advanced."""
    if edition.rounds < 2:
        raise DomainError(_l("Lần tổ chức này chỉ có một vòng chấm."))
    if run.round != 1 or run.edition_id != edition.id:
        raise DomainError(_l("Hãy chọn một lần xếp hạng của vòng sơ khảo."))
    if db.session.scalar(select(Assignment.id).join(Entry).where(
            Entry.edition_id == edition.id, Assignment.round == 2).limit(1)) is not None:
        raise DomainError(_l("Vòng chung khảo đã được phân công; không thể chọn lại."))
    rows = [r for r in run.rows if "missing-sheets" not in r.flags.split(";")]
    if edition.final_round_top_n:
        chosen, per_field = [], {}
        for row in rows:
            field_id = row.entry.field_id
            if per_field.get(field_id, 0) < edition.final_round_top_n:
                per_field[field_id] = per_field.get(field_id, 0) + 1
                chosen.append(row.entry_id)
    else:
        chosen = [r.entry_id for r in rows if r.score >= edition.final_round_threshold]
    db.session.execute(update(Entry).where(Entry.edition_id == edition.id)
                       .values(advanced=False))
    if chosen:
        db.session.execute(update(Entry).where(Entry.id.in_(chosen)).values(advanced=True))
    edition.current_round = 2
    db.session.flush()
    record_event(actor=actor, action="round.advance", target=edition, after={
        "run": run.id, "advanced": len(chosen),
        "rule": f"top {edition.final_round_top_n}" if edition.final_round_top_n
        else f">= {edition.final_round_threshold}"})
    return len(chosen)
