"""Importing judges: invited accounts seated in the current round; errors by row; all or none."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from contest.exports import csv_bytes
from contest.extensions import db
from contest.imports.entries import ImportRejected
from contest.imports.judges import import_judges, template_rows
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.models import (
    AccountToken,
    AuditEvent,
    Judge,
    PanelMember,
    Role,
    TokenPurpose,
    Unit,
    UnitKind,
    User,
)
from tests import factories

VI_HEADER = "E-mail,Họ và tên,Đơn vị,Lĩnh vực"
EN_HEADER = "email,full_name,unit,fields"


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def csv_file(*lines: str, name: str = "giam-khao.csv"):
    return read_table(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"), name)


def run(edition, table, actor=None):
    return import_judges(edition=edition, actor=actor, table=table, invite_hours=72)


def rejected_errors(edition, table) -> list[RowError]:
    with pytest.raises(ImportRejected) as rejected:
        run(edition, table)
    db.session.rollback()
    assert str(rejected.value) == f"Tệp có {len(rejected.value.errors)} lỗi; chưa nhập giám " \
                                  "khảo nào."
    return rejected.value.errors


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def panels(judge) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for seat in judge.seats:
        found.setdefault(seat.round, []).append(seat.field.code)
    return {r: sorted(codes) for r, codes in found.items()}


def test_a_valid_file_invites_new_judges_and_seats_everyone(ctx):
    edition = factories.make_edition()
    organiser = factories.make_user(Role.ORGANIZER)
    known = factories.make_user(Role.JUDGE, email="da.co@example.vn", full_name="Phạm Văn Cũ")
    factories.make_judge(edition, [f for f in edition.fields if f.code == "khi-hau"], user=known)
    db.session.commit()

    result = run(edition, csv_file(
        VI_HEADER,
        "Hoa.Le@Example.vn,TS. Lê Thị Hoa,Sở Khoa học và Công nghệ Trà Vinh,moi-truong; hoc-tap",
        "binh.tran@example.vn,ThS. Trần Văn Bình,Trường THPT Phạm Thái Bường,phan-mem",
        "da.co@example.vn,Tên trong tệp không đổi tên tài khoản,Trường Đại học Trà Vinh,hoc-tap;",
    ), actor=organiser)
    db.session.commit()

    assert result.count == 3
    hoa, binh, cu = result.judges
    assert [user.email for user, _token in result.invitations] == [
        "hoa.le@example.vn", "binh.tran@example.vn"]
    for user in (hoa.user, binh.user):
        assert (user.role, user.password_hash, user.is_active) == (Role.JUDGE, None, True)
        assert db.session.scalar(select(AccountToken.purpose).where(
            AccountToken.user_id == user.id)) == TokenPurpose.INVITE
    assert (hoa.user.full_name, hoa.user.unit.name, hoa.user.unit.kind) == (
        "TS. Lê Thị Hoa", "Sở Khoa học và Công nghệ Trà Vinh", UnitKind.ORGANISATION)
    assert (binh.user.unit.name, binh.user.unit.kind) == (
        "Trường THPT Phạm Thái Bường", UnitKind.SCHOOL)
    assert panels(hoa) == {1: ["hoc-tap", "moi-truong"]}
    assert panels(binh) == {1: ["phan-mem"]}
    # An existing judge keeps their name and seats, gains the new seat and the given unit.
    assert cu.user is known and known.full_name == "Phạm Văn Cũ"
    assert panels(cu) == {1: ["hoc-tap", "khi-hau"]}
    assert known.unit.name == "Trường Đại học Trà Vinh"
    assert count(Judge) == 3

    summary = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "edition.import_judges"))
    assert (summary.object_id, summary.actor_id, summary.after) == (edition.id, organiser.id, {
        "count": 3, "invited": 2, "file": "giam-khao.csv", "round": 1})


def test_seats_go_to_the_current_round_and_english_headers_work(ctx):
    edition = factories.make_edition(rounds=2, current_round=2)
    result = run(edition, csv_file(EN_HEADER, "an@example.vn,Võ Văn An,,hoc-tap;PHAN-MEM"))
    assert panels(result.judges[0]) == {2: ["hoc-tap", "phan-mem"]}
    assert result.judges[0].user.unit is None


@pytest.mark.parametrize(("bad_row", "column", "message"), [
    ("an@,Võ Văn An,,hoc-tap", "E-mail", "“an@” không phải địa chỉ e-mail hợp lệ."),
    ("an@example.vn,Võ Văn An,,hoc-tap; nong-nghiep", "Lĩnh vực",
     "Mã lĩnh vực “nong-nghiep” không có trong cuộc thi này. Các mã dùng được: hoc-tap, "
     "phan-mem, moi-truong, gia-dinh, khi-hau."),
    ("an@example.vn,,,hoc-tap", "Họ và tên", "Ô này không được để trống."),
    ("an@example.vn,Võ Văn An,,", "Lĩnh vực", "Ô này không được để trống."),
    ("an@example.vn,Võ Văn An,,hoc-tap;;phan-mem", "Lĩnh vực",
     "Mục thứ 2 để trống (các mục cách nhau bằng dấu ;)."),
    ("HOA@example.vn,Võ Văn An,,hoc-tap", "E-mail",
     "Giá trị “HOA@example.vn” trùng với dòng 2."),
])
def test_one_bad_row_imports_nothing_and_names_its_row_and_column(ctx, bad_row, column,
                                                                  message):
    edition = factories.make_edition()
    errors = rejected_errors(edition, csv_file(
        VI_HEADER, "hoa@example.vn,Lê Thị Hoa,Trường THCS Lê Quý Đôn,moi-truong", bad_row,
        "binh@example.vn,Trần Văn Bình,,hoc-tap"))
    assert errors == [RowError(3, column, message)]
    assert str(errors[0]) == f"Dòng 3, cột {column}: {message}"
    assert (count(User), count(Judge), count(PanelMember), count(Unit)) == (0, 0, 0, 0)


def test_an_existing_entrant_or_organiser_email_is_refused_on_its_row(ctx):
    edition = factories.make_edition()
    factories.make_user(Role.ENTRANT, email="thi.sinh@example.vn")
    factories.make_user(Role.ORGANIZER, email="btc@example.vn")
    db.session.commit()
    errors = rejected_errors(edition, csv_file(
        VI_HEADER, "moi@example.vn,Người Mới,,hoc-tap", "btc@example.vn,Ban Tổ Chức,,xyz",
        "Thi.Sinh@example.vn,Học Sinh,,hoc-tap"))
    assert [(e.row, e.column) for e in errors] == [(3, "Lĩnh vực"), (3, "E-mail"), (4, "E-mail")]
    assert errors[1].message == ("btc@example.vn đã là tài khoản ban tổ chức; tài khoản này "
                                 "không làm giám khảo được. Hãy dùng một địa chỉ e-mail khác.")
    assert errors[2].message.startswith("Thi.Sinh@example.vn đã là tài khoản thí sinh;")
    assert (count(Judge), count(User)) == (0, 2)
    assert db.session.scalar(select(User.role).where(User.email == "thi.sinh@example.vn")) \
        == Role.ENTRANT


def test_missing_columns_are_reported_on_row_one(ctx):
    errors = rejected_errors(factories.make_edition(), csv_file("E-mail,Đơn vị", "a@b.vn,X"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (1, "Họ và tên", "Thiếu cột bắt buộc này."), (1, "Lĩnh vực", "Thiếu cột bắt buộc này.")]


def test_the_template_imports_as_it_is(ctx):
    headers, rows = template_rows()
    assert headers == ["E-mail", "Họ và tên", "Đơn vị", "Lĩnh vực"]
    result = run(factories.make_edition(), read_table(csv_bytes(headers, rows), "mau.csv"))
    judge = result.judges[0]
    assert (judge.user.email, judge.user.full_name, judge.user.unit.name) == (
        "hoa.le@example.vn", "TS. Lê Thị Hoa", "Trường Đại học Trà Vinh")
    assert panels(judge) == {1: ["hoc-tap", "moi-truong"]}
