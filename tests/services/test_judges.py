"""Judges and panels: who can judge, seats per field and round, and what assignments protect."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    AccountToken,
    Assignment,
    AuditEvent,
    Judge,
    PanelMember,
    Role,
    TokenPurpose,
    UnitKind,
    User,
)
from contest.services import DomainError
from contest.services.judges import add_judge, enrol_judge, remove_judge, set_panels
from tests import factories


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def by_code(edition, *codes):
    fields = {field.code: field for field in edition.fields}
    return [fields[code] for code in codes]


def seats(judge, round=1) -> list[str]:
    return sorted(seat.field.code for seat in judge.seats if seat.round == round)


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def assign(judge, field, round=1) -> Assignment:
    entry = factories.make_entry(judge.edition, field=field)
    assignment = Assignment(entry=entry, judge=judge, round=round)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def test_add_judge_seats_the_judge_and_adding_again_only_adds_new_seats(ctx):
    edition = factories.make_edition()
    organiser = factories.make_user(Role.ORGANIZER)
    user = factories.make_user(Role.JUDGE)

    judge = add_judge(edition=edition, user=user, fields=by_code(edition, "hoc-tap", "khi-hau"),
                      actor=organiser)
    assert (judge.edition, judge.user, seats(judge)) == (edition, user, ["hoc-tap", "khi-hau"])

    again = add_judge(edition=edition, user=user, fields=by_code(edition, "khi-hau", "moi-truong"),
                      actor=organiser)
    add_judge(edition=edition, user=user, fields=by_code(edition, "hoc-tap"), actor=organiser)
    assert again is judge
    assert seats(judge) == ["hoc-tap", "khi-hau", "moi-truong"]
    assert db.session.scalar(select(func.count()).select_from(Judge)) == 1
    assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 3

    added = events("judge.add")
    assert len(added) == 2  # the last call changed nothing and wrote nothing
    assert (added[0].actor_id, added[0].object_id, added[0].before) == (
        organiser.id, judge.id, None)
    assert added[0].after == {"email": user.email, "round": 1, "fields": ["hoc-tap", "khi-hau"]}
    assert added[1].before == {"round": 1, "fields": ["hoc-tap", "khi-hau"]}
    assert added[1].after["fields"] == ["hoc-tap", "khi-hau", "moi-truong"]


@pytest.mark.parametrize("role", [Role.ENTRANT, Role.ORGANIZER, Role.ADMIN])
def test_only_judge_accounts_can_be_judges(ctx, role):
    edition = factories.make_edition()
    user = factories.make_user(role, email=f"{role.value}@example.vn")
    with pytest.raises(DomainError) as refused:
        add_judge(edition=edition, user=user, fields=by_code(edition, "hoc-tap"), actor=None)
    assert str(refused.value) == (
        f"Tài khoản {role.value}@example.vn không phải tài khoản giám khảo; tài khoản thí sinh "
        "hay ban tổ chức không được làm giám khảo.")
    assert db.session.scalar(select(func.count()).select_from(Judge)) == 0


def test_fields_of_another_edition_and_missing_rounds_are_refused(ctx):
    edition, other = factories.make_edition(), factories.make_edition()
    user = factories.make_user(Role.JUDGE)
    with pytest.raises(DomainError, match="không thuộc lần tổ chức này"):
        add_judge(edition=edition, user=user, fields=by_code(other, "hoc-tap"), actor=None)
    with pytest.raises(DomainError, match="không có vòng 2"):
        add_judge(edition=edition, user=user, fields=by_code(edition, "hoc-tap"), round=2,
                  actor=None)


def test_set_panels_replaces_the_seats_of_one_round_only(ctx):
    edition = factories.make_edition(rounds=2)
    organiser = factories.make_user(Role.ORGANIZER)
    judge = factories.make_judge(edition, by_code(edition, "hoc-tap", "phan-mem"))
    add_judge(edition=edition, user=judge.user, fields=by_code(edition, "hoc-tap"), round=2,
              actor=None)

    set_panels(judge=judge, fields=by_code(edition, "phan-mem", "gia-dinh"), round=1,
               actor=organiser)
    assert seats(judge, 1) == ["gia-dinh", "phan-mem"]
    assert seats(judge, 2) == ["hoc-tap"]
    [event] = events("judge.set_panels")
    assert (event.actor_id, event.object_id) == (organiser.id, judge.id)
    assert event.before == {"round": 1, "fields": ["hoc-tap", "phan-mem"]}
    assert event.after == {"round": 1, "fields": ["gia-dinh", "phan-mem"]}

    set_panels(judge=judge, fields=[], round=2, actor=organiser)
    assert seats(judge, 2) == []
    assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 2


def test_a_seat_with_assignments_in_that_round_cannot_be_taken_away(ctx):
    edition = factories.make_edition(rounds=2)
    hoc_tap, phan_mem = by_code(edition, "hoc-tap", "phan-mem")
    judge = factories.make_judge(edition, [hoc_tap, phan_mem], full_name="Trần Văn Giám")
    add_judge(edition=edition, user=judge.user, fields=[hoc_tap], round=2, actor=None)
    assign(judge, hoc_tap, round=1)

    with pytest.raises(DomainError) as refused:
        set_panels(judge=judge, fields=[phan_mem], round=1, actor=None)
    assert str(refused.value) == (
        "Giám khảo Trần Văn Giám đã được phân công chấm hồ sơ của lĩnh vực Đồ dùng dành cho "
        "học tập ở vòng 1; hãy gỡ các phân công đó trước khi rút khỏi tiểu ban.")
    assert seats(judge, 1) == ["hoc-tap", "phan-mem"]
    assert events("judge.set_panels") == []

    set_panels(judge=judge, fields=[hoc_tap], round=1, actor=None)  # the free seat can go
    set_panels(judge=judge, fields=[], round=2, actor=None)  # no assignment in round 2
    assert (seats(judge, 1), seats(judge, 2)) == (["hoc-tap"], [])


def test_remove_judge_deletes_the_judge_and_seats_but_not_the_account(ctx):
    edition = factories.make_edition()
    organiser = factories.make_user(Role.ORGANIZER)
    judge = factories.make_judge(edition, by_code(edition, "hoc-tap", "khi-hau"))
    user, judge_id = judge.user, judge.id

    remove_judge(judge=judge, actor=organiser)
    assert db.session.get(Judge, judge_id) is None
    assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 0
    assert db.session.get(User, user.id).role == Role.JUDGE
    [event] = events("judge.remove")
    assert (event.object_id, event.actor_id) == (judge_id, organiser.id)
    assert event.before == {"email": user.email, "panels": {"1": ["hoc-tap", "khi-hau"]}}


def test_a_judge_with_assignments_cannot_be_removed(ctx):
    edition = factories.make_edition()
    field = by_code(edition, "hoc-tap")[0]
    judge = factories.make_judge(edition, [field], full_name="Lê Thị Chấm")
    assign(judge, field)
    with pytest.raises(DomainError, match="Giám khảo Lê Thị Chấm đã được phân công chấm hồ sơ"):
        remove_judge(judge=judge, actor=None)
    assert db.session.get(Judge, judge.id) is judge
    assert events("judge.remove") == []


def test_enrol_invites_a_new_judge_with_a_unit_of_the_right_kind(ctx):
    edition = factories.make_edition()
    organiser = factories.make_user(Role.ORGANIZER)
    judge, token = enrol_judge(
        edition=edition, email="Hoa.Le@Example.vn", full_name=" Lê Thị Hoa ",
        fields=by_code(edition, "moi-truong"), round=1, actor=organiser, invite_hours=72,
        unit_name="Sở Khoa học và Công nghệ Trà Vinh")
    user = judge.user
    assert (user.email, user.full_name, user.role, user.password_hash) == (
        "hoa.le@example.vn", "Lê Thị Hoa", Role.JUDGE, None)
    assert (user.unit.name, user.unit.kind) == ("Sở Khoa học và Công nghệ Trà Vinh",
                                                UnitKind.ORGANISATION)
    invitation = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    assert token and invitation.purpose == TokenPurpose.INVITE
    assert [e.object_id for e in events("user.invite")] == [user.id]

    school, none = enrol_judge(
        edition=edition, email="hoa.le@example.vn", full_name=None,
        fields=by_code(edition, "hoc-tap"), round=1, actor=organiser, invite_hours=72,
        unit_name="trường THPT Phạm Thái Bường")
    assert school is judge and none is None
    assert (user.unit.name, user.unit.kind) == ("trường THPT Phạm Thái Bường", UnitKind.SCHOOL)
    assert seats(judge) == ["hoc-tap", "moi-truong"]
    [moved] = events("user.set_unit")
    assert (moved.before, moved.after) == ({"unit": "Sở Khoa học và Công nghệ Trà Vinh"},
                                           {"unit": "trường THPT Phạm Thái Bường"})


def test_enrol_needs_a_name_for_a_new_account_and_refuses_other_roles(ctx):
    edition = factories.make_edition()
    factories.make_user(Role.ENTRANT, email="thisinh@example.vn")
    fields = by_code(edition, "hoc-tap")
    with pytest.raises(DomainError, match="Hãy nhập họ và tên"):
        enrol_judge(edition=edition, email="moi@example.vn", full_name="", fields=fields,
                    round=1, actor=None, invite_hours=72)
    with pytest.raises(DomainError, match="không phải tài khoản giám khảo"):
        enrol_judge(edition=edition, email="ThiSinh@example.vn", full_name="Ai Đó",
                    fields=fields, round=1, actor=None, invite_hours=72, unit_name="Trường X")
    assert db.session.scalar(select(func.count()).select_from(Judge)) == 0
