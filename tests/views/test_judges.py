"""The judges pages: the list, adding and inviting, panels, removal and the judges import."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Assignment, Edition, Judge, Role, Unit, UnitKind, User
from tests import factories
from tests.conftest import csrf_token
from tests.querycount import count_queries
from tests.views.test_imports import kept_upload

TOKEN_INPUT = re.compile(r'name="token"[^>]*value="([a-f0-9]{32})"|'
                         r'value="([a-f0-9]{32})"[^>]*name="token"')


@pytest.fixture
def edition_id(app, auth) -> int:
    """An open youth edition, with the organiser Phạm Thị Thu Hà signed in."""
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn", full_name="Phạm Thị Thu Hà")
        edition = factories.make_edition()
        db.session.commit()
        edition_id = edition.id
    auth.login("btc@example.vn")
    return edition_id


def field_ids(app, edition_id: int, *codes: str) -> list[int]:
    with app.app_context():
        fields = {f.code: f.id for f in db.session.get(Edition, edition_id).fields}
        return [fields[code] for code in codes]


def panels(app, email: str) -> dict[int, list[str]]:
    with app.app_context():
        judge = db.session.scalar(select(Judge).join(Judge.user).where(User.email == email))
        found: dict[int, list[str]] = {}
        for seat in judge.seats:
            found.setdefault(seat.round, []).append(seat.field.code)
        return {r: sorted(codes) for r, codes in found.items()}


def add_judges(edition: Edition, count: int, *, start: int = 0) -> None:
    """Judges with a unit, two seats and one assignment each (built fast: no password)."""
    unit = Unit(name=f"Trường THPT Số {start}", kind=UnitKind.SCHOOL)
    entries = [factories.make_entry(edition, field=field) for field in edition.fields]
    for number in range(start, start + count):
        seated = number % len(entries)
        fields = [edition.fields[seated], edition.fields[(seated + 1) % len(entries)]]
        judge = factories.make_judge(edition, fields, unit=unit, password=None,
                                     email=f"gk{number}@example.vn")
        db.session.add(Assignment(entry=entries[seated], judge=judge, round=1))
    db.session.flush()


def test_inviting_a_judge_emails_a_link_that_sets_the_password(client, auth, app, outbox,
                                                               edition_id):
    path = f"/organizer/editions/{edition_id}/judges"
    response = auth.post(path, {
        "email": "hoa.le@example.vn", "full_name": "TS. Lê Thị Hoa",
        "unit": "Sở Khoa học và Công nghệ Trà Vinh",
        "fields": field_ids(app, edition_id, "moi-truong", "khi-hau")})
    assert response.headers["Location"] == path
    assert "Đã mời hoa.le@example.vn làm giám khảo; e-mail mời đã được gửi." in \
        client.get(path).get_data(as_text=True)
    assert panels(app, "hoa.le@example.vn") == {1: ["khi-hau", "moi-truong"]}
    message = outbox.last()
    assert message["To"] == "hoa.le@example.vn"
    assert "Phạm Thị Thu Hà mời bạn" in message.get_content()

    link = outbox.link("/invitation/")
    auth.logout()
    accepted = auth.post(link, {"password": "Song-Co-Chien-9", "confirm": "Song-Co-Chien-9"})
    assert accepted.headers["Location"] == "/login"
    assert auth.login("hoa.le@example.vn", "Song-Co-Chien-9").headers["Location"] == "/judge/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "hoa.le@example.vn"))
        assert (user.role, user.unit.name) == (Role.JUDGE, "Sở Khoa học và Công nghệ Trà Vinh")


def test_an_existing_judge_is_added_by_email_without_an_invitation(client, auth, app, outbox,
                                                                   edition_id):
    with app.app_context():
        factories.make_user(Role.JUDGE, email="binh@example.vn", full_name="Trần Văn Bình")
        db.session.commit()
    path = f"/organizer/editions/{edition_id}/judges"
    response = auth.post(path, {"email": "Binh@Example.vn",
                                "fields": field_ids(app, edition_id, "hoc-tap")})
    assert response.headers["Location"] == path
    page = client.get(path).get_data(as_text=True)
    assert "Đã thêm Trần Văn Bình vào danh sách giám khảo." in page
    assert panels(app, "binh@example.vn") == {1: ["hoc-tap"]}
    assert outbox.messages() == []


def test_entrant_emails_names_and_fields_are_checked_on_the_form(client, auth, app, outbox,
                                                                 edition_id):
    with app.app_context():
        factories.make_user(Role.ENTRANT, email="thisinh@example.vn")
        db.session.commit()
    path = f"/organizer/editions/{edition_id}/judges"
    cases = [
        ({"email": "thisinh@example.vn", "fields": field_ids(app, edition_id, "hoc-tap")},
         "Tài khoản thisinh@example.vn không phải tài khoản giám khảo"),
        ({"email": "moi@example.vn", "fields": field_ids(app, edition_id, "hoc-tap")},
         "Hãy nhập họ và tên để mời giám khảo mới."),
        ({"email": "moi@example.vn", "full_name": "Người Mới"}, "Hãy chọn ít nhất một lĩnh vực."),
    ]
    for data, message in cases:
        response = auth.post(path, data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Judge)).all() == []
        assert db.session.scalar(select(User).where(User.email == "moi@example.vn")) is None
    assert outbox.messages() == []


def test_the_list_shows_units_panels_assignments_and_invitation_status(client, app, edition_id):
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        hoc_tap, phan_mem = edition.fields[0], edition.fields[1]
        busy = factories.make_judge(edition, [hoc_tap, phan_mem], full_name="Lê Văn Bận",
                                    unit=factories.make_unit("Trường THCS Lê Quý Đôn"))
        for _ in range(2):
            db.session.add(Assignment(entry=factories.make_entry(edition, field=hoc_tap),
                                      judge=busy))
        factories.make_judge(edition, [phan_mem], full_name="Võ Thị Mới", password=None)
        factories.make_judge(factories.make_edition(), [], full_name="Giám Khảo Lần Khác")
        db.session.commit()
        busy_id = busy.id
    page = client.get(f"/organizer/editions/{edition_id}/judges").get_data(as_text=True)
    assert "Giám khảo <span class=\"text-muted fs-6\">(2)</span>" in page
    assert "Giám Khảo Lần Khác" not in page
    row = page[page.index(f'id="judge-{busy_id}"'):].split("</tr>")[0]
    assert "Trường THCS Lê Quý Đôn" in row
    assert "Đồ dùng dành cho học tập, Phần mềm tin học" in row
    assert "<td class=\"text-nowrap\">2</td>" in row
    assert "Hoạt động" in row and "Xóa khỏi danh sách" not in row  # has assignments
    new_row = page[page.index("Võ Thị Mới"):].split("</tr>")[0]
    assert "Chưa nhận lời mời" in new_row and "Xóa khỏi danh sách" in new_row


def test_panels_change_and_seats_with_assignments_stay(client, auth, app, edition_id):
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        hoc_tap, phan_mem, moi_truong = edition.fields[0], edition.fields[1], edition.fields[2]
        judge = factories.make_judge(edition, [hoc_tap, phan_mem], email="gk@example.vn",
                                     full_name="Lê Văn Chấm")
        db.session.add(Assignment(entry=factories.make_entry(edition, field=hoc_tap),
                                  judge=judge))
        db.session.commit()
        judge_id, ids = judge.id, (hoc_tap.id, phan_mem.id, moi_truong.id)
    path = f"/organizer/judges/{judge_id}/panels"
    response = auth.post(path, {"fields": [ids[0], ids[2]]})
    assert response.headers["Location"] == \
        f"/organizer/editions/{edition_id}/judges#judge-{judge_id}"
    assert panels(app, "gk@example.vn") == {1: ["hoc-tap", "moi-truong"]}
    assert "Đã cập nhật tiểu ban của Lê Văn Chấm." in client.get(
        f"/organizer/editions/{edition_id}/judges").get_data(as_text=True)

    auth.post(path, {"fields": [ids[2]]})
    page = client.get(f"/organizer/editions/{edition_id}/judges").get_data(as_text=True)
    assert "đã được phân công chấm hồ sơ của lĩnh vực Đồ dùng dành cho học tập" in page
    assert panels(app, "gk@example.vn") == {1: ["hoc-tap", "moi-truong"]}

    with app.app_context():
        other = factories.make_edition().fields[0].id
        db.session.commit()
    auth.post(path, {"fields": [ids[0], other]})  # a field of another edition
    assert panels(app, "gk@example.vn") == {1: ["hoc-tap", "moi-truong"]}
    assert auth.post("/organizer/judges/99999/panels", {"fields": []}).status_code == 404


def test_remove_judge_only_without_assignments(client, auth, app, edition_id):
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        free = factories.make_judge(edition, edition.fields[:1], full_name="Rảnh Rỗi")
        busy = factories.make_judge(edition, edition.fields[:1], full_name="Bận Rộn")
        db.session.add(Assignment(entry=factories.make_entry(edition, field=edition.fields[0]),
                                  judge=busy))
        db.session.commit()
        free_id, busy_id = free.id, busy.id
    list_path = f"/organizer/editions/{edition_id}/judges"
    assert auth.post(f"/organizer/judges/{free_id}/remove").headers["Location"] == list_path
    assert "Đã xóa Rảnh Rỗi khỏi danh sách giám khảo." in client.get(list_path).get_data(
        as_text=True)
    auth.post(f"/organizer/judges/{busy_id}/remove")
    assert "Giám khảo Bận Rộn đã được phân công chấm hồ sơ" in client.get(list_path).get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Judge.id)).all() == [busy_id]


def test_entrants_and_judges_get_403(client, auth, app):
    with app.app_context():
        edition = factories.make_edition()
        judge = factories.make_judge(edition, edition.fields[:1], email="gk@example.vn")
        factories.make_user(Role.ENTRANT, email="ts@example.vn")
        db.session.commit()
        ids = (edition.id, judge.id, edition.fields[0].id)
    for email in ("ts@example.vn", "gk@example.vn"):
        auth.login(email)
        assert client.get(f"/organizer/editions/{ids[0]}/judges").status_code == 403
        assert auth.post(f"/organizer/editions/{ids[0]}/judges", {
            "email": "x@example.vn", "full_name": "X Y", "fields": [ids[2]]}).status_code == 403
        assert auth.post(f"/organizer/judges/{ids[1]}/panels", {"fields": []}).status_code == 403
        assert auth.post(f"/organizer/judges/{ids[1]}/remove").status_code == 403
        assert client.get(f"/organizer/editions/{ids[0]}/import-judges").status_code == 403
        assert client.get("/organizer/import-templates/judges.csv").status_code == 403
        auth.logout()
    assert panels(app, "gk@example.vn") == {1: ["hoc-tap"]}


def test_the_judges_list_runs_the_same_queries_for_10_and_200_judges(client, app, edition_id):
    with app.app_context():
        add_judges(db.session.get(Edition, edition_id), 10)
        db.session.commit()
    with count_queries(app) as small:
        assert client.get(f"/organizer/editions/{edition_id}/judges").status_code == 200
    with app.app_context():
        add_judges(db.session.get(Edition, edition_id), 190, start=10)
        db.session.commit()
    with count_queries(app) as large:
        response = client.get(f"/organizer/editions/{edition_id}/judges")
    assert "(200)" in response.get_data(as_text=True)
    assert small.count == large.count, (small.statements, large.statements)


def upload(client, edition_id: int, text: str, name: str = "giam-khao.csv"):
    path = f"/organizer/editions/{edition_id}/import-judges"
    data = io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return client.post(path, data={"csrf_token": csrf_token(client, path), "file": (data, name)},
                       content_type="multipart/form-data")


def test_import_page_previews_confirms_and_emails_the_invitations(client, auth, app, outbox,
                                                                  edition_id):
    page = upload(client, edition_id, "E-mail,Họ và tên,Đơn vị,Lĩnh vực\n"
                  "hoa@example.vn,TS. Lê Thị Hoa,Trường Đại học Trà Vinh,moi-truong;hoc-tap\n"
                  "binh@example.vn,Trần Văn Bình,,phan-mem\n").get_data(as_text=True)
    assert "Tệp giam-khao.csv hợp lệ: 2 giám khảo sẵn sàng để nhập." in page
    assert "<td>moi-truong; hoc-tap</td>" in page
    assert outbox.messages() == []
    token = next(g for g in TOKEN_INPUT.search(page).groups() if g)

    path = f"/organizer/editions/{edition_id}/import-judges"
    confirmed = auth.post(path, {"token": token})
    assert confirmed.headers["Location"] == f"/organizer/editions/{edition_id}/judges"
    assert "Đã nhập 2 giám khảo; đã gửi 2 e-mail mời tài khoản mới." in client.get(
        confirmed.headers["Location"]).get_data(as_text=True)
    assert sorted(m["To"] for m in outbox.messages()) == ["binh@example.vn", "hoa@example.vn"]
    assert panels(app, "hoa@example.vn") == {1: ["hoc-tap", "moi-truong"]}
    assert not kept_upload(app, token)


def test_import_page_shows_the_error_table_and_imports_nothing(client, app, outbox, edition_id):
    with app.app_context():
        factories.make_user(Role.ENTRANT, email="ts@example.vn")
        db.session.commit()
    response = upload(client, edition_id, "email,full_name,fields\n"
                      "hoa@example.vn,Lê Thị Hoa,moi-truong\n"
                      "ts@example.vn,Học Sinh,hoc-tap\n"
                      "hoa@example.vn,Lê Hoa,khong-co\n")
    page = response.get_data(as_text=True)
    assert "Tệp có 3 lỗi; chưa nhập giám khảo nào." in page
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert [(row, column) for row, column, _ in cells] == [
        ("3", "E-mail"), ("4", "Lĩnh vực"), ("4", "E-mail")]
    assert cells[0][2] == ("ts@example.vn đã là tài khoản thí sinh; tài khoản này không làm "
                           "giám khảo được. Hãy dùng một địa chỉ e-mail khác.")
    assert cells[2][2] == "Giá trị “hoa@example.vn” trùng với dòng 2."
    assert 'name="token"' not in page
    with app.app_context():
        assert db.session.scalars(select(Judge)).all() == []


def test_judges_template_downloads_and_the_entries_one_still_does(client, edition_id):
    csv_response = client.get("/organizer/import-templates/judges.csv")
    assert csv_response.headers["Content-Disposition"] == \
        'attachment; filename="mau-nhap-giam-khao.csv"'
    assert csv_response.data.decode("utf-8").startswith("\ufeffE-mail,Họ và tên,Đơn vị,Lĩnh vực")
    xlsx = client.get("/organizer/import-templates/judges.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[1]] == ["E-mail", "Họ và tên", "Đơn vị", "Lĩnh vực"]
    entries = client.get("/organizer/import-templates/entries.csv")
    assert entries.headers["Content-Disposition"].endswith('filename="mau-nhap-ho-so.csv"')
    assert client.get("/organizer/import-templates/unknown.csv").status_code == 404
    page = client.get(f"/organizer/editions/{edition_id}/import-judges").get_data(as_text=True)
    assert 'href="/organizer/import-templates/judges.xlsx"' in page
    entries_page = client.get(f"/organizer/editions/{edition_id}/entries").get_data(as_text=True)
    assert f'href="/organizer/editions/{edition_id}/judges"' in entries_page
