"""Publishing results: provisional (with objections), then final; the final round's entries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from contest.extensions import db
from contest.models import Assignment, Edition, Entry, Objection, Phase, RankingRun, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.phases import set_phase
from contest.services.results import award_overrides, chosen_run, final_award


def publish_provisional(*, edition: Edition, actor: User, now: datetime) -> None:
    """Show the chosen snapshot to entrants; objections are open until objection_ends_at."""
    run = chosen_run(edition)
    if run is None:
        raise DomainError(_l("Hãy chọn một lần xếp hạng làm kết quả tạm thời trước."))
    if run.round != edition.rounds:
        raise DomainError(_l("Kết quả phải là xếp hạng của vòng chung khảo."))
    if edition.objection_ends_at is None or edition.objection_ends_at <= now:
        raise DomainError(_l("Hãy đặt hạn khiếu nại (trong tương lai) trước khi công bố."))
    set_phase(edition=edition, phase=Phase.PROVISIONAL, actor=actor, now=now)
    db.session.flush()


def publish_final(*, edition: Edition, actor: User, now: datetime) -> None:
    """Make the results official and public; unanswered objections block it."""
    waiting = db.session.scalar(select(Objection.id).join(Entry).where(
        Entry.edition_id == edition.id, Objection.answer.is_(None)).limit(1))
    if waiting is not None:
        raise DomainError(_l("Còn khiếu nại chưa trả lời."))
    set_phase(edition=edition, phase=Phase.FINAL, actor=actor, now=now)
    db.session.flush()


@dataclass(frozen=True)
class Result:
    """What an entrant (or the public) may see of one entry's result."""

    final: bool
    rank: int
    score: Decimal
    award: str | None
    award_name: str | None


def visible_result(entry: Entry) -> Result | None:
    """The entry's published result, or None while nothing is published."""
    edition = entry.edition
    if edition.phase not in (Phase.PROVISIONAL, Phase.FINAL) or not (
            edition.provisional_published_at or edition.final_published_at):
        return None
    run = db.session.get(RankingRun, edition.provisional_run_id)
    row = next((r for r in run.rows if r.entry_id == entry.id), None) if run else None
    if row is None:
        return None
    award = final_award(row, award_overrides(edition))
    names = {t.code: t.name for t in edition.award_tiers}
    return Result(final=edition.phase == Phase.FINAL, rank=row.rank, score=row.score,
                  award=award, award_name=names.get(award))


def file_objection(*, entry: Entry, actor: User, reason: str, now: datetime) -> Objection:
    """An entrant objects to the provisional result of their own entry, within the window."""
    edition = entry.edition
    if edition.phase != Phase.PROVISIONAL or edition.objection_ends_at is None \
            or now >= edition.objection_ends_at:
        raise DomainError(_l("Không trong thời gian nhận khiếu nại."))
    reason = (reason or "").strip()
    if len(reason) < 10:
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
