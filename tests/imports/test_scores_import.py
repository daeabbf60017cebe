"""Importing paper score sheets: all or nothing, errors by row and column, sheets per judge."""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.imports.entries import ImportRejected
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.imports.score_columns import template_rows
from contest.imports.scores import import_scores, validate_scores
from contest.models import (
    Assignment,
    AuditEvent,
    Author,
    Conflict,
    ContestKind,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    PanelMember,
    Phase,
    Role,
    ScoreSheet,
    Screening,
    SheetStatus,
    Unit,
    UnitKind,
)
from contest.services import DomainError
from contest.services.assignments import add_assignment
from contest.services.scoring import ScoreInput, finalise_sheet, reopen_sheet, save_sheet
from contest.services.submission import next_entry_code
from tests import factories

HEADER = "Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét"


@dataclass
class Judging:
    """A technical edition in its judging phase: criteria moi 30, ap-dung 35, hieu-qua 35."""

    edition: Edition
    entries: list[Entry]  # A, B eligible; C from gk2's unit; D screened out; E a draft
    judges: list[Judge]  # gk0, gk1 on the panel; gk2 shares a unit with entry C


def make_entry(edition: Edition, number: int, *, unit: Unit | None = None,
               status: EntryStatus = EntryStatus.SUBMITTED,
               screening: Screening = Screening.PENDING) -> Entry:
    entry = Entry(edition=edition, field=edition.fields[0], title=f"Giải pháp {number}",
                  status=status, screening=screening, submitted_at=clock.now())
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=f"Trần Văn Tác Giả {number}", unit=unit)]
    db.session.add(entry)
    db.session.flush()
    return entry


@pytest.fixture
def judging(app):
    with app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
        company = Unit(name="Công ty Cấp nước Trà Vinh", kind=UnitKind.ORGANISATION)
        judges = []
        for number in range(3):
            user = factories.make_user(Role.JUDGE, email=f"gk{number}@example.vn",
                                       full_name=f"Giám Khảo {number}",
                                       unit=company if number == 2 else None)
            judge = Judge(edition=edition, user=user,
                          seats=[PanelMember(field=edition.fields[0], round=1)])
            db.session.add(judge)
            judges.append(judge)
        entries = [make_entry(edition, 1, screening=Screening.ELIGIBLE), make_entry(edition, 2),
                   make_entry(edition, 3, unit=company),
                   make_entry(edition, 4, screening=Screening.INELIGIBLE),
                   make_entry(edition, 5, status=EntryStatus.WITHDRAWN)]
        db.session.commit()
        yield Judging(edition, entries, judges)


def csv_table(*lines: str, name: str = "phieu-cham.csv"):
    return read_table(("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode("utf-8"), name)


def sheet_rows(entry: Entry, email: str, scores: dict[str, str], round_: str = "") -> list[str]:
    return [f"{entry.code},{email},{code},\"{score}\",{round_}," for code, score in scores.items()]


def rejected_errors(edition: Edition, table) -> list[RowError]:
    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=edition, actor=None, table=table)
    db.session.rollback()
    return rejected.value.errors


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sheet_of(entry: Entry, judge: Judge, round_: int = 1) -> ScoreSheet | None:
    return db.session.scalar(select(ScoreSheet).join(Assignment).where(
        Assignment.entry_id == entry.id, Assignment.judge_id == judge.id,
        Assignment.round == round_))


def test_complete_sheets_are_finalised_and_missing_assignments_recorded(judging):
    a, b = judging.entries[:2]
    gk0, gk1 = judging.judges[:2]
    organiser = factories.make_user(Role.ORGANIZER)
    add_assignment(entry=a, judge=gk0, round_number=1, actor=organiser)
    db.session.commit()
    table = csv_table(
        f"{a.code},gk0@example.vn,moi,\"27,5\",1,Ý tưởng mới",
        f"{a.code.lower()},GK0@example.vn,ap-dung,30,,",
        f"{a.code},gk0@example.vn,hieu-qua,31.5,,",
        *sheet_rows(a, "gk1@example.vn", {"moi": "20", "ap-dung": "25", "hieu-qua": "25"}),
        *sheet_rows(b, "gk1@example.vn", {"moi": "10", "ap-dung": "10,5", "hieu-qua": "0"}))

    result = import_scores(edition=judging.edition, actor=organiser, table=table)
    db.session.commit()

    assert (result.count, result.final_count, result.rows) == (3, 3, 9)
    assert result.assignments_added == 2 and result.drafts == []
    totals = {(s.assignment.entry.code, s.assignment.judge.user.email): (s.status, s.total)
              for s in db.session.scalars(select(ScoreSheet))}
    assert totals == {
        (a.code, "gk0@example.vn"): (SheetStatus.FINAL, Decimal("89")),
        (a.code, "gk1@example.vn"): (SheetStatus.FINAL, Decimal("70")),
        (b.code, "gk1@example.vn"): (SheetStatus.FINAL, Decimal("20.5")),
    }
    first = sheet_of(a, gk0)
    assert first.on_paper and first.finalised_at is not None
    assert [(s.criterion.code, s.comment) for s in first.scores][0] == ("moi", "Ý tưởng mới")
    assert count(Assignment) == 3
    summary = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "edition.import_scores"))
    assert (summary.object_id, summary.actor_id, summary.after) == (
        judging.edition.id, organiser.id,
        {"sheets": 3, "final": 3, "rows": 9, "replaced_drafts": 0, "file": "phieu-cham.csv"})
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("assignment.add") == 3  # one by hand, two by the import
    assert actions.count("sheet.finalise") == 3


