"""Public pages: the home page lists the organisations with their open editions; an edition
page (under its organisation's code) shows its rules."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Phase, Role
from contest.services.demo import seed_demo
from tests import factories


def seed(app):
    with app.app_context():
        seed_demo(today=date(2026, 11, 28))
        db.session.commit()


def test_home_lists_both_contests_with_open_editions(client, app):
    seed(app)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long" in page
    assert "Hội thi Sáng tạo kỹ thuật Trần Đại Nghĩa tỉnh Vĩnh Long" in page
    assert "Lần thứ 16 · 2026–2027" in page
    assert "Lần thứ 11 · 2026–2027" in page
    assert page.count("Đang nhận hồ sơ") == 5  # the two provinces' four and the national one
    assert "Hạn nộp hồ sơ: 17:00 31/03/2027" in page
    assert 'href="/vinh-long/"' in page


def test_edition_page_shows_fields_criteria_tiers_and_dates(client, app):
    seed(app)
    with app.app_context():
        youth = db.session.scalar(select(Edition).where(Edition.number == 16))
        youth_id = youth.id
    page = client.get(f"/vinh-long/editions/{youth_id}").get_data(as_text=True)
    for text in ("Đồ dùng dành cho học tập", "Phần mềm tin học", "Giải Nhất", "Giải Khuyến khích",
                 "Hạn nộp hồ sơ", "17:00 31/03/2027", "Tác giả sinh từ ngày 31/07/2008"):
        assert text in page, text
    assert "<td class=\"text-end\">30</td>" in page  # criterion maximum, no useless decimals
    assert "<th class=\"text-end\">100</th>" in page  # total of the maxima


def test_draft_editions_are_hidden_from_the_public(client, auth, app):
    seed(app)
    with app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.number == 16))
        edition.phase = Phase.DRAFT
        factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        db.session.commit()
        edition_id = edition.id
    assert client.get(f"/vinh-long/editions/{edition_id}").status_code == 404
    assert client.get(f"/editions/{edition_id}").status_code == 404  # no redirect to tell it
    assert "Lần thứ 16" not in client.get("/").get_data(as_text=True)
    assert "Lần thứ 16" not in client.get("/vinh-long/").get_data(as_text=True)
    auth.login("btc@example.vn")
    assert client.get(f"/vinh-long/editions/{edition_id}").status_code == 200


def test_unknown_edition_is_404(client, app):
    seed(app)
    for url in ("/editions/999999", "/vinh-long/editions/999999", "/no-such-body/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.get_data(as_text=True)
