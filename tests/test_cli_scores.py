"""The import-scores command: prints the sheets imported, or every error by row and exit 1."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    AuditEvent,
    Author,
    ContestKind,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Phase,
    Role,
    ScoreSheet,
    SheetStatus,
)
from contest.services.assignments import add_assignment
from contest.services.scoring import ScoreInput, save_sheet
from contest.services.submission import next_entry_code
from tests import factories

HEADER = "Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét"


def judging_edition(app) -> tuple[int, list[str]]:
    """A technical edition in judging with two submitted entries and one judge, gk@example.vn."""
    with app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
        db.session.add(Judge(edition=edition, user=factories.make_user(
            Role.JUDGE, email="gk@example.vn", full_name="Giám Khảo Giấy")))
        codes = []
        for number in (1, 2):
            entry = Entry(edition=edition, field=edition.fields[0], title=f"Giải pháp {number}",
                          status=EntryStatus.SUBMITTED, submitted_at=clock.now(),
                          code=next_entry_code(edition),
                          authors=[Author(position=1, full_name="Đoàn Văn Hậu")])
            db.session.add(entry)
            codes.append(entry.code)
        db.session.commit()
        return edition.id, codes


def write_csv(tmp_path, *lines: str):
    path = tmp_path / "phieu-cham.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"))
    return path


def sheets(app) -> list[tuple[str, SheetStatus]]:
    with app.app_context():
        return [(sheet.assignment.entry.code, sheet.status)
                for sheet in db.session.scalars(select(ScoreSheet).order_by(ScoreSheet.id))]


def test_import_scores_prints_the_sheets_and_lists_the_drafts(runner, app, tmp_path):
    edition_id, (first, second) = judging_edition(app)
    path = write_csv(tmp_path, f"{first},gk@example.vn,moi,\"25,5\",,",
                     f"{first},gk@example.vn,ap-dung,30,,", f"{first},gk@example.vn,hieu-qua,30,,",
                     f"{second},gk@example.vn,moi,12,1,Chưa rõ điểm mới")
    result = runner.invoke(args=["import-scores", str(edition_id), str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Đã nhập 2 phiếu chấm (1 hoàn tất) vào ")
    assert lines[1:] == [
        f"  {first}, gk@example.vn, vòng 1: Phiếu mới; hoàn tất.",
        f"  {second}, gk@example.vn, vòng 1: Phiếu mới; lưu nháp, thiếu: Khả năng áp dụng "
        "rộng rãi, Hiệu quả kinh tế - kỹ thuật - xã hội."]
    assert sheets(app) == [(first, SheetStatus.FINAL), (second, SheetStatus.DRAFT)]
    with app.app_context():
        summary = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "edition.import_scores"))
        assert (summary.ip, summary.actor_id, summary.after) == (
            "cli", None, {"sheets": 2, "final": 1, "rows": 4, "replaced_drafts": 0,
                          "file": "phieu-cham.csv", "import": 1})


def test_bad_rows_go_to_stderr_and_nothing_is_imported(runner, app, tmp_path):
    edition_id, (first, second) = judging_edition(app)
    path = write_csv(tmp_path, f"{first},gk@example.vn,moi,30,,",
                     f"{second},gk@example.vn,moi,31,,", f"{second},gk@example.vn,moi,20,,",
                     f"{first},khach@example.vn,moi,20,,")
    result = runner.invoke(args=["import-scores", str(edition_id), str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Dòng 3, cột Điểm: Điểm phải từ 0 đến 30.",
        "Dòng 4, cột Mã tiêu chí: Trùng với dòng 3: cùng hồ sơ, giám khảo, vòng và tiêu chí.",
        "Dòng 5, cột E-mail giám khảo: khach@example.vn không phải giám khảo của lần tổ chức "
        "này.",
        "Lỗi: Tệp có 3 lỗi; chưa nhập phiếu chấm nào.",
    ]
    assert sheets(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action.like("sheet.%"))) == 0


def test_unreadable_files_and_unknown_editions_fail(runner, app, tmp_path):
    edition_id, (first, _second) = judging_edition(app)
    pdf = tmp_path / "diem.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n\x00\xff\xfe")
    result = runner.invoke(args=["import-scores", str(edition_id), str(pdf)])
    assert result.exit_code == 1
    assert "Lỗi: Tệp không đọc được" in result.stderr

    good = write_csv(tmp_path, f"{first},gk@example.vn,moi,20,,")
    result = runner.invoke(args=["import-scores", "999", str(good)])
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: không có lần tổ chức nào mang mã số 999.\n"


@pytest.mark.parametrize(("phase", "name"), [(Phase.DRAFT, "Bản nháp"),
                                             (Phase.SCREENING, "Đang thẩm định"),
                                             (Phase.PROVISIONAL, "Kết quả tạm thời"),
                                             (Phase.FINAL, "Đã công bố kết quả")])
def test_scores_are_imported_only_while_the_round_is_being_judged(runner, app, tmp_path,
                                                                  phase, name):
    edition_id, (first, _second) = judging_edition(app)
    with app.app_context():
        db.session.get(Edition, edition_id).phase = phase
        db.session.commit()
    good = write_csv(tmp_path, f"{first},gk@example.vn,moi,20,,",
                     f"{first},gk@example.vn,ap-dung,20,,", f"{first},gk@example.vn,hieu-qua,20,,")
    result = runner.invoke(args=["import-scores", str(edition_id), str(good)])
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: Điểm chỉ được chấm và nhập khi vòng chấm đang diễn ra; lần "
                             f"tổ chức này đang ở giai đoạn “{name}”.\n")
    assert sheets(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_drafts_are_replaced_only_with_replace_drafts(runner, app, tmp_path):
    edition_id, (first, second) = judging_edition(app)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        judge = db.session.scalar(select(Judge).where(Judge.edition_id == edition_id))
        entry = db.session.scalar(select(Entry).where(Entry.code == first))
        assignment = add_assignment(entry=entry, judge=judge, round_number=1, actor=None)
        save_sheet(assignment=assignment, actor=judge.user, expected_version=0, now=clock.now(),
                   scores={edition.criteria[0].id: ScoreInput("11")})
        db.session.commit()
    path = write_csv(tmp_path, f"{first},gk@example.vn,moi,20,,",
                     f"{first},gk@example.vn,ap-dung,20,,", f"{second},gk@example.vn,moi,12,,")

    refused = runner.invoke(args=["import-scores", str(edition_id), str(path)])
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"Dòng 2, cột E-mail giám khảo: Phiếu chấm vòng 1 cho hồ sơ {first} sẽ thay bản nháp "
        "của giám khảo Giám Khảo Giấy (gk@example.vn), 1 điểm; chỉ thay khi được xác nhận.",
        "Lỗi: Tệp sẽ thay 1 bản nháp giám khảo đã lưu; chưa nhập phiếu chấm nào. Thêm "
        "--replace-drafts để thay các bản nháp này."]
    assert sheets(app) == [(first, SheetStatus.DRAFT)]

    done = runner.invoke(args=["import-scores", str(edition_id), str(path), "--replace-drafts"])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[1:] == [
        f"  {first}, gk@example.vn, vòng 1: Thay bản nháp của giám khảo Giám Khảo Giấy (1 điểm)"
        "; lưu nháp, thiếu: Hiệu quả kinh tế - kỹ thuật - xã hội.",
        f"  {second}, gk@example.vn, vòng 1: Phiếu mới; lưu nháp, thiếu: Khả năng áp dụng rộng "
        "rãi, Hiệu quả kinh tế - kỹ thuật - xã hội."]
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet).join(Assignment).join(Entry).where(
            Entry.code == first))
        assert (sheet.total, sheet.on_paper) == (Decimal(40), True)
