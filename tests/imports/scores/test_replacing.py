"""Imported sheets and the judges' own: drafts replaced only when asked, finalised ones kept."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.imports.entries import ImportRejected
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.imports.scores import import_scores, validate_scores
from contest.models import AuditEvent, Role, ScoreSheet, SheetStatus
from contest.services.scoring import reopen_sheet
from tests import factories
from tests.imports.scores.world import (
    count,
    csv_table,
    judge_saves_online,
    sheet_of,
    sheet_rows,
    stored,
)


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
