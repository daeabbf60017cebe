"""Importing entries: every row checked first, errors by row and column, all or nothing."""
from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.exports import csv_bytes
from contest.exports.xlsx import xlsx_bytes
from contest.extensions import db
from contest.imports.entries import ImportRejected, import_entries, template_rows
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.models import (
    AuditEvent,
    ContestKind,
    Entry,
    EntryStatus,
    Phase,
    Role,
    Screening,
    Unit,
)
from contest.services import DomainError
from contest.services.submission import next_entry_code
from tests import factories

VI_HEADER = "Mã hồ sơ,Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị,Giáo viên hướng dẫn," \
            "E-mail,Điện thoại"
EN_HEADER = "code,title,field_code,authors,birth_dates,unit,teacher,email,phone"
GOOD_ROW = ",Máy tưới cây tự động,moi-truong,Nguyễn Văn An; Trần Thị Bình,15/03/2012; " \
           "02/09/2011,Trường THCS Lê Quý Đôn,Lê Thị Hoa,an@example.vn,0912 345 678"
SECOND_ROW = ",Thước đo đa năng,hoc-tap,Phạm Minh Châu,20/11/2013,trường thcs le quy don,,," \
             "+84 277 3822 123"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def youth_edition(**settings):
    """A youth edition whose birth window (31/07/2007 – 31/07/2019) fits the sample pupils."""
    edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                     birth_date_to=date(2019, 7, 31), **settings)
    db.session.commit()
    return edition


def csv_file(*lines: str, bom: bool = True, name: str = "ho-so.csv"):
    text = "\n".join(lines) + "\n"
    return read_table(("\ufeff" if bom else "").encode() + text.encode("utf-8"), name)


def rejected_errors(edition, table) -> list[RowError]:
    with pytest.raises(ImportRejected) as rejected:
        import_entries(edition=edition, actor=None, table=table)
    db.session.rollback()
    return rejected.value.errors


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry))


def test_csv_with_bom_and_vietnamese_headers_imports_submitted_paper_entries(ctx):
    edition = youth_edition()
    organiser = factories.make_user(Role.ORGANIZER)
    result = import_entries(edition=edition, actor=organiser,
                            table=csv_file(VI_HEADER, GOOD_ROW, SECOND_ROW))
    db.session.commit()

    assert result.count == 2
    first, second = db.session.scalars(select(Entry).order_by(Entry.id)).all()
    assert (first.status, first.screening, first.on_paper, first.owner) == (
        EntryStatus.SUBMITTED, Screening.PENDING, True, None)
    assert first.submitted_at is not None
    assert (first.title, first.field.code, first.teacher_name) == (
        "Máy tưới cây tự động", "moi-truong", "Lê Thị Hoa")
    assert (first.contact_email, first.contact_phone) == ("an@example.vn", "0912345678")
    assert second.contact_phone == "02773822123"
    assert [(a.position, a.full_name, a.birth_date) for a in first.authors] == [
        (1, "Nguyễn Văn An", date(2012, 3, 15)), (2, "Trần Thị Bình", date(2011, 9, 2))]
    # One unit for both rows: the second spells it without diacritics.
    assert {a.unit.name for a in first.authors + second.authors} == {"Trường THCS Lê Quý Đôn"}
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 1
    prefix = f"TTN-{edition.year_label[:4]}-"
    assert [first.code, second.code] == [prefix + "0001", prefix + "0002"]
    assert "nguyen van an" in first.search_text and "le quy don" in first.search_text

    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(["entry.import", "edition.import_entries"]))
        .order_by(AuditEvent.id)).all()
    assert [(e.action, e.object_id) for e in events] == [
        ("entry.import", first.id), ("entry.import", second.id),
        ("edition.import_entries", edition.id)]
    assert events[-1].after == {"count": 2, "file": "ho-so.csv"}
    assert events[0].actor_id == organiser.id


def test_xlsx_with_english_headers_date_cells_and_number_phones(ctx):
    edition = youth_edition()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(EN_HEADER.split(","))
    sheet.append(["", "Đèn học thông minh", "HOC-TAP", "Võ Thị Mai", date(2012, 1, 5),
                  "Trường Tiểu học Nguyễn Huệ", None, None, 912345678])
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_entries(edition=edition, actor=None, table=read_table(buffer.getvalue(), "a.xlsx"))
    entry = db.session.scalar(select(Entry))
    assert (entry.title, entry.field.code, entry.contact_phone) == (
        "Đèn học thông minh", "hoc-tap", "0912345678")
    assert entry.authors[0].birth_date == date(2012, 1, 5)


