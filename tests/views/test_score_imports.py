"""The paper score sheets import page: upload → preview → confirm, the error table, the template."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
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
    Unit,
    UnitKind,
    User,
)
from contest.services.submission import next_entry_code
from tests import factories
from tests.conftest import csrf_token

HEADER = "Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét"
TOKEN_INPUT = re.compile(r'name="token"[^>]*value="([a-f0-9]{32})"|'
                         r'value="([a-f0-9]{32})"[^>]*name="token"')


def setup(app, auth, role=Role.ORGANIZER) -> tuple[int, list[str]]:
    """A technical edition in judging: entries A and B; gk0, and gk1 from B's company."""
    with app.app_context():
        factories.make_user(role, email="btc@example.vn")
        edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
        company = Unit(name="Công ty Điện lực Trà Vinh", kind=UnitKind.ORGANISATION)
        for number in range(2):
            db.session.add(Judge(edition=edition, user=factories.make_user(
                Role.JUDGE, email=f"gk{number}@example.vn", full_name=f"Giám Khảo {number}",
                unit=company if number else None)))
        codes = []
        for number in range(2):
            entry = Entry(edition=edition, field=edition.fields[0], title=f"Giải pháp {number}",
                          status=EntryStatus.SUBMITTED, submitted_at=clock.now(),
                          code=next_entry_code(edition), authors=[Author(
                              position=1, full_name="Kim Văn Sơn",
                              unit=company if number else None)])
            db.session.add(entry)
            codes.append(entry.code)
        db.session.commit()
        edition_id = edition.id
    auth.login("btc@example.vn")
    return edition_id, codes


def csv_upload(*rows: str, name: str = "phieu-cham.csv") -> tuple[io.BytesIO, str]:
    text = "\n".join([HEADER, *rows]) + "\n"
    return io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8")), name


def upload(client, edition_id: int, file: tuple[io.BytesIO, str]):
    path = f"/organizer/editions/{edition_id}/import-scores"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "file": file},
                       content_type="multipart/form-data")


def saved_sheets(app) -> list[tuple[str, str, SheetStatus, Decimal]]:
    with app.app_context():
        return [(s.assignment.entry.code, s.assignment.judge.user.email, s.status, s.total)
                for s in db.session.scalars(select(ScoreSheet).order_by(ScoreSheet.id))]


def test_upload_preview_confirm_imports_the_sheets(client, auth, app):
    edition_id, (first, second) = setup(app, auth)
    preview = upload(client, edition_id, csv_upload(
        f"{first},gk0@example.vn,moi,\"27,5\",,Rất mới", f"{first},gk0@example.vn,ap-dung,30,,",
        f"{first},gk0@example.vn,hieu-qua,30.5,,", f"{second},gk0@example.vn,moi,20,1,"))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Tệp phieu-cham.csv hợp lệ: 2 phiếu chấm sẵn sàng để nhập." in page
    assert "88 / 100" in page and "20 / 100" in page
    assert "Sẽ lưu nháp, thiếu: Khả năng áp dụng rộng rãi, Hiệu quả kinh tế - kỹ thuật - xã hội" \
        in page
    assert "Sẽ thêm phân công" in page
    assert saved_sheets(app) == []  # a preview writes nothing
    token = next(g for g in TOKEN_INPUT.search(page).groups() if g)

    path = f"/organizer/editions/{edition_id}/import-scores"
    confirmed = auth.post(path, {"token": token})
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == f"/organizer/editions/{edition_id}/judging"
    assert saved_sheets(app) == [
        (first, "gk0@example.vn", SheetStatus.FINAL, Decimal(88)),
        (second, "gk0@example.vn", SheetStatus.DRAFT, Decimal(20))]
    with app.app_context():
        assert len(db.session.scalars(select(Assignment)).all()) == 2
    followed = client.get(path).get_data(as_text=True)
    assert "Đã nhập 2 phiếu chấm (1 hoàn tất)." in followed
    assert f"1 phiếu chưa đủ tiêu chí được lưu nháp: {second} – gk0@example.vn." in followed

    again = auth.post(path, {"token": token})  # a double click, or the back button
    assert again.headers["Location"] == path
    assert len(saved_sheets(app)) == 2


def test_bad_rows_show_the_error_table_and_import_nothing(client, auth, app):
    edition_id, (first, second) = setup(app, auth)
    response = upload(client, edition_id, csv_upload(
        f"{first},gk0@example.vn,moi,31,,", f"{first},gk0@example.vn,ap-dung,30,,",
        f"{second},gk1@example.vn,moi,20,,"))
    page = response.get_data(as_text=True)
    assert "Tệp có 2 lỗi; chưa nhập phiếu chấm nào." in page
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert cells == [
        ("2", "Điểm", "Điểm phải từ 0 đến 30."),
        ("4", "E-mail giám khảo", f"Giám Khảo 1 có xung đột lợi ích với hồ sơ {second}; không "
                                  "nhận điểm của giám khảo này cho hồ sơ này."),
    ]
    assert 'name="token"' not in page
    assert saved_sheets(app) == []