def test_sheets_with_some_criteria_stay_drafts_and_are_reported(judging):
    a = judging.entries[0]
    result = import_scores(edition=judging.edition, actor=None, table=csv_table(
        *sheet_rows(a, "gk0@example.vn", {"moi": "25", "hieu-qua": "30"})))
    db.session.commit()

    assert (result.count, result.final_count) == (1, 0)
    [draft] = result.drafts
    assert (draft.entry.code, draft.judge.user.email, draft.round) == (a.code, "gk0@example.vn", 1)
    assert [c.code for c in draft.missing] == ["ap-dung"]
    sheet = sheet_of(a, judging.judges[0])
    assert (sheet.status, sheet.total, sheet.on_paper) == (SheetStatus.DRAFT, Decimal(55), True)

    # The rest of the sheet in a second file completes and finalises it, once confirmed.
    result = import_scores(edition=judging.edition, actor=None, replace_drafts=True,
                           table=csv_table(*sheet_rows(
                               a, "gk0@example.vn", {"moi": "26", "ap-dung": "30",
                                                     "hieu-qua": "30"})))
    db.session.commit()
    assert result.drafts == [] and result.assignments_added == 0
    assert (sheet.status, sheet.total) == (SheetStatus.FINAL, Decimal(86))


def test_a_score_above_the_maximum_imports_nothing(judging):
    a, b = judging.entries[:2]
    table = csv_table(*sheet_rows(b, "gk1@example.vn", {"moi": "20", "ap-dung": "20"}),
                      *sheet_rows(a, "gk0@example.vn", {"moi": "31", "ap-dung": "12,3"}))
    assert rejected_errors(judging.edition, table) == [
        RowError(4, "Điểm", "Điểm phải từ 0 đến 30."),
        RowError(5, "Điểm", "Điểm phải theo bước 0,5 (ví dụ 0; 0,5; 1…)."),
    ]
    assert str(RowError(4, "Điểm", "Điểm phải từ 0 đến 30.")) == \
        "Dòng 4, cột Điểm: Điểm phải từ 0 đến 30."
    assert (count(ScoreSheet), count(Assignment)) == (0, 0)


def test_a_judge_in_conflict_is_refused_on_that_row(judging):
    a, b, c = judging.entries[:3]
    gk0, gk2 = judging.judges[0], judging.judges[2]
    db.session.add(Conflict(judge=gk0, entry=b, reason="Con của giám khảo là tác giả"))
    db.session.commit()
    table = csv_table(*sheet_rows(a, "gk2@example.vn", {"moi": "20"}),
                      *sheet_rows(c, "gk2@example.vn", {"moi": "20"}),
                      *sheet_rows(b, "gk0@example.vn", {"moi": "20"}))
    errors = rejected_errors(judging.edition, table)
    assert [(e.row, e.column) for e in errors] == [(3, "E-mail giám khảo"),
                                                   (4, "E-mail giám khảo")]
    assert errors[0].message == (
        f"{gk2.user.full_name} có xung đột lợi ích với hồ sơ {c.code}; không nhận điểm của giám "
        "khảo này cho hồ sơ này.")
    assert (count(ScoreSheet), count(Assignment)) == (0, 0)


def test_the_same_score_twice_in_the_file_is_refused(judging):
    a = judging.entries[0]
    table = csv_table(*sheet_rows(a, "gk0@example.vn", {"moi": "20", "ap-dung": "20"}),
                      f"{a.code},gk0@example.vn,MOI,21,1,",
                      f"{a.code},gk0@example.vn,moi,21,2,")  # another round: the round's check
    errors = rejected_errors(judging.edition, table)
    assert errors == [
        RowError(4, "Mã tiêu chí", "Trùng với dòng 2: cùng hồ sơ, giám khảo, vòng và tiêu chí."),
        RowError(5, "Vòng", "Không có vòng “2”: lần tổ chức này chấm 1 vòng."),
    ]


