"""Scoring in a real browser: a judge scores on a phone with autosave and finalises, an
out-of-range score is refused at its field, two tabs never overwrite each other silently,
and a blind edition shows the judge no author, teacher or school."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contest.extensions import db
from contest.models import Phase, Unit, UnitKind
from contest.services.assignments import assign_judges
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_browser import PHONE_WIDTH, fill_login, page_width
from tests.views.judge_sheets.world import eligible_entry

pytestmark = pytest.mark.e2e

JUDGE = "giamkhao@example.vn"
AUTHOR = "Quách Thị Diễm Kiều"
TEACHER = "Thầy Lữ Văn Khiêm"
SCHOOL = "Trường THCS Hòa Lộc Đông"
TEACHER_SCHOOL = "Trường TH Tân Quới Trung"
SAVED = re.compile(r"^Đã lưu nháp lúc \d{1,2}:\d{2}")
CONFLICT = "vừa được lưu ở một cửa sổ hoặc thiết bị khác"
# Criteria of a youth edition: the accessible name starts with the criterion's name.
SCORES = {"Tính mới, sáng tạo": "27,5", "Khả năng áp dụng": "20", "Hiệu quả": "22",
          "Nguyên vật liệu, mỹ thuật": "8", "Thuyết minh, trình bày": "9"}
TOTAL = "86,5"


@pytest.fixture
def judging(app) -> int:
    """A blind judging edition with one judge who scores three eligible entries alone;
    returns the number of entries in the judge's queue."""
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING, blind_judging=True,
                                         judges_per_entry=1)
        school = Unit(name=SCHOOL, kind=UnitKind.SCHOOL)
        teacher_school = Unit(name=TEACHER_SCHOOL, kind=UnitKind.SCHOOL)
        field = edition.fields[0]
        factories.make_judge(edition, [field], email=JUDGE, full_name="Giám Khảo Mười")
        for number in range(3):
            entry = eligible_entry(edition, field, school, number)
            entry.title = f"Máy tưới cây số {number + 1}"
            entry.authors[0].full_name = AUTHOR
            entry.teacher_name, entry.teacher_unit = TEACHER, teacher_school
        assign_judges(edition=edition, round_number=1, seed=1, actor=None)
        db.session.commit()
    return 3


def score_input(page, criterion: str):
    return page.get_by_role("main").get_by_role("textbox", name=re.compile(f"^{criterion} "))


def autosave_status(page):
    return page.get_by_role("main").get_by_role("status")


def expected_refusals(errors: list[str], *codes: int) -> list[str]:
    """The console errors less the browser's own note of each expected autosave refusal."""
    rest = list(errors)
    for code in codes:
        note = next((e for e in rest if f"status of {code}" in e and "/autosave" in e), None)
        assert note, f"no {code} from the autosave endpoint in {errors}"
        rest.remove(note)
    return rest


def open_queue(page) -> list[str]:
    """Sign in as the judge; the queue's links in order."""
    fill_login(page, JUDGE, factories.PASSWORD)
    expect(page).to_have_url(re.compile(r"/judge/$"))
    links = page.get_by_role("main").locator("a.list-group-item")
    expect(links.first).to_be_visible()
    return [link.get_attribute("href") for link in links.all()]