def test_the_template_downloads_with_vietnamese_titles(client, auth, app):
    setup(app, auth)
    csv_response = client.get("/organizer/import-templates/scores.csv")
    assert csv_response.headers["Content-Disposition"] == \
        'attachment; filename="mau-nhap-phieu-cham.csv"'
    assert csv_response.data.decode("utf-8").startswith(
        "\ufeffMã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét\r\n")
    xlsx = client.get("/organizer/import-templates/scores.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[2]][:4] == ["TTN-2026-0001", "hoa.le@example.vn", "moi", "27,5"]
    # The entries template is where it always was.
    assert client.get("/organizer/import-templates/entries.csv").status_code == 200


def test_only_organisers_import_scores(client, auth, app):
    edition_id, _codes = setup(app, auth, role=Role.JUDGE)
    assert client.get(f"/organizer/editions/{edition_id}/import-scores").status_code == 403
    assert client.get("/organizer/import-templates/scores.csv").status_code == 403
    assert saved_sheets(app) == []


def judge_draft(app, code: str, email: str, scores: dict[str, str], *, finalise=False):
    """The judge's own sheet saved on the web (and perhaps finalised) before the import."""
    from contest.services.assignments import add_assignment
    from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet

    with app.app_context():
        entry = db.session.scalar(select(Entry).where(Entry.code == code))
        judge = db.session.scalar(select(Judge).join(Judge.user).where(
            Judge.edition_id == entry.edition_id, User.email == email))
        assignment = add_assignment(entry=entry, judge=judge, round_number=1, actor=None)
        criteria = {c.code: c.id for c in entry.edition.criteria}
        save_sheet(assignment=assignment, actor=judge.user, expected_version=0, now=clock.now(),
                   scores={criteria[c]: ScoreInput(v) for c, v in scores.items()})
        if finalise:
            finalise_sheet(assignment=assignment, actor=judge.user, now=clock.now())
        db.session.commit()


def test_the_preview_lists_each_sheet_and_drafts_are_replaced_only_when_ticked(client, auth,
                                                                              app):
    edition_id, (first, second) = setup(app, auth)
    judge_draft(app, first, "gk0@example.vn", {"moi": "10", "ap-dung": "11"})
    rows = (f"{first},gk0@example.vn,moi,20,,", f"{first},gk0@example.vn,ap-dung,20,,",
            f"{first},gk0@example.vn,hieu-qua,20,,", f"{second},gk0@example.vn,moi,5,,")
    page = upload(client, edition_id, csv_upload(*rows)).get_data(as_text=True)
    assert "Thay bản nháp của giám khảo Giám Khảo 0 (2 điểm)" in page
    assert "Phiếu mới" in page
    assert 'name="replace_drafts"' in page
    assert "Thay 1 bản nháp giám khảo đã lưu" in page
    token = next(g for g in TOKEN_INPUT.search(page).groups() if g)

    path = f"/organizer/editions/{edition_id}/import-scores"
    refused = auth.post(path, {"token": token}).get_data(as_text=True)
    assert ("Tệp sẽ thay 1 bản nháp giám khảo đã lưu; chưa nhập phiếu chấm nào. Hãy xác nhận "
            "thay các bản nháp này rồi nhập lại.") in refused
    assert (f"Phiếu chấm vòng 1 cho hồ sơ {first} sẽ thay bản nháp của giám khảo Giám Khảo 0 "
            "(gk0@example.vn), 2 điểm; chỉ thay khi được xác nhận.") in refused
    assert saved_sheets(app) == [(first, "gk0@example.vn", SheetStatus.DRAFT, Decimal(21))]

    page = upload(client, edition_id, csv_upload(*rows)).get_data(as_text=True)
    token = next(g for g in TOKEN_INPUT.search(page).groups() if g)
    done = auth.post(path, {"token": token, "replace_drafts": "y"})
    assert done.headers["Location"] == f"/organizer/editions/{edition_id}/judging"
    assert saved_sheets(app) == [(first, "gk0@example.vn", SheetStatus.FINAL, Decimal(60)),
                                 (second, "gk0@example.vn", SheetStatus.DRAFT, Decimal(5))]


def test_a_sheet_finalised_online_is_refused_in_one_line(client, auth, app):
    edition_id, (first, _second) = setup(app, auth)
    judge_draft(app, first, "gk0@example.vn", {"moi": "10", "ap-dung": "11", "hieu-qua": "12"},
                finalise=True)
    page = upload(client, edition_id, csv_upload(
        f"{first},gk0@example.vn,moi,20,,", f"{first},gk0@example.vn,ap-dung,20,,",
        f"{first},gk0@example.vn,hieu-qua,20,,")).get_data(as_text=True)
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert cells == [("2", "E-mail giám khảo", (
        f"Từ chối: phiếu chấm vòng 1 của giám khảo Giám Khảo 0 (gk0@example.vn) cho hồ sơ "
        f"{first} đã được giám khảo hoàn tất trực tuyến; nhập từ tệp không ghi đè phiếu đã "
        "hoàn tất. Nếu cần sửa, hãy mở lại phiếu trước."))]
    assert 'name="token"' not in page
    assert saved_sheets(app) == [(first, "gk0@example.vn", SheetStatus.FINAL, Decimal(33))]


def test_scores_are_imported_only_while_the_round_is_being_judged(client, auth, app):
    edition_id, (first, _second) = setup(app, auth)
    with app.app_context():
        db.session.get(Edition, edition_id).phase = Phase.SCREENING
        db.session.commit()
    page = upload(client, edition_id, csv_upload(f"{first},gk0@example.vn,moi,20,,"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert ("Điểm chỉ được chấm và nhập khi vòng chấm đang diễn ra; lần tổ chức này đang ở giai "
            "đoạn “Đang thẩm định”.") in text
    assert 'name="token"' not in text
    assert saved_sheets(app) == []