def test_a_finalised_sheet_must_be_reopened_before_it_is_replaced(judging):
    a = judging.entries[0]
    lines = sheet_rows(a, "gk0@example.vn", {"moi": "20", "ap-dung": "20", "hieu-qua": "20"})
    import_scores(edition=judging.edition, actor=None, table=csv_table(*lines))
    db.session.commit()

    corrected = [line.replace(",moi,\"20\"", ",moi,\"25\"") for line in lines]
    with pytest.raises(ImportRejected) as rejected:  # one line for the sheet, not one per row
        import_scores(edition=judging.edition, actor=None, table=csv_table(*corrected),
                      replace_drafts=True)
    db.session.rollback()
    assert rejected.value.errors == [RowError(2, "E-mail giám khảo", (
        f"Từ chối: phiếu chấm vòng 1 của giám khảo Giám Khảo 0 (gk0@example.vn) cho hồ sơ "
        f"{a.code} đã hoàn tất (nhập từ phiếu giấy); nhập từ tệp không ghi đè phiếu đã hoàn "
        "tất. Nếu cần sửa, hãy mở lại phiếu trước."))]
    sheet = sheet_of(a, judging.judges[0])
    assert sheet.total == Decimal(60)

    reopen_sheet(sheet=sheet, actor=factories.make_user(Role.ORGANIZER),
                 reason="Thư ký nhập nhầm điểm tính mới")
    db.session.commit()
    import_scores(edition=judging.edition, actor=None, table=csv_table(*corrected),
                  replace_drafts=True)
    db.session.commit()
    assert (sheet.status, sheet.total) == (SheetStatus.FINAL, Decimal(65))


def judge_saves_online(judging, entry: Entry, judge: Judge, scores: dict[str, str], *,
                       finalise: bool = False) -> ScoreSheet:
    """The judge's own sheet on the web: assigned, saved as a draft, perhaps finalised."""
    assignment = add_assignment(entry=entry, judge=judge, round_number=1, actor=None)
    criteria = {c.code: c.id for c in judging.edition.criteria}
    sheet = save_sheet(assignment=assignment, actor=judge.user, expected_version=0, now=clock.now(),
                       scores={criteria[code]: ScoreInput(value, f"Ghi chú {code}")
                               for code, value in scores.items()}, comment="Bản nháp của tôi")
    if finalise:
        finalise_sheet(assignment=assignment, actor=judge.user, now=clock.now())
    db.session.commit()
    return sheet


def stored(sheet: ScoreSheet) -> tuple:
    db.session.refresh(sheet)
    return ({s.criterion.code: (s.value, s.comment) for s in sheet.scores}, sheet.comment,
            sheet.status, sheet.version, sheet.on_paper)


def test_the_plan_says_per_sheet_whether_it_is_new_or_replaces_a_judges_draft(judging):
    a, b = judging.entries[:2]
    gk0 = judging.judges[0]
    judge_saves_online(judging, a, gk0, {"moi": "20", "ap-dung": "21"})
    plans, errors = validate_scores(edition=judging.edition, table=csv_table(
        *sheet_rows(a, "gk0@example.vn", {"moi": "25", "ap-dung": "30", "hieu-qua": "30"}),
        *sheet_rows(b, "gk1@example.vn", {"moi": "10"})))
    assert errors == []
    assert [(p.entry.code, p.outcome) for p in plans] == [
        (a.code, "Thay bản nháp của giám khảo Giám Khảo 0 (2 điểm)"), (b.code, "Phiếu mới")]
    assert [p.replaces_draft for p in plans] == [True, False]


