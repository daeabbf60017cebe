"""Importing paper score sheets: all or nothing, errors by row and column, sheets per judge."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.imports.score_columns import template_rows
from contest.imports.scores import import_scores, validate_scores
from contest.models import Assignment, AuditEvent, Conflict, Phase, Role, ScoreSheet, SheetStatus
from contest.services import DomainError
from contest.services.assignments import add_assignment
from tests import factories
from tests.imports.scores.world import count, csv_table, rejected_errors, sheet_of, sheet_rows


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
