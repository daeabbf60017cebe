"""Judges of an edition and their seats on the fields' panels, per round."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from contest.extensions import db
from contest.models import (
    Assignment,
    Edition,
    Entry,
    Field,
    Judge,
    PanelMember,
    Role,
    Unit,
    UnitKind,
    User,
)
from contest.services import DomainError
from contest.services.accounts import find_user_by_email, invite_user
from contest.services.audit import record_event
from contest.services.units import find_or_create_unit
from contest.text import fold


def find_judge(edition: Edition, user: User) -> Judge | None:
    return db.session.scalar(
        select(Judge).where(Judge.edition_id == edition.id, Judge.user_id == user.id))


def judge_unit(name: str, edition: Edition) -> Unit:
    """The judge's unit by name on the list of the edition's organisation: a school when it
    is called “Trường …”, else an organisation."""
    kind = UnitKind.SCHOOL if fold(name).startswith("truong ") else UnitKind.ORGANISATION
    return find_or_create_unit(name, kind, organisation_id=edition.contest.organisation_id)


def add_judge(*, edition: Edition, user: User, fields: Iterable[Field], round: int = 1,
              actor: User | None) -> Judge:
    """Make the user a judge of the edition (if not yet) with seats on these fields' panels."""
    _check_can_judge(user)
    _check_round(edition, round)
    fields = _own_fields(edition, fields)
    judge = find_judge(edition, user)
    if judge is None:
        judge = Judge(edition=edition, user=user)
        db.session.add(judge)
    before = _panel_codes(judge, round)
    held = {seat.field_id for seat in judge.seats if seat.round == round}
    for field in fields:
        if field.id not in held:
            judge.seats.append(PanelMember(field=field, round=round))
            held.add(field.id)
    after = _panel_codes(judge, round)
    if judge.id is None or before != after:
        record_event(actor=actor, action="judge.add", target=judge,
                     before={"round": round, "fields": before} if judge.id else None,
                     after={"email": user.email, "round": round, "fields": after})
    return judge


def enrol_judge(*, edition: Edition, email: str, full_name: str | None, fields: Iterable[Field],
                round: int, actor: User | None, invite_hours: int,
                unit_name: str | None = None) -> tuple[Judge, str | None]:
    """Seat the account with this e-mail on the panels, inviting it as a judge when it is new.

    Returns the judge and the invitation token (None for an existing account); the caller
    sends the invitation after the commit. A given unit replaces an existing judge's unit.
    """
    user = find_user_by_email(email)
    if user is not None:
        _check_can_judge(user)
    unit = judge_unit(unit_name, edition) if unit_name else None
    token = None
    if user is None:
        if not full_name:
            raise DomainError(_l("Hãy nhập họ và tên để mời giám khảo mới."))
        user, token = invite_user(actor=actor, email=email, full_name=full_name,
                                  role=Role.JUDGE, hours=invite_hours, unit=unit)
    elif unit is not None and user.unit_id != unit.id:
        before = {"unit": user.unit.name if user.unit else None}
        user.unit = unit
        record_event(actor=actor, action="user.set_unit", target=user, before=before,
                     after={"unit": unit.name})
    return add_judge(edition=edition, user=user, fields=fields, round=round, actor=actor), token


def set_panels(*, judge: Judge, fields: Iterable[Field], round: int, actor: User | None) -> None:
    """Replace the judge's seats in this round; a seat with assignments cannot be taken away."""
    _check_round(judge.edition, round)
    wanted = {field.id: field for field in _own_fields(judge.edition, fields)}
    current = {seat.field_id: seat for seat in judge.seats if seat.round == round}
    dropped = current.keys() - wanted.keys()
    busy = _fields_with_assignments(judge, round, dropped)
    if busy:
        names = ", ".join(seat.field.name for field_id, seat in current.items()
                          if field_id in busy)
        raise DomainError(_l(
            "Giám khảo %(name)s đã được phân công chấm hồ sơ của lĩnh vực %(fields)s ở vòng "
            "%(round)s; hãy gỡ các phân công đó trước khi rút khỏi tiểu ban.",
            name=judge.user.full_name, fields=names, round=round))
    before = _panel_codes(judge, round)
    for field_id in dropped:
        judge.seats.remove(current[field_id])
    for field_id, field in wanted.items():
        if field_id not in current:
            judge.seats.append(PanelMember(field=field, round=round))
    after = _panel_codes(judge, round)
    if before != after:
        db.session.flush()
        record_event(actor=actor, action="judge.set_panels", target=judge,
                     before={"round": round, "fields": before},
                     after={"round": round, "fields": after})


def remove_judge(*, judge: Judge, actor: User | None) -> None:
    """Take the judge out of the edition, unless they already have assignments."""
    if db.session.scalar(select(exists().where(Assignment.judge_id == judge.id))):
        raise DomainError(_l(
            "Giám khảo %(name)s đã được phân công chấm hồ sơ; hãy gỡ các phân công trước khi "
            "xóa khỏi danh sách giám khảo.", name=judge.user.full_name))
    record_event(actor=actor, action="judge.remove", target=judge, before={
        "email": judge.user.email,
        "panels": {str(r): _panel_codes(judge, r) for r in sorted({s.round for s in judge.seats})},
    })
    db.session.delete(judge)
    db.session.flush()


def _check_can_judge(user: User) -> None:
    if user.role != Role.JUDGE:
        raise DomainError(_l(
            "Tài khoản %(email)s không phải tài khoản giám khảo; tài khoản thí sinh hay ban tổ "
            "chức không được làm giám khảo.", email=user.email))


def _check_round(edition: Edition, round: int) -> None:
    if not 1 <= round <= edition.rounds:
        raise DomainError(_l("Cuộc thi này không có vòng %(round)s.", round=round))


def _own_fields(edition: Edition, fields: Iterable[Field]) -> list[Field]:
    fields = list(fields)
    if any(field.edition_id != edition.id for field in fields):
        raise DomainError(_l("Lĩnh vực không thuộc lần tổ chức này."))
    return fields


def _panel_codes(judge: Judge, round: int) -> list[str]:
    return sorted(seat.field.code for seat in judge.seats if seat.round == round)


def _fields_with_assignments(judge: Judge, round: int, field_ids: Iterable[int]) -> set[int]:
    field_ids = list(field_ids)
    if not field_ids or judge.id is None:
        return set()
    return set(db.session.scalars(
        select(Entry.field_id).join(Assignment, Assignment.entry_id == Entry.id)
        .where(Assignment.judge_id == judge.id, Assignment.round == round,
               Entry.field_id.in_(field_ids)).distinct()))