def test_a_judges_draft_is_replaced_only_when_the_import_says_so(judging):
    a, b = judging.entries[:2]
    gk0 = judging.judges[0]
    draft = judge_saves_online(judging, a, gk0, {"moi": "20", "ap-dung": "21"})
    before = stored(draft)
    table = csv_table(
        *sheet_rows(b, "gk1@example.vn", {"moi": "10"}),
        *sheet_rows(a, "gk0@example.vn", {"moi": "25", "ap-dung": "30", "hieu-qua": "30"}))

    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=judging.edition, actor=None, table=table)
    db.session.rollback()
    assert str(rejected.value) == ("Tệp sẽ thay 1 bản nháp giám khảo đã lưu; chưa nhập phiếu "
                                   "chấm nào. Hãy xác nhận thay các bản nháp này rồi nhập lại.")
    assert rejected.value.errors == [RowError(3, "E-mail giám khảo", (
        f"Phiếu chấm vòng 1 cho hồ sơ {a.code} sẽ thay bản nháp của giám khảo Giám Khảo 0 "
        "(gk0@example.vn), 2 điểm; chỉ thay khi được xác nhận."))]
    assert stored(draft) == before
    assert count(ScoreSheet) == 1  # b's new sheet was not written either

    result = import_scores(edition=judging.edition, actor=None, table=table,
                           replace_drafts=True)
    db.session.commit()
    assert (result.count, result.final_count) == (2, 1)
    assert stored(draft) == ({"moi": (Decimal(25), ""), "ap-dung": (Decimal(30), ""),
                              "hieu-qua": (Decimal(30), "")}, "Bản nháp của tôi",
                             SheetStatus.FINAL, before[3] + 2, True)
    summary = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "edition.import_scores"))
    assert summary.after["replaced_drafts"] == 1


def test_a_sheet_the_judge_finalised_online_is_refused_in_one_line(judging):
    a, b = judging.entries[:2]
    gk0 = judging.judges[0]
    final = judge_saves_online(judging, a, gk0, {"moi": "20", "ap-dung": "21", "hieu-qua": "22"},
                               finalise=True)
    before = stored(final)
    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=judging.edition, actor=None, replace_drafts=True, table=csv_table(
            *sheet_rows(a, "gk0@example.vn", {"moi": "25", "ap-dung": "30", "hieu-qua": "30"}),
            *sheet_rows(b, "gk0@example.vn", {"moi": "10"})))
    db.session.rollback()
    assert rejected.value.errors == [RowError(2, "E-mail giám khảo", (
        f"Từ chối: phiếu chấm vòng 1 của giám khảo Giám Khảo 0 (gk0@example.vn) cho hồ sơ "
        f"{a.code} đã được giám khảo hoàn tất trực tuyến; nhập từ tệp không ghi đè phiếu đã "
        "hoàn tất. Nếu cần sửa, hãy mở lại phiếu trước."))]
    assert stored(final) == before
    assert count(ScoreSheet) == 1


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.OPEN, Phase.SCREENING,
                                   Phase.PROVISIONAL, Phase.FINAL])
def test_scores_are_imported_only_while_the_round_is_being_judged(judging, phase):
    judging.edition.phase = phase
    db.session.commit()
    table = csv_table(*sheet_rows(judging.entries[0], "gk0@example.vn",
                                  {"moi": "20", "ap-dung": "20", "hieu-qua": "20"}))
    names = {Phase.DRAFT: "Bản nháp", Phase.OPEN: "Đang nhận hồ sơ",
             Phase.SCREENING: "Đang thẩm định", Phase.PROVISIONAL: "Kết quả tạm thời",
             Phase.FINAL: "Đã công bố kết quả"}
    message = ("Điểm chỉ được chấm và nhập khi vòng chấm đang diễn ra; lần tổ chức này đang ở "
               f"giai đoạn “{names[phase]}”.")
    with pytest.raises(DomainError) as refused:
        validate_scores(edition=judging.edition, table=table)
    assert str(refused.value) == message
    with pytest.raises(DomainError) as refused:
        import_scores(edition=judging.edition, actor=None, table=table)
    db.session.rollback()
    assert str(refused.value) == message
    assert (count(ScoreSheet), count(Assignment)) == (0, 0)


def test_unknown_and_unjudgeable_cells_are_named_by_row(judging):
    a, _b, _c, screened_out, withdrawn = judging.entries
    outsider = factories.make_user(Role.JUDGE, email="ngoai@example.vn")
    db.session.commit()
    errors = rejected_errors(judging.edition, csv_table(
        "TKT-1999-9999,gk0@example.vn,moi,10,,",
        f"{screened_out.code},gk0@example.vn,moi,10,,",
        f"{withdrawn.code},gk0@example.vn,moi,10,,",
        f"{a.code},{outsider.email},moi,10,,",
        f"{a.code},gk0@example.vn,my-thuat,10,,",
        f"{a.code},gk1@example.vn,moi,mười,x,",
        f"{a.code},gk1@example.vn,ap-dung,,,"))
    assert [str(error) for error in errors] == [
        "Dòng 2, cột Mã hồ sơ: Không có hồ sơ mã “TKT-1999-9999” trong cuộc thi này.",
        f"Dòng 3, cột Mã hồ sơ: Hồ sơ {screened_out.code} không đủ điều kiện khi thẩm định; "
        "không chấm điểm được.",
        f"Dòng 4, cột Mã hồ sơ: Hồ sơ {withdrawn.code} đã rút; không chấm điểm được.",
        "Dòng 5, cột E-mail giám khảo: ngoai@example.vn không phải giám khảo của lần tổ chức "
        "này.",
        "Dòng 6, cột Mã tiêu chí: Mã tiêu chí “my-thuat” không có trong cuộc thi này. Các mã "
        "dùng được: moi, ap-dung, hieu-qua.",
        "Dòng 7, cột Vòng: Không có vòng “x”: lần tổ chức này chấm 1 vòng.",
        "Dòng 7, cột Điểm: Điểm phải là một số.",
        "Dòng 8, cột Điểm: Ô này không được để trống.",
    ]


