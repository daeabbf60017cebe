"""The dossier in a real browser: an entrant fills and submits it on a phone, a refused
submission shows its problems at the fields, and an organiser screens entries in bulk."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from contest.extensions import db
from contest.models import Edition, Entry, Role, User
from tests import factories
from tests.conftest import Auth
from tests.e2e.test_browser import PHONE_WIDTH, fill_login, page_width
from tests.sample_files import image_bytes

pytestmark = pytest.mark.e2e

SECTIONS = {  # the labels of the description sections, as the entrant reads them
    "Tóm tắt giải pháp": "Thùng rác tự mở nắp đúng ngăn.",
    "Ý tưởng; các giải pháp đã biết và hạn chế của chúng": "Rác chưa được phân loại.",
    "Cấu tạo, nguyên vật liệu": "Khung nhựa, cảm biến.",
    "Nguyên lý hoạt động, cách sử dụng": "Cảm biến nhận diện loại rác.",
    "Tính mới": "Phân loại ngay tại nguồn.",
    "Tính sáng tạo": "Dùng vật liệu tái chế.",
    "Khả năng áp dụng": "Trường học, khu dân cư.",
    "Hiệu quả kinh tế, kỹ thuật, xã hội": "Giảm rác chôn lấp.",
}
CODE = re.compile(r"TTN-\d{4}-\d{4}")


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def inside(edition, years: int = 3) -> date:
    return edition.birth_date_from.replace(year=edition.birth_date_from.year + years)


def open_edition_and_entrant(app, **settings) -> dict:
    with app.app_context():
        edition = factories.make_edition(max_authors=3, **settings)
        user = factories.make_user(Role.ENTRANT, full_name="Huỳnh Ngọc Trâm")
        db.session.commit()
        return {"edition_id": edition.id, "email": user.email,
                "field": edition.fields[2].name, "field_id": edition.fields[2].id,
                "window": (edition.birth_date_from, edition.birth_date_to),
                "born": inside(edition), "born_second": inside(edition, years=4)}


def fill_author(card, name: str, born: date, gender: str, unit: str) -> None:
    card.get_by_label("Họ và tên").fill(name)
    card.get_by_label("Ngày sinh").fill(born.isoformat())
    card.get_by_label("Giới tính").select_option(label=gender)
    card.get_by_label("Trường / đơn vị").fill(unit)


def test_entrant_fills_uploads_and_submits_a_dossier_on_a_phone(app, phone, console_errors,
                                                                 tmp_path):
    setup = open_edition_and_entrant(app)
    fill_login(phone, setup["email"], factories.PASSWORD)
    expect(phone).to_have_url(re.compile(r"/entrant/$"))

    phone.goto(f"/vinh-long/editions/{setup['edition_id']}")
    assert page_width(phone) <= PHONE_WIDTH
    phone.get_by_role("button", name="Tạo hồ sơ dự thi").tap()

    expect(phone).to_have_url(re.compile(r"/entrant/entries/\d+/edit$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hồ sơ dự thi")
    assert page_width(phone) <= PHONE_WIDTH
    form = phone.get_by_role("main").locator("form[novalidate]")
    form.get_by_label("Tên giải pháp / sản phẩm").fill("Thùng rác phân loại thông minh")
    form.get_by_label("Lĩnh vực dự thi").select_option(label=setup["field"])
    form.get_by_label("Điện thoại liên hệ").fill("0907 123 456")
    first = form.get_by_role("group", name="Tác giả 1", exact=True)
    fill_author(first, "Huỳnh Ngọc Trâm", setup["born"], "Nữ", "Trường THCS Sáng Tạo Mới")
    for label, text in SECTIONS.items():
        form.get_by_label(label, exact=True).fill(text)
    form.get_by_label(re.compile("cam đoan")).check()

    form.get_by_role("button", name="Thêm tác giả").tap()

    second = form.get_by_role("group", name="Tác giả 2", exact=True)
    expect(second).to_be_visible()
    expect(first.get_by_label("Họ và tên")).to_have_value("Huỳnh Ngọc Trâm")
    expect(form.get_by_label("Tóm tắt giải pháp")).to_have_value(SECTIONS["Tóm tắt giải pháp"])
    fill_author(second, "Lê Minh Khang", setup["born_second"], "Nam", "Trường THCS Sáng Tạo Mới")
    assert page_width(phone) <= PHONE_WIDTH
    form.get_by_role("button", name="Lưu", exact=True).tap()

    expect(phone.get_by_role("alert")).to_have_text("Đã lưu hồ sơ.")
    expect(phone.get_by_role("alert")).to_be_in_viewport()
    expect(second.get_by_label("Họ và tên")).to_have_value("Lê Minh Khang")
    expect(first.get_by_label("Trường / đơn vị")).to_have_value("Trường THCS Sáng Tạo Mới")
    assert page_width(phone) <= PHONE_WIDTH

    photo = tmp_path / "thung-rac.png"
    photo.write_bytes(image_bytes())
    upload = form.get_by_role("group", name="Thêm tệp đính kèm")
    upload.get_by_label("Tệp", exact=True).set_input_files(str(photo))
    upload.get_by_label("Loại tệp").select_option(label="Ảnh sản phẩm")
    upload.get_by_role("button", name="Tải lên").tap()

    expect(phone).to_have_url(re.compile(r"/edit#attachments$"))
    files = phone.get_by_role("region", name="Tệp đính kèm")
    card = files.get_by_role("listitem").filter(has_text="thung-rac.png")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name="thung-rac.png")).to_be_visible()
    expect(card.get_by_text("Ảnh sản phẩm", exact=True)).to_be_visible()
    thumbnail = card.get_by_role("img", name="Ảnh thu nhỏ của thung-rac.png")
    thumbnail.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0",
                            arg=thumbnail.element_handle())
    assert page_width(phone) <= PHONE_WIDTH

    form.get_by_role("button", name="Lưu và nộp hồ sơ").tap()

    expect(phone).to_have_url(re.compile(r"/entrant/entries/\d+(#attachments)?$"))
    flash = phone.get_by_role("alert")
    expect(flash).to_have_text(re.compile(
        r"^Đã nộp hồ sơ\. Mã hồ sơ của bạn là TTN-\d{4}-\d{4}\.$"))
    expect(flash).to_be_in_viewport()  # the code must not be scrolled out of sight
    code = CODE.search(flash.inner_text()).group(0)
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Thùng rác phân loại thông minh")
    expect(main.get_by_text("Đã nộp, chờ thẩm định")).to_be_visible()
    expect(main.get_by_text(f"Mã hồ sơ: {code}")).to_be_visible()
    expect(main.get_by_role("heading", name="Quá trình xử lý")).to_be_visible()
    steps = main.locator("ol.list-group > li")
    expect(steps.filter(has_text="Tạo hồ sơ nháp")).to_have_count(1)
    expect(steps.filter(has_text="Thêm tệp đính kèm")).to_have_count(1)
    expect(steps.filter(has_text=f"Nộp hồ sơ ({code})")).to_have_count(1)
    assert page_width(phone) <= PHONE_WIDTH
    assert console_errors == []


def test_refused_submission_shows_problems_at_their_fields_and_keeps_input(app, page,
                                                                           console_errors):
    setup = open_edition_and_entrant(app)
    too_old = setup["window"][0].replace(year=setup["window"][0].year - 2)
    with app.app_context():
        owner = db.session.scalar(db.select(User).where(User.email == setup["email"]))
        entry = factories.make_entry(db.session.get(Edition, setup["edition_id"]), owner=owner,
                                     title="")
        db.session.commit()
        entry_id = entry.id
    fill_login(page, setup["email"], factories.PASSWORD)
    page.goto(f"/entrant/entries/{entry_id}/edit")

    form = page.get_by_role("main").locator("form[novalidate]")
    form.get_by_label("Lĩnh vực dự thi").select_option(label=setup["field"])
    form.get_by_label("Điện thoại liên hệ").fill("0907123456")
    author = form.get_by_role("group", name="Tác giả 1", exact=True)
    fill_author(author, "Huỳnh Văn Lớn", too_old, "Nam", "Trường THPT Lưu Văn Liệt")
    form.get_by_label("Tóm tắt giải pháp").fill("Máy tưới cây theo độ ẩm đất.")
    form.get_by_role("button", name="Lưu và nộp hồ sơ").click()

    expect(page).to_have_url(re.compile(rf"/entrant/entries/{entry_id}/edit$"))
    expect(page.get_by_role("alert")).to_have_text(
        "Đã lưu nháp nhưng chưa nộp được; hãy bổ sung các mục được đánh dấu.")
    title = form.get_by_label("Tên giải pháp / sản phẩm")
    expect(title).to_have_value("")
    expect(title).to_have_accessible_description("Hãy nhập tên giải pháp / sản phẩm.")
    expect(form.get_by_text("Hãy nhập tên giải pháp / sản phẩm.")).to_be_visible()
    born = author.get_by_label("Ngày sinh")
    message = (f"Tác giả 1: ngày sinh {vn_date(too_old)} nằm ngoài độ tuổi dự thi "
               f"(sinh từ {vn_date(setup['window'][0])} đến {vn_date(setup['window'][1])}).")
    expect(born).to_have_accessible_description(message)
    expect(author.get_by_text(message)).to_be_visible()
    expect(born).to_have_value(too_old.isoformat())
    expect(author.get_by_label("Họ và tên")).to_have_value("Huỳnh Văn Lớn")
    expect(author.get_by_label("Giới tính")).to_have_value("male")
    expect(author.get_by_label("Trường / đơn vị")).to_have_value("Trường THPT Lưu Văn Liệt")
    expect(form.get_by_label("Lĩnh vực dự thi")).to_have_value(str(setup["field_id"]))
    expect(form.get_by_label("Điện thoại liên hệ")).to_have_value("0907123456")
    expect(form.get_by_label("Tóm tắt giải pháp")).to_have_value("Máy tưới cây theo độ ẩm đất.")
    expect(page.get_by_text("Hãy tải lên ít nhất một ảnh sản phẩm.")).to_be_visible()
    with app.app_context():
        assert db.session.get(Entry, entry_id).code is None
    assert console_errors == []


def submit_through_the_test_client(app, setup: dict) -> tuple[int, str]:
    """The whole-flow steps, quickly: the entrant's dossier, a product photo, the submission."""
    client = app.test_client()
    auth = Auth(client)
    assert auth.login(setup["email"]).status_code == 302
    started = auth.post(f"/entrant/editions/{setup['edition_id']}/entries", {"token": "e2e"})
    entry_id = int(started.headers["Location"].split("/")[-2])
    edit = client.get(f"/entrant/entries/{entry_id}/edit").get_data(as_text=True)
    version = edit.split('name="version" type="hidden" value="')[1].split('"')[0]
    sections = dict(zip(("summary", "idea", "structure", "operation", "novelty", "creativity",
                         "applicability", "effectiveness"), SECTIONS.values(), strict=True))
    saved = auth.post(f"/entrant/entries/{entry_id}/edit", {
        "version": version, "title": "Thùng rác phân loại thông minh",
        "field_id": str(setup["field_id"]), "entrant_type": "person",
        "contact_phone": "0907123456", "authors-0-full_name": "Huỳnh Ngọc Trâm",
        "authors-0-birth_date": setup["born"].isoformat(), "authors-0-gender": "female",
        "authors-0-unit_name": "Trường THCS Nguyễn Trãi", **sections,
        "declaration_accepted": "y", "save": "1"})
    assert saved.status_code == 302
    uploaded = auth.post(f"/entrant/entries/{entry_id}/attachments", {
        "kind": "product-photo", "file": (io.BytesIO(image_bytes()), "thung-rac.png")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302
    assert auth.post(f"/entrant/entries/{entry_id}/submit").status_code == 302
    with app.app_context():
        code = db.session.get(Entry, entry_id).code
    assert code and CODE.fullmatch(code)
    return entry_id, code


def test_organizer_finds_an_entry_without_diacritics_and_screens_it_ineligible(app, page,
                                                                               console_errors):
    setup = open_edition_and_entrant(app)
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email="btc@example.vn", full_name="Phạm Thu Hà")
        other = factories.make_entry(db.session.get(Edition, setup["edition_id"]),
                                     title="Máy tưới cây tự động", authors=("Trần Văn Bình",))
        other.authors[0].birth_date = setup["born"]
        db.session.commit()
    entry_id, code = submit_through_the_test_client(app, setup)

    fill_login(page, "btc@example.vn", factories.PASSWORD)
    page.goto(f"/organizer/editions/{setup['edition_id']}/entries")
    main = page.get_by_role("main")
    main.get_by_placeholder("Tìm theo mã, tên, tác giả, đơn vị").fill("huynh")
    main.get_by_role("button", name="Lọc").click()

    expect(page).to_have_url(re.compile(r"[?&]q=huynh"))
    rows = main.get_by_role("row").filter(has=page.get_by_role("checkbox"))
    expect(rows).to_have_count(1)
    row = main.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Huỳnh Ngọc Trâm")
    expect(row).to_contain_text("Thùng rác phân loại thông minh")
    expect(main.get_by_text("Máy tưới cây tự động")).to_have_count(0)
    expect(row).to_contain_text("Đã nộp, chờ thẩm định")

    row.get_by_role("checkbox", name=f"Chọn hồ sơ {code}").check()
    bulk = main.get_by_role("group", name="Thẩm định các hồ sơ đã chọn")
    bulk.get_by_role("combobox").select_option(label="Không hợp lệ")
    bulk.get_by_placeholder("Lý do (bắt buộc khi không hợp lệ)").fill(
        "Thiếu xác nhận của nhà trường.")
    bulk.get_by_role("button", name="Lưu kết quả thẩm định").click()

    expect(page.get_by_role("alert")).to_have_text("Đã lưu kết quả thẩm định 1 hồ sơ.")
    expect(page).to_have_url(re.compile(r"[?&]q=huynh"))
    row = page.get_by_role("main").get_by_role("row").filter(has_text=code)
    expect(row.locator(".badge")).to_have_text("Không hợp lệ")
    expect(row.get_by_role("checkbox")).not_to_be_checked()
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert (entry.screening.value, entry.screening_reason) == (
            "ineligible", "Thiếu xác nhận của nhà trường.")
    assert console_errors == []
