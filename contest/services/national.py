"""National selection: propose the top entries by the edition's rules, adjust, then lock."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from contest.extensions import db
from contest.models import Edition, Entry, NationalPick, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.national_intake import send_locked_list
from contest.services.results import award_overrides, chosen_run, final_award


def _unlocked(edition: Edition) -> None:
    if edition.national_locked_at is not None:
        raise DomainError(_l("Danh sách dự thi toàn quốc đã khóa."))


def propose_national(*, edition: Edition, actor: User) -> list[NationalPick]:
    """Replace the list by the top N of the results: awarded at or above the minimum tier,
    at most the cap per field, best rank first."""
    _unlocked(edition)
    run = chosen_run(edition)
    if run is None:
        raise DomainError(_l("Chưa có kết quả để đề xuất."))
    overrides = award_overrides(edition)
    order = [t.code for t in edition.award_tiers]
    lowest = order.index(edition.national_min_tier) if edition.national_min_tier in order \
        else len(order) - 1
    allowed = set(order[:lowest + 1])
    per_field: dict[int | None, int] = {}
    picks = []
    for row in run.rows:
        if len(picks) >= edition.national_count:
            break
        if final_award(row, overrides) not in allowed:
            continue
        field_id = row.entry.field_id
        if edition.national_cap_per_field and \
                per_field.get(field_id, 0) >= edition.national_cap_per_field:
            continue
        per_field[field_id] = per_field.get(field_id, 0) + 1
        picks.append(NationalPick(edition_id=edition.id, entry_id=row.entry_id,
                                  position=len(picks) + 1))
    db.session.execute(delete(NationalPick).where(NationalPick.edition_id == edition.id))
    db.session.add_all(picks)
    db.session.flush()
    record_event(actor=actor, action="national.propose", target=edition, after={
        "entries": [p.entry_id for p in picks], "count": edition.national_count,
        "cap_per_field": edition.national_cap_per_field, "min_tier": edition.national_min_tier})
    return picks


def add_pick(*, edition: Edition, entry: Entry, reason: str, actor: User) -> NationalPick:
    _unlocked(edition)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do thêm hồ sơ vào danh sách."))
    if entry.edition_id != edition.id:
        raise DomainError(_l("Hồ sơ không thuộc lần tổ chức này."))
    if db.session.scalar(select(NationalPick.id).where(
            NationalPick.edition_id == edition.id, NationalPick.entry_id == entry.id)):
        raise DomainError(_l("Hồ sơ %(code)s đã có trong danh sách.", code=entry.code))
    last = db.session.scalar(select(func.max(NationalPick.position)).where(
        NationalPick.edition_id == edition.id)) or 0
    pick = NationalPick(edition_id=edition.id, entry_id=entry.id, position=last + 1,
                        proposed=False, reason=reason)
    db.session.add(pick)
    db.session.flush()
    record_event(actor=actor, action="national.add", target=entry, after={"reason": reason})
    return pick


def remove_pick(*, pick: NationalPick, reason: str, actor: User) -> None:
    edition = db.session.get(Edition, pick.edition_id)
    _unlocked(edition)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do bỏ hồ sơ khỏi danh sách."))
    record_event(actor=actor, action="national.remove", target=pick.entry,
                 before={"position": pick.position}, after={"reason": reason})
    db.session.delete(pick)
    db.session.flush()


def lock_national(*, edition: Edition, actor: User, now: datetime) -> None:
    """Freeze the list (the national dossier is exported from it); where the edition feeds a
    national edition of this deployment, its entries arrive there (all or nothing)."""
    _unlocked(edition)
    if not db.session.scalar(select(NationalPick.id).where(NationalPick.edition_id == edition.id)):
        raise DomainError(_l("Danh sách còn trống."))
    edition.national_locked_at = now
    db.session.flush()
    record_event(actor=actor, action="national.lock", target=edition,
                 after={"locked_at": now.isoformat()})
    send_locked_list(edition=edition, actor=actor, now=now)