def test_the_round_defaults_to_the_current_one(judging):
    judging.edition.rounds, judging.edition.current_round = 2, 2
    db.session.commit()
    a = judging.entries[0]
    import_scores(edition=judging.edition, actor=None, table=csv_table(
        *sheet_rows(a, "gk0@example.vn", {"moi": "20"}),
        *sheet_rows(a, "gk1@example.vn", {"moi": "22"}, round_="2")))
    db.session.commit()
    assert sheet_of(a, judging.judges[0], 2).total == Decimal(20)
    assert sheet_of(a, judging.judges[1], 2).total == Decimal(22)


def test_scores_of_a_round_that_is_not_being_judged_are_refused(judging):
    judging.edition.rounds, judging.edition.current_round = 2, 2
    db.session.commit()
    a = judging.entries[0]
    errors = rejected_errors(judging.edition, csv_table(
        *sheet_rows(a, "gk0@example.vn", {"moi": "20"}),
        *sheet_rows(a, "gk1@example.vn", {"moi": "22", "ap-dung": "20"}, round_="1")))
    assert errors == [RowError(3, "Vòng", "Điểm chỉ được chấm và nhập khi vòng chấm đang diễn "
                                          "ra; đang chấm vòng 2, không phải vòng 1.")]
    assert (count(ScoreSheet), count(Assignment)) == (0, 0)


def test_xlsx_number_cells_and_english_headers(judging):
    a = judging.entries[0]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["entry_code", "judge_email", "criterion_code", "score", "round", "comment"])
    for code, score in (("moi", 27.5), ("ap-dung", 30), ("hieu-qua", 29.0)):
        sheet.append([a.code, "gk0@example.vn", code, score, 1, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_scores(edition=judging.edition, actor=None,
                  table=read_table(buffer.getvalue(), "diem.xlsx"))
    db.session.commit()
    saved = sheet_of(a, judging.judges[0])
    assert (saved.status, saved.total) == (SheetStatus.FINAL, Decimal("86.5"))


def test_preview_groups_rows_into_sheets_without_writing(judging):
    a, b = judging.entries[:2]
    plans, errors = validate_scores(edition=judging.edition, table=csv_table(
        *sheet_rows(a, "gk0@example.vn", {"moi": "20", "ap-dung": "20", "hieu-qua": "20"}),
        *sheet_rows(b, "gk1@example.vn", {"moi": "9,5"})))
    assert errors == []
    assert [(p.number, p.entry.code, p.total, p.complete, p.assignment) for p in plans] == [
        (2, a.code, Decimal(60), True, None), (5, b.code, Decimal("9.5"), False, None)]
    assert (count(ScoreSheet), count(Assignment)) == (0, 0)


def test_template_has_vietnamese_titles_and_one_example():
    headers, rows = template_rows()
    assert headers == ["Mã hồ sơ", "E-mail giám khảo", "Mã tiêu chí", "Điểm", "Vòng", "Nhận xét"]
    assert len(rows) == 1 and rows[0][3] == "27,5"


def test_a_file_without_the_comment_column_keeps_the_judges_comments(judging):
    a = judging.entries[0]
    draft = judge_saves_online(judging, a, judging.judges[0], {"moi": "20", "ap-dung": "21"})
    table = read_table("\n".join(["Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm",
                                  f"{a.code},gk0@example.vn,moi,25",
                                  f"{a.code},gk0@example.vn,hieu-qua,30"]).encode(), "diem.csv")
    import_scores(edition=judging.edition, actor=None, table=table, replace_drafts=True)
    db.session.commit()
    assert stored(draft)[0] == {"moi": (Decimal(25), "Ghi chú moi"),
                                "ap-dung": (Decimal(21), "Ghi chú ap-dung"),
                                "hieu-qua": (Decimal(30), "")}