def test_judge_scores_on_a_phone_with_autosave_and_finalises(phone, judging, console_errors,
                                                             tmp_path):
    queue = open_queue(phone)
    main = phone.get_by_role("main")

    assert len(queue) == judging
    expect(main.get_by_text(f"Đã hoàn tất 0 / {judging} phiếu chấm.")).to_be_visible()
    assert page_width(phone) <= PHONE_WIDTH
    main.locator("a.list-group-item").first.tap()

    expect(phone).to_have_url(re.compile(f"{re.escape(queue[0])}$"))
    expect(main.get_by_text("Chấm ẩn danh")).to_be_visible()
    assert page_width(phone) <= PHONE_WIDTH
    for criterion, value in SCORES.items():
        score_input(phone, criterion).tap()
        score_input(phone, criterion).fill(value)

    expect(autosave_status(phone)).to_have_text(SAVED)
    expect(phone.locator("#sheet-total")).to_have_text(TOTAL)
    phone.screenshot(path=tmp_path / "score-phone.png", full_page=True)  # to look at
    phone.reload()

    for criterion, value in SCORES.items():
        expect(score_input(phone, criterion)).to_have_value(value)
    expect(main.get_by_text(f"Tổng điểm: {TOTAL} / 100")).to_be_visible()
    assert page_width(phone) <= PHONE_WIDTH
    dialogs: list[str] = []

    def accept(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    phone.on("dialog", accept)
    main.get_by_role("button", name="Hoàn tất phiếu chấm").tap()

    expect(phone.get_by_role("alert").first).to_have_text(
        "Đã hoàn tất phiếu chấm. Cảm ơn thầy/cô!")
    assert dialogs == ["Hoàn tất phiếu chấm? Sau đó bạn không sửa được nữa."]
    expect(main.get_by_text(
        "Phiếu chấm đã hoàn tất. Muốn sửa, hãy đề nghị Ban tổ chức mở lại.")).to_be_visible()
    expect(score_input(phone, "Tính mới, sáng tạo")).to_be_disabled()
    assert page_width(phone) <= PHONE_WIDTH

    main.get_by_role("link", name="Sau →").tap()

    expect(phone).to_have_url(re.compile(f"{re.escape(queue[1])}$"))
    expect(main.get_by_role("heading", level=1)).to_contain_text("Máy tưới cây số")
    expect(score_input(phone, "Tính mới, sáng tạo")).to_have_value("")
    main.get_by_role("link", name="Danh sách").tap()

    expect(phone).to_have_url(re.compile(r"/judge/$"))
    expect(main.get_by_text(f"Đã hoàn tất 1 / {judging} phiếu chấm.")).to_be_visible()
    expect(main.locator("a.list-group-item").first).to_contain_text("Đã hoàn tất")
    assert page_width(phone) <= PHONE_WIDTH
    assert console_errors == []


def test_out_of_range_score_is_refused_at_its_field(page, judging, console_errors):
    queue = open_queue(page)
    page.goto(queue[0])
    novelty = score_input(page, "Tính mới, sáng tạo")
    novelty.fill("20")
    expect(autosave_status(page)).to_have_text(SAVED)

    novelty.fill("31")

    expect(autosave_status(page)).to_have_text("Chưa lưu: có điểm không hợp lệ.")
    expect(novelty).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_text("Điểm phải từ 0 đến 30.")).to_be_visible()
    expect(novelty).to_have_accessible_description("Điểm phải từ 0 đến 30.")
    expect(page.locator("#sheet-total")).to_have_text("20")
    page.reload()
    expect(score_input(page, "Tính mới, sáng tạo")).to_have_value("20")
    expect(page.locator("#sheet-total")).to_have_text("20")
    assert expected_refusals(console_errors, 422) == []


def test_two_tabs_never_overwrite_each_other_silently(page, judging, console_errors):
    queue = open_queue(page)
    other = page.context.new_page()
    other.set_default_timeout(TIMEOUT_MS)
    other.on("console", lambda m: m.type == "error" and console_errors.append(
        f"{m.text} ({m.location.get('url')})"))
    other.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    page.goto(queue[0])
    other.goto(queue[0])

    score_input(page, "Tính mới, sáng tạo").fill("20")
    expect(autosave_status(page)).to_have_text(SAVED)
    score_input(other, "Tính mới, sáng tạo").fill("25")

    expect(autosave_status(other)).to_contain_text(CONFLICT)
    expect(autosave_status(other)).to_have_class(re.compile(r"\btext-danger\b"))
    expect(other.locator("#sheet-total")).to_have_text("0")
    other.reload()
    expect(score_input(other, "Tính mới, sáng tạo")).to_have_value("20")
    expect(other.locator("#sheet-total")).to_have_text("20")
    other.close()
    assert expected_refusals(console_errors, 409) == []


def test_blind_edition_hides_author_teacher_and_school(page, judging, console_errors):
    queue = open_queue(page)
    hidden = [AUTHOR, TEACHER, "Lữ Văn Khiêm", SCHOOL, "Hòa Lộc Đông", TEACHER_SCHOOL,
              "Tân Quới Trung"]
    bodies = [page.content()]
    for href in queue:
        page.goto(href)
        expect(page.get_by_role("main").get_by_text("Chấm ẩn danh")).to_be_visible()
        bodies.append(page.content())
    for body in bodies:
        for name in hidden:
            assert name.lower() not in body.lower(), name
    assert console_errors == []


def test_autosave_sends_the_version_and_only_the_fields_typed(page, judging, console_errors):
    queue = open_queue(page)
    page.goto(queue[0])
    names: list[list[str]] = []

    def field_names(request) -> None:
        if request.url.endswith("/autosave"):
            names.append(re.findall(r'name="([^"]+)"', request.post_data or ""))

    page.on("request", field_names)
    novelty = score_input(page, "Tính mới, sáng tạo")
    novelty.fill("20")
    expect(autosave_status(page)).to_have_text(SAVED)
    score_input(page, "Hiệu quả").fill("7")
    expect(page.locator("#sheet-total")).to_have_text("27")

    novelty_name = novelty.get_attribute("name")
    effect_name = score_input(page, "Hiệu quả").get_attribute("name")
    assert names == [["csrf_token", "version", novelty_name],
                     ["csrf_token", "version", effect_name]]
    page.reload()
    expect(score_input(page, "Tính mới, sáng tạo")).to_have_value("20")
    expect(score_input(page, "Hiệu quả")).to_have_value("7")
    assert console_errors == []
