"""What a visitor sees in a real browser: the phone layout, signing in and out, the language
switch, and the organiser's account list with its confirmation dialog."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contest.extensions import db
from contest.models import Role
from contest.services.demo import seed_demo
from contest.services.demo_data import ORGANISER
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e

YOUTH_CONTEST = "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long"
TECHNICAL_CONTEST = "Hội thi Sáng tạo kỹ thuật Trần Đại Nghĩa tỉnh Vĩnh Long"
ORGANIZER_EMAIL = "bantochuc@example.vn"
ORGANIZER_NAME = "Trần Thị Tổ Chức"
PHONE_WIDTH = 390


@pytest.fixture
def organizer(app) -> str:
    with app.app_context():
        make_user(Role.ORGANIZER, email=ORGANIZER_EMAIL, full_name=ORGANIZER_NAME)
        db.session.commit()
    return ORGANIZER_EMAIL


def fill_login(page, email: str, password: str) -> None:
    page.goto("/login")
    form = page.get_by_role("main").locator("form")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Mật khẩu").fill(password)
    form.get_by_role("button", name="Đăng nhập").click()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_home_on_a_phone_lists_both_contests_with_a_collapsed_menu(app, phone, console_errors):
    """The home page lists the organisations with open editions, each a heading, and their
    contests' open editions as links (Vĩnh Long's two among them)."""
    with app.app_context():
        seed_demo()
        db.session.commit()

    phone.goto("/")

    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name=ORGANISER)).to_be_visible()
    expect(main.get_by_role("link").filter(has_text=YOUTH_CONTEST)).to_be_visible()
    expect(main.get_by_role("link").filter(has_text=TECHNICAL_CONTEST)).to_be_visible()
    menu = phone.locator("#main-nav")
    toggler = phone.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    toggler.tap()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(menu.get_by_role("button", name="English")).to_be_visible()
    assert page_width(phone) <= PHONE_WIDTH
    assert console_errors == []


def test_organizer_signs_in_and_out_through_the_forms(page, organizer, console_errors):
    fill_login(page, organizer, PASSWORD)

    expect(page).to_have_url(re.compile(r"/organizer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    expect(page.get_by_role("alert")).to_have_text(f"Xin chào {ORGANIZER_NAME}!")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Đăng nhập")).to_have_count(0)

    nav.get_by_role("button", name="Đăng xuất").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("alert")).to_have_text("Bạn đã đăng xuất.")
    expect(nav.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(nav.get_by_role("button", name="Đăng xuất")).to_have_count(0)

    page.go_back()  # the overview must not come back from the browser's cache
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)organizer(/|%2F)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.get_by_text("Tổng quan")).to_have_count(0)

    page.goto("/organizer/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert console_errors == []


def test_wrong_password_says_so_and_keeps_the_email(page, organizer, console_errors):
    fill_login(page, organizer, "mat-khau-sai-hoan-toan")

    expect(page).to_have_url(re.compile(r"/login$"))
    form = page.get_by_role("main").locator("form")
    expect(form.get_by_text("E-mail hoặc mật khẩu không đúng.")).to_be_visible()
    expect(form.get_by_label("E-mail")).to_have_value(organizer)
    expect(form.get_by_label("Mật khẩu")).to_have_value("")
    expect(page.get_by_role("navigation").get_by_role("button", name="Đăng xuất")).to_have_count(0)
    assert console_errors == []


def test_language_switch_turns_the_site_english_and_back(page, console_errors):
    page.goto("/")
    nav = page.get_by_role("navigation")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Các cuộc thi sáng tạo")

    nav.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Các cuộc thi sáng tạo")
    expect(nav.get_by_role("link", name="Đăng nhập")).to_have_count(0)

    nav.get_by_role("link", name="Log in", exact=True).click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_role("main").get_by_label("Mật khẩu")).to_have_count(0)

    nav.get_by_role("button", name="Tiếng Việt").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert console_errors == []


def test_organizer_invites_a_judge_and_locks_the_account_on_a_phone(phone, organizer,
                                                                      console_errors):
    judge_email = "giamkhao.moi@example.vn"
    fill_login(phone, organizer, PASSWORD)
    phone.goto("/organizer/users")
    phone.get_by_role("main").get_by_role("link", name="Mời người dùng").tap()

    form = phone.get_by_role("main").locator("form")
    form.get_by_label("Họ và tên").fill("Lê Văn Giám Khảo")
    form.get_by_label("E-mail").fill(judge_email)
    form.get_by_label("Vai trò").select_option(label="Giám khảo")
    form.get_by_role("button", name="Gửi lời mời").tap()

    expect(phone).to_have_url(re.compile(r"/organizer/users$"))
    expect(phone.get_by_role("alert")).to_have_text(f"Đã gửi lời mời đến {judge_email}.")
    row = phone.get_by_role("row").filter(has_text=judge_email)
    expect(row).to_contain_text("Lê Văn Giám Khảo")
    expect(row).to_contain_text("Giám khảo")
    expect(row).to_contain_text("Chưa nhận lời mời")
    assert page_width(phone) <= PHONE_WIDTH

    dialogs: list[str] = []
    requests = []
    phone.on("request", lambda request: requests.append(request))

    def answer(dialog, accept: bool) -> None:
        dialogs.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    lock = row.get_by_role("button", name="Khóa", exact=True)
    phone.once("dialog", lambda dialog: answer(dialog, accept=False))
    lock.tap()
    assert dialogs == ["Khóa tài khoản này? Người dùng sẽ bị đăng xuất ngay."]
    assert [request.url for request in requests if request.method == "POST"] == []
    expect(row).to_contain_text("Chưa nhận lời mời")

    phone.once("dialog", lambda dialog: answer(dialog, accept=True))
    lock.tap()

    expect(phone.get_by_role("alert")).to_have_text(f"Đã khóa tài khoản {judge_email}.")
    expect(row).to_contain_text("Đã khóa")
    expect(row.get_by_role("button", name="Mở khóa")).to_be_visible()
    assert len(dialogs) == 2
    assert console_errors == []
