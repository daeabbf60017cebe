"""Typed dossier text survives an upload (issue 9, item 7): on a fresh draft the entrant types,
chooses a photo and presses "Tải lên"; after a reload the text and the photo are both there —
on a desktop and on a phone, with and without JavaScript."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contest.extensions import db
from contest.models import Attachment, ContestKind, Entry, Role
from tests import factories
from tests.e2e.conftest import PHONE, open_page
from tests.e2e.test_browser import PHONE_WIDTH, fill_login, page_width
from tests.sample_files import image_bytes

pytestmark = pytest.mark.e2e

TITLE = "Máy sấy nông sản dùng năng lượng mặt trời"
DEVICES = {"desktop": {}, "phone": PHONE}


def fresh_draft(app, kind: ContestKind = ContestKind.YOUTH, **settings) -> dict:
    """A signed-up entrant and their draft with nothing typed yet."""
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT)
        entry = factories.make_entry(factories.make_edition(kind, **settings), owner=owner,
                                     title="")
        db.session.commit()
        return {"email": owner.email, "entry_id": entry.id}


def stored(app, entry_id: int) -> tuple[str, int | None, list[tuple[str, str]]]:
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        files = [(a.kind.value, a.original_name) for a in db.session.scalars(
            db.select(Attachment).where(Attachment.entry_id == entry_id))]
        return entry.title, entry.applied_since_year, files


def upload_photo_after_typing(page, app, tmp_path, kind: ContestKind) -> dict:
    """Type the title (and the technical year), choose a photo, leave its kind, upload."""
    draft = fresh_draft(app, kind)
    fill_login(page, draft["email"], factories.PASSWORD)
    expect(page).to_have_url(re.compile(r"/entrant/$"))
    page.goto(f"/entrant/entries/{draft['entry_id']}/edit")
    form = page.get_by_role("main").locator("form[novalidate]")
    form.get_by_label("Tên giải pháp / sản phẩm").fill(TITLE)
    if kind == ContestKind.TECHNICAL:
        form.get_by_label("Năm bắt đầu áp dụng").fill("2023")
    photo = tmp_path / "may-say.png"
    photo.write_bytes(image_bytes((800, 600)))
    upload = form.get_by_role("group", name="Thêm tệp đính kèm")
    upload.get_by_label("Tệp", exact=True).set_input_files(str(photo))
    expect(upload.get_by_label("Loại tệp")).to_have_value("")  # the content decides
    upload.get_by_role("button", name="Tải lên").click()
    expect(page).to_have_url(re.compile(rf"/entrant/entries/{draft['entry_id']}/edit#attachments$"))
    return draft


def expect_title_and_photo(page, kind: ContestKind) -> None:
    form = page.get_by_role("main").locator("form[novalidate]")
    expect(form.get_by_label("Tên giải pháp / sản phẩm")).to_have_value(TITLE)
    if kind == ContestKind.TECHNICAL:
        expect(form.get_by_label("Năm bắt đầu áp dụng")).to_have_value("2023")
    card = page.get_by_role("region", name="Tệp đính kèm").get_by_role("listitem").filter(
        has_text="may-say.png")
    expect(card).to_have_count(1)
    expect(card.get_by_text("Ảnh sản phẩm", exact=True)).to_be_visible()
    expect(card.get_by_role("img", name="Ảnh thu nhỏ của may-say.png")).to_be_attached()


@pytest.mark.parametrize("kind", [ContestKind.YOUTH, ContestKind.TECHNICAL],
                         ids=["youth", "technical"])
@pytest.mark.parametrize("device", DEVICES)
def test_typed_text_and_the_photo_are_both_kept_after_an_upload(
        app, browser, live_server, console_errors, tmp_path, device, kind):
    context, page = open_page(browser, live_server, console_errors, **DEVICES[device])
    try:
        draft = upload_photo_after_typing(page, app, tmp_path, kind)
        expect(page.get_by_role("alert").first).to_have_text("Đã lưu hồ sơ.")
        expect(page.get_by_role("alert").nth(1)).to_have_text("Đã tải lên tệp “may-say.png”.")
        page.reload()
        expect_title_and_photo(page, kind)
        if device == "phone":
            assert page_width(page) <= PHONE_WIDTH
    finally:
        context.close()
    year = 2023 if kind == ContestKind.TECHNICAL else None
    assert stored(app, draft["entry_id"]) == (TITLE, year, [("product-photo", "may-say.png")])
    assert console_errors == []


@pytest.mark.parametrize("device", DEVICES)
def test_without_javascript_the_upload_keeps_the_typed_text_too(
        app, browser, live_server, console_errors, tmp_path, device):
    context, page = open_page(browser, live_server, console_errors, java_script_enabled=False,
                              **DEVICES[device])
    try:
        draft = upload_photo_after_typing(page, app, tmp_path, ContestKind.TECHNICAL)
        page.reload()
        expect_title_and_photo(page, ContestKind.TECHNICAL)
    finally:
        context.close()
    assert stored(app, draft["entry_id"]) == (TITLE, 2023, [("product-photo", "may-say.png")])


def test_a_file_above_the_limit_is_refused_in_the_browser_and_the_typing_stays(
        app, phone, console_errors, tmp_path):
    draft = fresh_draft(app, attachment_max_mb=1)
    fill_login(phone, draft["email"], factories.PASSWORD)
    expect(phone).to_have_url(re.compile(r"/entrant/$"))
    edit = f"/entrant/entries/{draft['entry_id']}/edit"
    phone.goto(edit)
    form = phone.get_by_role("main").locator("form[novalidate]")
    form.get_by_label("Tên giải pháp / sản phẩm").fill(TITLE)
    big = tmp_path / "lon.png"
    big.write_bytes(image_bytes() + b"\0" * 1_200_000)
    upload = form.get_by_role("group", name="Thêm tệp đính kèm")
    chooser = upload.get_by_label("Tệp", exact=True)
    chooser.set_input_files(str(big))
    posts = []
    phone.on("request", lambda request: posts.append(request.url)
             if request.method == "POST" else None)
    upload.get_by_role("button", name="Tải lên").tap()

    message = ("Tệp “lon.png” lớn hơn 1 MB cho phép nên chưa được gửi; những gì bạn đã nhập vẫn "
               "còn nguyên. Hãy chọn tệp nhỏ hơn.")
    expect(chooser).to_have_accessible_description(re.compile(re.escape(message)))
    expect(upload.get_by_text(message)).to_be_visible()
    expect(chooser).to_be_focused()
    expect(form.get_by_label("Tên giải pháp / sản phẩm")).to_have_value(TITLE)
    assert phone.url.endswith(edit)
    assert posts == []
    assert page_width(phone) <= PHONE_WIDTH

    small = tmp_path / "nho.png"
    small.write_bytes(image_bytes())
    chooser.set_input_files(str(small))
    upload.get_by_role("button", name="Tải lên").tap()
    expect(phone).to_have_url(re.compile(r"/edit#attachments$"))
    expect(form.get_by_label("Tên giải pháp / sản phẩm")).to_have_value(TITLE)
    assert stored(app, draft["entry_id"]) == (TITLE, None, [("product-photo", "nho.png")])
    assert console_errors == []