@pytest.mark.parametrize(("bad_row", "column", "message"), [
    (",Máy sấy,nong-nghiep,Lê Văn Tám,01/01/2012,,,,", "Mã lĩnh vực",
     "Mã lĩnh vực “nong-nghiep” không có trong cuộc thi này. Các mã dùng được: hoc-tap, "
     "phan-mem, moi-truong, gia-dinh, khi-hau."),
    (",Máy sấy,hoc-tap,Lê Văn Tám,31/02/2015,,,,", "Ngày sinh",
     "Ngày 31/02/2015 không có trên lịch."),
    (",Máy sấy,hoc-tap,Lê Văn Tám,2015,,,,", "Ngày sinh",
     "“2015” không phải ngày dạng dd/mm/yyyy."),
    (",,hoc-tap,Lê Văn Tám,01/01/2012,,,,", "Tên giải pháp", "Ô này không được để trống."),
    (",Máy sấy,hoc-tap,Lê Văn Tám;;Hà,01/01/2012,,,,", "Tác giả",
     "Mục thứ 2 để trống (các mục cách nhau bằng dấu ;)."),
    (",Máy sấy,hoc-tap,Lê Văn Tám,,,,,", "Ngày sinh", "Ô này không được để trống."),
    (",Máy sấy,hoc-tap,Lê Văn Tám,01/01/2012,,,tam@,", "E-mail",
     "“tam@” không phải địa chỉ e-mail hợp lệ."),
    (",Máy sấy,hoc-tap,Lê Văn Tám,01/01/2012,,,,12345", "Điện thoại",
     "“12345” không phải số điện thoại hợp lệ."),
    (",Máy sấy,hoc-tap,Lê Văn Tám; Hà An,01/01/2012,,,,", "Ngày sinh",
     "Có 2 tác giả nhưng 1 ngày sinh: hãy ghi mỗi tác giả một ngày sinh, cùng thứ tự, cách nhau "
     "bằng dấu ;."),
    (",Máy sấy,hoc-tap,Lê Văn Tám; Hà An,01/01/2012; 30/07/2007,,,,", "Ngày sinh",
     "Ngày sinh của Hà An (30/07/2007) nằm ngoài độ tuổi dự thi (sinh từ 31/07/2007 đến "
     "31/07/2019)."),
])
def test_one_bad_row_imports_nothing_and_names_its_row_and_column(ctx, bad_row, column, message):
    edition = youth_edition()
    sequence = edition.entry_seq
    errors = rejected_errors(edition, csv_file(EN_HEADER, GOOD_ROW, bad_row, SECOND_ROW))
    assert errors == [RowError(3, column, message)]
    assert str(errors[0]) == f"Dòng 3, cột {column}: {message}"
    assert entry_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
    assert edition.entry_seq == sequence


def test_every_bad_row_is_reported_not_only_the_first(ctx):
    edition = youth_edition()
    errors = rejected_errors(edition, csv_file(
        EN_HEADER, ",,xx,An,01/01/2012,,,,", GOOD_ROW, ",Máy,hoc-tap,Bình,1/13/2012,,,,"))
    assert [(e.row, e.column) for e in errors] == [
        (2, "Tên giải pháp"), (2, "Mã lĩnh vực"), (4, "Ngày sinh")]


def test_header_problems_are_reported_once_on_row_one(ctx):
    edition = youth_edition()
    errors = rejected_errors(edition, csv_file(
        "Tên giải pháp,Tác giả,Lớp,Ngày sinh", "Máy,An,6A,01/01/2012", "Đèn,Bình,7B,01/01/2012"))
    assert [(e.row, e.column) for e in errors] == [(1, "Lớp"), (1, "Mã lĩnh vực")]
    assert errors[0].message.startswith("Cột không có trong mẫu.")
    assert errors[1].message == "Thiếu cột bắt buộc này."


