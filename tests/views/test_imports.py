"""The entries import page: upload → preview → confirm, the error table, the templates."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import ContestKind, Entry, ImportFile, ImportRun, Role
from tests import factories
from tests.conftest import csrf_token

HEADER = "Mã hồ sơ,Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị"
TOKEN_INPUT = re.compile(r'name="token"[^>]*value="([a-f0-9]{32})"|'
                         r'value="([a-f0-9]{32})"[^>]*name="token"')


def kept_upload(app, token: str) -> bool:
    """Whether the previewed upload behind the token is still kept."""
    with app.app_context():
        return db.session.scalar(select(ImportFile.id).where(ImportFile.token == token)) \
            is not None


def setup(app, auth, role=Role.ORGANIZER) -> int:
    with app.app_context():
        factories.make_user(role, email="btc@example.vn")
        edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                         birth_date_to=date(2019, 7, 31))
        db.session.commit()
        edition_id = edition.id
    auth.login("btc@example.vn")
    return edition_id


def csv_upload(*rows: str, name: str = "ho-so.csv") -> tuple[io.BytesIO, str]:
    text = "\n".join([HEADER, *rows]) + "\n"
    return io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8")), name


def upload(client, edition_id: int, file: tuple[io.BytesIO, str]):
    path = f"/organizer/editions/{edition_id}/import-entries"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "file": file},
                       content_type="multipart/form-data")


def entry_titles(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Entry.title).order_by(Entry.id)).all()


def test_upload_preview_confirm_imports_once(client, auth, app):
    edition_id = setup(app, auth)
    rows = [f",Sản phẩm {n},hoc-tap,Học sinh {n},01/01/2012,Trường Tiểu học Phú Quới"
            for n in range(1, 26)]
    preview = upload(client, edition_id, csv_upload(*rows))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Tệp ho-so.csv hợp lệ: 25 hồ sơ sẵn sàng để nhập." in page
    assert "Sản phẩm 20<" in page and "Sản phẩm 21<" not in page  # the first 20 rows
    assert "… và 5 hồ sơ nữa." in page
    assert entry_titles(app) == []  # a preview writes nothing
    token = next(g for g in TOKEN_INPUT.search(page).groups() if g)
    assert kept_upload(app, token)  # in the database: any app server can confirm it
    assert not (Path(app.instance_path) / "imports").exists()

    path = f"/organizer/editions/{edition_id}/import-entries"
    confirmed = auth.post(path, {"token": token})
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == f"/organizer/editions/{edition_id}/entries"
    assert entry_titles(app) == [f"Sản phẩm {n}" for n in range(1, 26)]
    assert not kept_upload(app, token)
    followed = client.get(path)
    assert "Đã nhập 25 hồ sơ." in followed.get_data(as_text=True)

    again = auth.post(path, {"token": token})  # a double click, or the back button
    assert again.headers["Location"] == path
    assert len(entry_titles(app)) == 25


def test_the_xlsx_template_uploads_as_it_is(client, auth, app):
    edition_id = setup(app, auth)
    template = client.get("/organizer/import-templates/entries.xlsx").data
    page = upload(client, edition_id, (io.BytesIO(template), "mau.xlsx")).get_data(as_text=True)
    assert "Tệp mau.xlsx hợp lệ: 1 hồ sơ sẵn sàng để nhập." in page
    assert "Máy tưới cây tự động dùng năng lượng mặt trời" in page
    assert "15/03/2012; 02/09/2011" in page


def test_one_bad_row_shows_the_error_table_and_imports_nothing(client, auth, app):
    edition_id = setup(app, auth)
    response = upload(client, edition_id, csv_upload(
        ",Máy lọc nước,moi-truong,Lê Văn Tám,01/02/2012,",
        ",Đèn học,khong-co,Võ Thị Sáu,31/02/2013,",
        ",Quạt,hoc-tap,Hà An,01/01/2012,"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tệp có 2 lỗi; chưa nhập hồ sơ nào." in page
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert [(row, column) for row, column, _ in cells] == [("3", "Mã lĩnh vực"), ("3", "Ngày sinh")]
    assert cells[1][2] == "Ngày 31/02/2013 không có trên lịch."
    assert 'name="token"' not in page
    assert entry_titles(app) == []


def test_files_that_are_not_spreadsheets_are_refused_with_a_message(client, auth, app):
    edition_id = setup(app, auth)
    response = upload(client, edition_id, (io.BytesIO(b"%PDF-1.4\n\x00\xff"), "ho-so.xlsx"))
    assert "Tệp không đọc được" in response.get_data(as_text=True)
    missing = client.post(f"/organizer/editions/{edition_id}/import-entries",
                          data={"csrf_token": csrf_token(client)},
                          content_type="multipart/form-data")
    assert "Hãy chọn tệp cần nhập." in missing.get_data(as_text=True)


def test_confirm_refuses_forged_or_expired_tokens(client, auth, app):
    edition_id = setup(app, auth)
    path = f"/organizer/editions/{edition_id}/import-entries"
    for token in ("../../secret_key", "0" * 32, "ABCDEF" + "0" * 26):
        response = auth.post(path, {"token": token})
        assert response.status_code in (200, 302)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ImportRun)) == 0
    assert entry_titles(app) == []


def test_confirm_without_csrf_is_refused(client, auth, app):
    edition_id = setup(app, auth)
    page = upload(client, edition_id, csv_upload(",Máy,hoc-tap,An,01/01/2012,"))
    token = next(g for g in TOKEN_INPUT.search(page.get_data(as_text=True)).groups() if g)
    response = client.post(f"/organizer/editions/{edition_id}/import-entries",
                           data={"token": token})
    assert response.status_code == 400
    assert entry_titles(app) == []


def test_templates_download_with_vietnamese_titles(client, auth, app):
    setup(app, auth)
    csv_response = client.get("/organizer/import-templates/entries.csv")
    disposition = csv_response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="mau-nhap-ho-so.csv"'
    text = csv_response.data.decode("utf-8")
    assert text.startswith("\ufeffMã hồ sơ,Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Đơn vị,")

    xlsx_response = client.get("/organizer/import-templates/entries.xlsx")
    assert xlsx_response.headers["Content-Disposition"].endswith('filename="mau-nhap-ho-so.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.data)).active
    assert [c.value for c in sheet[1]][:3] == ["Mã hồ sơ", "Tên giải pháp", "Mã lĩnh vực"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet["B2"].value == "Máy tưới cây tự động dùng năng lượng mặt trời"
    assert client.get("/organizer/import-templates/entries.pdf").status_code == 404


def test_entrants_and_judges_cannot_import(client, auth, app):
    edition_id = setup(app, auth, role=Role.ENTRANT)
    assert client.get(f"/organizer/editions/{edition_id}/import-entries").status_code == 403
    assert client.get("/organizer/import-templates/entries.csv").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
