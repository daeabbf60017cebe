"""Organiser edition set-up on the web: create, edit settings and tables, change phase."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, ContestKind, Edition, Phase, Role
from tests import factories


def sign_in(app, auth, role=Role.ORGANIZER) -> None:
    with app.app_context():
        factories.make_user(role, email="btc@example.vn", full_name="Phạm Thị Thu Hà")
        db.session.commit()
    auth.login("btc@example.vn")


def new_edition(app, **settings) -> int:
    with app.app_context():
        edition = factories.make_edition(**settings)
        db.session.commit()
        return edition.id


def points(value) -> str:
    return format(value.normalize(), "f")


def local(instant: datetime | None) -> str:
    return instant.astimezone(clock.VIETNAM).strftime("%Y-%m-%dT%H:%M") if instant else ""


def settings_form(app, edition_id: int) -> dict[str, str]:
    """What the settings page posts when the organiser changes nothing."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        data = {key: str(getattr(edition, key)) for key in (
            "year_label", "number", "max_authors", "attachment_max_mb", "max_photos",
            "max_documents", "section_max_chars", "judges_per_entry", "rounds",
            "objection_days")}
        for key in ("min_author_age", "applied_since_year"):
            data[key] = "" if getattr(edition, key) is None else str(getattr(edition, key))
        for key in ("birth_date_from", "birth_date_to"):
            value = getattr(edition, key)
            data[key] = value.isoformat() if value else ""
        for key in ("registration_opens_at", "submission_deadline_at", "judging_starts_at",
                    "judging_ends_at"):
            data[key] = local(getattr(edition, key))
        for key in ("blind_judging", "show_scores"):
            if getattr(edition, key):
                data[key] = "y"
        data |= {"ranking_method": edition.ranking_method, "tie_policy": edition.tie_policy,
                 "disagreement_threshold": points(edition.disagreement_threshold),
                 "final_round_threshold": points(edition.final_round_threshold),
                 "national_count": str(edition.national_count),
                 "national_min_tier": edition.national_min_tier or ""}
        for key in ("final_round_top_n", "national_cap_per_field"):
            data[key] = "" if getattr(edition, key) is None else str(getattr(edition, key))
        if edition.awards_per_field:
            data["awards_per_field"] = "y"
        for i, field in enumerate(edition.fields):
            data |= {f"fields-{i}-code": field.code, f"fields-{i}-name": field.name}
        for i, c in enumerate(edition.criteria):
            data |= {f"criteria-{i}-code": c.code, f"criteria-{i}-name": c.name,
                     f"criteria-{i}-description": c.description,
                     f"criteria-{i}-max_score": points(c.max_score),
                     f"criteria-{i}-step": points(c.step),
                     f"criteria-{i}-tie_break_priority": str(c.tie_break_priority)}
        for i, t in enumerate(edition.award_tiers):
            data |= {f"award_tiers-{i}-code": t.code, f"award_tiers-{i}-name": t.name,
                     f"award_tiers-{i}-min_score": points(t.min_score),
                     f"award_tiers-{i}-quota": "" if t.quota is None else str(t.quota)}
        return data


def test_organiser_creates_an_edition_from_the_defaults(client, auth, app):
    sign_in(app, auth)
    page = client.get("/organizer/editions").get_data(as_text=True)
    assert "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long" in page
    assert 'name="youth-number"' in page and 'value="1"' in page

    response = auth.post("/organizer/editions/new", {
        "contest": "youth", "youth-number": "12", "youth-year_label": "2026–2027"})
    with app.app_context():
        edition = db.session.scalar(select(Edition))
        assert response.headers["Location"] == f"/organizer/editions/{edition.id}/settings"
        assert (edition.contest.kind, edition.number, edition.year_label, edition.phase) == (
            ContestKind.YOUTH, 12, "2026–2027", Phase.DRAFT)
        assert len(edition.fields) == 5 and edition.max_total == 100

    listing = client.get("/organizer/editions").get_data(as_text=True)
    assert 'value="13"' in listing and 'value="2027–2028"' in listing
    again = auth.post("/organizer/editions/new", {
        "contest": "youth", "youth-number": "12", "youth-year_label": "2027"})
    assert "Cuộc thi này đã có lần thứ 12." in again.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Edition)).all()) == 1


