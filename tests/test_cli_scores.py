"""The import-scores command: prints the sheets imported, or every error by row and exit 1."""
from __future__ import annotations

from sqlalchemy import func, select

from contest.database import utcnow
from contest.extensions import db
from contest.models import (
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
from contest.services.submission import next_entry_code
from tests import factories

HEADER = "Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét"


def judging_edition(app) -> tuple[int, list[str]]:
    """A technical edition in judging with two submitted entries and one judge, gk@example.vn."""
    with app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
        db.session.add(Judge(edition=edition, user=factories.make_user(
            Role.JUDGE, email="gk@example.vn")))
        codes = []
        for number in (1, 2):
            entry = Entry(edition=edition, field=edition.fields[0], title=f"Giải pháp {number}",
                          status=EntryStatus.SUBMITTED, submitted_at=utcnow(),
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
    assert lines[1:] == ["1 phiếu chưa đủ tiêu chí, lưu nháp:",
                         f"  {second}, gk@example.vn, vòng 1: thiếu Khả năng áp dụng rộng rãi, "
                         "Hiệu quả kinh tế - kỹ thuật - xã hội"]
    assert sheets(app) == [(first, SheetStatus.FINAL), (second, SheetStatus.DRAFT)]
    with app.app_context():
        summary = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "edition.import_scores"))
        assert (summary.ip, summary.actor_id, summary.after) == (
            "cli", None, {"sheets": 2, "final": 1, "rows": 4, "file": "phieu-cham.csv"})


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


def test_unreadable_files_unknown_editions_and_published_results_fail(runner, app, tmp_path):
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

    with app.app_context():
        db.session.get(Edition, edition_id).phase = Phase.FINAL
        db.session.commit()
    result = runner.invoke(args=["import-scores", str(edition_id), str(good)])
    assert result.exit_code == 1
    assert "Kết quả chính thức đã công bố" in result.stderr
    assert sheets(app) == []
