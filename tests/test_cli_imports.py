"""The import-entries command: prints the count, or every error by row and column and exit 1."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, ContestKind, Entry
from tests import factories

HEADER = "Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị"


def youth_edition_id(app) -> int:
    with app.app_context():
        edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                         birth_date_to=date(2019, 7, 31))
        db.session.commit()
        return edition.id


def write_csv(tmp_path, *lines: str):
    path = tmp_path / "ho-so.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def count_entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Entry))


def test_import_entries_prints_the_number_imported(runner, app, tmp_path):
    edition_id = youth_edition_id(app)
    path = write_csv(tmp_path, HEADER, "Máy lọc nước,moi-truong,Lê Văn Tám,01/02/2012,THCS An Hội",
                     "Đèn học,hoc-tap,Võ Thị Sáu,03/04/2013,THCS An Hội")
    result = runner.invoke(args=["import-entries", str(edition_id), str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Đã nhập 2 hồ sơ vào ")
    assert count_entries(app) == 2
    with app.app_context():
        summary = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "edition.import_entries"))
        assert (summary.ip, summary.after) == (
            "cli", {"count": 2, "file": "ho-so.csv", "import": 1})


def test_bad_rows_are_listed_on_stderr_and_nothing_is_imported(runner, app, tmp_path):
    edition_id = youth_edition_id(app)
    path = write_csv(tmp_path, HEADER, "Máy lọc nước,moi-truong,Lê Văn Tám,01/02/2012,",
                     "Đèn học,hoc-tap,Võ Thị Sáu,31/02/2013,", "Quạt,xyz,Hà An,01/01/2012,")
    result = runner.invoke(args=["import-entries", str(edition_id), str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Dòng 3, cột Ngày sinh: Ngày 31/02/2013 không có trên lịch.",
        "Dòng 4, cột Mã lĩnh vực: Mã lĩnh vực “xyz” không có trong cuộc thi này. Các mã dùng "
        "được: hoc-tap, phan-mem, moi-truong, gia-dinh, khi-hau.",
        "Lỗi: Tệp có 2 lỗi; chưa nhập hồ sơ nào.",
    ]
    assert count_entries(app) == 0


def test_unreadable_files_and_unknown_editions_fail_cleanly(runner, app, tmp_path):
    edition_id = youth_edition_id(app)
    pdf = tmp_path / "ho-so.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n\x00\xff\xfe")
    result = runner.invoke(args=["import-entries", str(edition_id), str(pdf)])
    assert result.exit_code == 1
    assert "Lỗi: Tệp không đọc được" in result.output

    good = write_csv(tmp_path, HEADER, "Máy lọc nước,moi-truong,Lê Văn Tám,01/02/2012,")
    result = runner.invoke(args=["import-entries", "999", str(good)])
    assert result.exit_code == 1
    assert "không có lần tổ chức nào mang mã số 999" in result.output
    missing = runner.invoke(args=["import-entries", str(edition_id), str(tmp_path / "x.csv")])
    assert missing.exit_code != 0
    assert count_entries(app) == 0