def test_repeated_columns_and_cells_without_a_header_are_errors(ctx):
    edition = youth_edition()
    errors = rejected_errors(edition, csv_file("title,Tên giải pháp,field_code,authors",
                                               "Máy,Máy,hoc-tap,An"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (1, "Tên giải pháp", "Cột này xuất hiện hai lần."),
        (1, "Ngày sinh", "Thiếu cột bắt buộc này.")]
    errors = rejected_errors(edition, csv_file(
        "title,field_code,authors,birth_dates", "Máy,hoc-tap,An,01/01/2012,ghi chú lạc"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "", "Dòng có dữ liệu ở cột không có tiêu đề: ghi chú lạc.")]


def test_headers_match_without_case_or_diacritics(ctx):
    edition = youth_edition()
    table = csv_file("TEN GIAI PHAP,ma linh vuc,tác giả,NGÀY SINH,Email", "Máy,hoc-tap,An,"
                     "01/01/2012,an@example.vn")
    assert import_entries(edition=edition, actor=None, table=table).count == 1


def test_generated_codes_are_unique_and_skip_codes_the_file_uses(ctx):
    edition = youth_edition()
    prefix = f"TTN-{edition.year_label[:4]}-"
    rows = [f"{prefix}0002,Máy một,hoc-tap,An,01/01/2012,,,,", ",Máy hai,hoc-tap,Bình,"
            "01/01/2012,,,,", "KHAC-1,Máy ba,hoc-tap,Chi,01/01/2012,,,,",
            ",Máy bốn,hoc-tap,Dũng,01/01/2012,,,,"]
    result = import_entries(edition=edition, actor=None, table=csv_file(EN_HEADER, *rows))
    assert [e.code for e in result.entries] == [
        prefix + "0002", prefix + "0003", "KHAC-1", prefix + "0004"]
    assert next_entry_code(edition) == prefix + "0005"  # later submissions follow on


def test_duplicate_and_existing_codes_are_refused(ctx):
    edition = youth_edition()
    import_entries(edition=edition, actor=None,
                   table=csv_file(EN_HEADER, "VL-01,Máy,hoc-tap,An,01/01/2012,,,,"))
    db.session.commit()
    errors = rejected_errors(edition, csv_file(
        EN_HEADER, "vl-01,Máy,hoc-tap,An,01/01/2012,,,,", "VL-02,Đèn,hoc-tap,Bình,01/01/2012,,,,",
        "VL-02,Quạt,hoc-tap,Chi,01/01/2012,,,,", "VL 03,Bàn,hoc-tap,Dung,01/01/2012,,,,"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "Mã hồ sơ", "Mã hồ sơ vl-01 đã có trong cuộc thi này."),
        (4, "Mã hồ sơ", "Giá trị “VL-02” trùng với dòng 3."),
        (5, "Mã hồ sơ", "Mã hồ sơ chỉ gồm chữ không dấu, số và dấu - . / _ (tối đa 30 ký tự)."),
    ]
    assert entry_count() == 1


def test_template_csv_round_trips_through_the_import(ctx):
    edition = youth_edition()
    headers, rows = template_rows()
    assert headers == ["Mã hồ sơ", "Tên giải pháp", "Mã lĩnh vực", "Tác giả", "Ngày sinh",
                       "Đơn vị", "Giáo viên hướng dẫn", "E-mail", "Điện thoại"]
    result = import_entries(edition=edition, actor=None,
                            table=read_table(csv_bytes(headers, rows), "mau.csv"))
    entry = result.entries[0]
    assert (entry.title, entry.field.code, [a.full_name for a in entry.authors]) == (
        "Máy tưới cây tự động dùng năng lượng mặt trời", "moi-truong",
        ["Nguyễn Văn An", "Trần Thị Bình"])
    assert entry.authors[0].unit.name == "Trường THCS Lê Quý Đôn"


def test_formula_title_is_stored_as_text_and_neutralised_on_the_way_out(ctx):
    edition = youth_edition()
    evil = '=HYPERLINK("http://evil.example","x")'
    headers, _ = template_rows()
    table = read_table(csv_bytes(headers, [["", evil, "hoc-tap", "An", "01/01/2012"]]))
    entry = import_entries(edition=edition, actor=None, table=table).entries[0]
    assert entry.title == evil

    assert csv_bytes(["Tên giải pháp"], [[entry.title]]).decode("utf-8-sig").splitlines()[1] \
        == '"\'=HYPERLINK(""http://evil.example"",""x"")"'
    workbook = xlsx_bytes(["Tên giải pháp"], [[entry.title]])
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("'" + evil, "s")


def test_technical_contest_needs_no_birth_dates_but_checks_the_minimum_age(ctx):
    edition = factories.make_edition(ContestKind.TECHNICAL)
    db.session.commit()
    too_young = date.today().replace(year=date.today().year - 10)
    errors = rejected_errors(edition, csv_file(
        "title,field_code,authors,birth_dates,unit",
        "Máy bóc vỏ dừa,co-khi,Trần Văn Hùng,,Công ty TNHH Cơ khí Tân Phát",
        f"Phần mềm quản lý kho,cntt,Lê Anh Khoa,{too_young:%d/%m/%Y},"))
    assert [(e.row, e.column) for e in errors] == [(3, "Ngày sinh")]
    assert "chưa đủ 18 tuổi" in errors[0].message

    result = import_entries(edition=edition, actor=None, table=csv_file(
        "title,field_code,authors,unit",
        "Máy bóc vỏ dừa,co-khi,Trần Văn Hùng,Công ty TNHH Cơ khí Tân Phát"))
    entry = result.entries[0]
    assert re.fullmatch(rf"{edition.contest.code_prefix}-{edition.year_label[:4]}-0001",
                        entry.code)
    assert entry.authors[0].birth_date is None


def test_no_import_once_results_are_out(ctx):
    edition = youth_edition(phase=Phase.FINAL)
    with pytest.raises(DomainError, match="đã có kết quả"):
        import_entries(edition=edition, actor=None, table=csv_file(EN_HEADER, GOOD_ROW))


def test_a_file_with_only_a_header_is_an_error(ctx):
    errors = rejected_errors(youth_edition(), csv_file(EN_HEADER))
    assert errors == [RowError(1, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")]
