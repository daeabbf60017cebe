"""The import-judges command: counts, invitations e-mailed after the commit, errors by row."""
from __future__ import annotations

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AuditEvent, Judge, Role, User
from tests import factories

HEADER = "E-mail,Họ và tên,Đơn vị,Lĩnh vực"


def edition_id(app) -> int:
    with app.app_context():
        edition = factories.make_edition()
        factories.make_user(Role.JUDGE, email="da.co@example.vn")
        factories.make_user(Role.ENTRANT, email="thi.sinh@example.vn")
        db.session.commit()
        return edition.id


def write_csv(tmp_path, *lines: str):
    path = tmp_path / "giam-khao.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def judge_emails(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(User.email).join(Judge, Judge.user_id == User.id)
                                  .order_by(User.email)).all()


def test_import_judges_prints_counts_and_emails_the_new_accounts(runner, app, tmp_path, client,
                                                                 outbox):
    app.config.update(SERVER_NAME=None, BASE_URL="https://sangtao.example.vn")
    edition = edition_id(app)
    path = write_csv(tmp_path, HEADER, "hoa@example.vn,TS. Lê Thị Hoa,Sở KH&CN,moi-truong",
                     "da.co@example.vn,Phạm Văn Cũ,,hoc-tap; phan-mem")
    result = runner.invoke(args=["import-judges", str(edition), str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Đã nhập 2 giám khảo vào ")
    assert result.output.rstrip().endswith("; đã gửi 1 e-mail mời tài khoản mới.")
    assert judge_emails(app) == ["da.co@example.vn", "hoa@example.vn"]

    [message] = outbox.messages()
    assert message["To"] == "hoa@example.vn"
    body = message.get_content()
    assert "Ban tổ chức mời bạn tham gia hệ thống quản lý cuộc thi Sáng tạo." in body
    assert "https://sangtao.example.vn/invitation/" in body  # BASE_URL: no request in a command
    page = client.get(outbox.link("/invitation/"))
    assert page.status_code == 200
    assert "hoa@example.vn" in page.get_data(as_text=True)
    with app.app_context():
        summary = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "edition.import_judges"))
        assert (summary.ip, summary.actor_id, summary.after["invited"]) == ("cli", None, 1)


def test_bad_rows_are_listed_on_stderr_and_nothing_is_imported(runner, app, tmp_path, outbox):
    edition = edition_id(app)
    path = write_csv(tmp_path, HEADER, "hoa@example.vn,TS. Lê Thị Hoa,,moi-truong",
                     "thi.sinh@example.vn,Học Sinh,,hoc-tap", "binh@example.vn,Trần Bình,,xyz")
    result = runner.invoke(args=["import-judges", str(edition), str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Dòng 3, cột E-mail: thi.sinh@example.vn đã là tài khoản thí sinh; tài khoản này "
        "không làm giám khảo được. Hãy dùng một địa chỉ e-mail khác.",
        "Dòng 4, cột Lĩnh vực: Mã lĩnh vực “xyz” không có trong cuộc thi này. Các mã dùng "
        "được: hoc-tap, phan-mem, moi-truong, gia-dinh, khi-hau.",
        "Lỗi: Tệp có 2 lỗi; chưa nhập giám khảo nào.",
    ]
    assert judge_emails(app) == []
    assert outbox.messages() == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_unreadable_files_and_unknown_editions_fail_cleanly(runner, app, tmp_path):
    edition = edition_id(app)
    bad = tmp_path / "giam-khao.xlsx"
    bad.write_bytes(b"%PDF-1.4\n\x00\xff\xfe")
    result = runner.invoke(args=["import-judges", str(edition), str(bad)])
    assert result.exit_code == 1
    assert "Lỗi: Tệp không đọc được" in result.output

    good = write_csv(tmp_path, HEADER, "hoa@example.vn,TS. Lê Thị Hoa,,moi-truong")
    result = runner.invoke(args=["import-judges", "999", str(good)])
    assert result.exit_code == 1
    assert "không có lần tổ chức nào mang mã số 999" in result.output
    assert judge_emails(app) == []