def test_bad_settings_show_vietnamese_messages_and_keep_the_input(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    url = f"/organizer/editions/{edition_id}/settings"
    data = settings_form(app, edition_id) | {
        "year_label": "2030–2031 (đổi)", "max_authors": "0", "criteria-0-max_score": "abc",
        "criteria-1-step": "2", "criteria-1-max_score": "25"}
    response = auth.post(url, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hãy nhập một số, ví dụ 27,5." in page
    assert 'value="abc"' in page and 'value="2030–2031 (đổi)"' in page
    # Once the types parse, the rules of the services are reported at their inputs too.
    data["criteria-0-max_score"] = "30"
    page = auth.post(url, data).get_data(as_text=True)
    assert "Hãy nhập một số từ 1 đến 20." in page
    assert "Điểm tối đa phải là bội số của bước điểm 2." in page
    assert 'value="0"' in page and 'value="2030–2031 (đổi)"' in page
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        assert edition.max_authors == 5 and edition.year_label != "2030–2031 (đổi)"
        assert [c.max_score for c in edition.criteria] == [30, 25, 25, 10, 10]


def test_a_criterion_row_is_added_without_javascript(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    url = f"/organizer/editions/{edition_id}/settings"
    data = settings_form(app, edition_id) | {"criteria-0-max_score": "20"}
    page = auth.post(url, data | {"add_row": "criteria"}).get_data(as_text=True)
    assert 'name="criteria-5-name"' in page
    assert 'name="criteria-0-max_score" type="text" value="20"' in page  # typed data kept
    with app.app_context():
        assert len(db.session.get(Edition, edition_id).criteria) == 5  # nothing saved yet

    data |= {"criteria-5-code": "", "criteria-5-name": "Tính thẩm mỹ",
             "criteria-5-max_score": "10", "criteria-5-step": "0,5",
             "criteria-5-tie_break_priority": "", "criteria-5-description": ""}
    response = auth.post(url, data | {"fields-5-code": "", "fields-5-name": ""})  # blank row
    assert response.headers["Location"] == url
    assert "Đã lưu thiết lập." in client.get(url).get_data(as_text=True)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        added = edition.criteria[-1]
        assert (added.code, added.name, added.max_score, added.step, added.tie_break_priority) \
            == ("tinh-tham-my", "Tính thẩm mỹ", 10, Decimal("0.5"), 6)
        assert edition.max_total == 100 and len(edition.fields) == 5
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_type == "edition")).all()
        assert "edition.criteria" in actions and "edition.fields" not in actions


def test_removing_a_row_and_vietnam_time_round_trip(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    url = f"/organizer/editions/{edition_id}/settings"
    data = settings_form(app, edition_id) | {
        "award_tiers-3-remove": "y", "submission_deadline_at": "2030-06-30T17:00"}
    assert auth.post(url, data).status_code == 302
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        assert [t.code for t in edition.award_tiers] == ["nhat", "nhi", "ba"]
        assert edition.submission_deadline_at == datetime(2030, 6, 30, 10, 0, tzinfo=UTC)
    assert 'value="2030-06-30T17:00"' in client.get(url).get_data(as_text=True)


def test_phase_changes_by_post_with_guards(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    url = f"/organizer/editions/{edition_id}/phase"
    settings = client.get(f"/organizer/editions/{edition_id}/settings").get_data(as_text=True)
    assert "Mở nhận hồ sơ" in settings and "data-confirm=" in settings
    assert 'name="force"' not in settings  # organisers cannot force

    response = auth.post(url, {"phase": "open"})
    assert response.headers["Location"] == f"/organizer/editions/{edition_id}/settings"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã chuyển sang giai đoạn “Đang nhận hồ sơ”." in page

    auth.post(url, {"phase": "closed", "force": "y"})  # before the deadline; force ignored
    page = client.get(f"/organizer/editions/{edition_id}/settings").get_data(as_text=True)
    assert "chưa đến hạn nộp hồ sơ." in page
    auth.post(url, {"phase": "final"})
    page = client.get(f"/organizer/editions/{edition_id}/settings").get_data(as_text=True)
    assert "Không thể chuyển từ giai đoạn “Đang nhận hồ sơ” sang “Đã công bố kết quả”." in page
    with app.app_context():
        assert db.session.get(Edition, edition_id).phase == Phase.OPEN


def test_admins_may_force_past_the_dates(client, auth, app):
    sign_in(app, auth, role=Role.ADMIN)
    edition_id = new_edition(app, phase=Phase.OPEN)
    page = client.get(f"/organizer/editions/{edition_id}/settings").get_data(as_text=True)
    assert 'name="force"' in page
    auth.post(f"/organizer/editions/{edition_id}/phase", {"phase": "closed", "force": "y"})
    with app.app_context():
        assert db.session.get(Edition, edition_id).phase == Phase.CLOSED


def test_locked_criteria_once_judging(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.JUDGING,
                             judging_starts_at=clock.now() + timedelta(days=31))
    url = f"/organizer/editions/{edition_id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert "readonly" in page.split('name="criteria-0-max_score"')[1].split(">")[0]
    assert 'value="criteria"' not in page  # no "add row" for criteria
    data = settings_form(app, edition_id)
    assert auth.post(url, data | {"criteria-0-name": "Tính mới"}).status_code == 302
    page = auth.post(url, data | {"criteria-0-max_score": "40"}).get_data(as_text=True)
    assert "Đã bắt đầu chấm điểm: không thể sửa tiêu chí." in page
    with app.app_context():
        criteria = db.session.get(Edition, edition_id).criteria
        assert (criteria[0].name, criteria[0].max_score) == ("Tính mới", 30)


@pytest.mark.parametrize("method, path", [
    ("GET", "/organizer/editions"),
    ("GET", "/organizer/editions/{id}/settings"),
    ("POST", "/organizer/editions/{id}/settings"),
    ("POST", "/organizer/editions/{id}/phase"),
    ("POST", "/organizer/editions/new"),
])
def test_entrants_are_refused(client, auth, app, method, path):
    edition_id = new_edition(app, phase=Phase.DRAFT)
    sign_in(app, auth, role=Role.ENTRANT)
    url = path.format(id=edition_id)
    response = client.get(url) if method == "GET" else auth.post(url, {"phase": "open"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Edition, edition_id).phase == Phase.DRAFT
