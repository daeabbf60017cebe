"""The "Xếp hạng và giải thưởng" and "Dự thi toàn quốc" sections of the settings page."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Edition, Phase
from tests.views import test_editions
from tests.views.test_editions import settings_form, sign_in

RESULTS = ("ranking_method", "awards_per_field", "tie_policy", "disagreement_threshold",
           "final_round_threshold", "final_round_top_n", "national_count",
           "national_cap_per_field", "national_min_tier")


def new_edition(app, **settings) -> int:
    # A small number: the factory's counter grows past the 1..999 the form accepts.
    return test_editions.new_edition(app, number=7, **settings)


def results_of(app, edition_id: int) -> dict:
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        return {key: getattr(edition, key) for key in RESULTS}


def tag(page: str, name: str) -> str:
    """The opening tag of the input or select named `name`."""
    before, after = page.split(f' name="{name}"', 1)
    return before.rsplit("<", 1)[1] + after.split(">", 1)[0]


def test_the_sections_explain_each_option(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.JUDGING)  # scoring does not lock them
    page = client.get(f"/organizer/editions/{edition_id}/settings").get_data(as_text=True)
    assert "Xếp hạng và giải thưởng" in page and "Dự thi toàn quốc" in page
    for text in ("Trung bình cộng", "Trung vị", "z-score", "Báo Ban tổ chức quyết định",
                 "Trao cho tất cả", "Không trao cho ai", "— không giới hạn —"):
        assert text in page
    assert '<option value="nhi">Giải Nhì</option>' in page  # the edition's tiers
    assert "readonly" not in tag(page, "final_round_threshold")
    assert "disabled" not in tag(page, "ranking_method")


def test_a_valid_change_is_saved_and_audited(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.JUDGING)
    url = f"/organizer/editions/{edition_id}/settings"
    data = settings_form(app, edition_id) | {
        "ranking_method": "trimmed", "awards_per_field": "y", "tie_policy": "all",
        "disagreement_threshold": "17,5", "final_round_threshold": "65",
        "final_round_top_n": "4", "national_count": "15", "national_cap_per_field": "3",
        "national_min_tier": "ba", "max_photos": "6"}
    assert auth.post(url, data).headers["Location"] == url
    assert results_of(app, edition_id) == {
        "ranking_method": "trimmed", "awards_per_field": True, "tie_policy": "all",
        "disagreement_threshold": Decimal("17.5"), "final_round_threshold": 65,
        "final_round_top_n": 4, "national_count": 15, "national_cap_per_field": 3,
        "national_min_tier": "ba"}
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "edition.settings")).all()
        assert len(events) == 1  # one event with every setting changed
        assert events[0].before["tie_policy"] == "flag" and events[0].after["max_photos"] == 6
        assert events[0].after["disagreement_threshold"] == "17.5"
    page = client.get(url).get_data(as_text=True)
    assert 'value="17,5"' in tag(page, "disagreement_threshold")
    assert '<option selected value="ba">' in page


def test_thresholds_follow_the_criteria_posted_with_them(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    url = f"/organizer/editions/{edition_id}/settings"
    data = settings_form(app, edition_id) | {"criteria-0-max_score": "50",  # total 120
                                             "final_round_threshold": "110"}
    assert auth.post(url, data).status_code == 302
    assert results_of(app, edition_id)["final_round_threshold"] == 110


@pytest.mark.parametrize("key, value, message", [
    ("disagreement_threshold", "-1", "Không được âm."),
    ("final_round_threshold", "100,5", "Không được vượt tổng điểm tối đa 100."),
    ("final_round_threshold", "", "Vui lòng nhập thông tin này."),
    ("final_round_top_n", "0", "Hãy nhập một số từ 1 đến 10000."),
    ("national_count", "-2", "Hãy nhập một số từ 0 đến 10000."),
    ("national_cap_per_field", "0", "Hãy nhập một số từ 1 đến 10000."),
    ("national_min_tier", "vang", "Hãy chọn một giải của lần tổ chức này."),
    ("ranking_method", "mode", "Hãy chọn một phương pháp xếp hạng trong danh sách."),
    ("tie_policy", "random", "Hãy chọn một cách xử lý đồng hạng trong danh sách."),
])
def test_each_bad_value_is_shown_at_its_input(client, auth, app, key, value, message):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.DRAFT)
    before = results_of(app, edition_id)
    data = settings_form(app, edition_id) | {"national_count": "12", "max_photos": "6",
                                             key: value}
    page = auth.post(f"/organizer/editions/{edition_id}/settings", data).get_data(as_text=True)
    assert f'<div class="invalid-feedback" id="{key}-error"><div>{message}</div>' in page
    assert "is-invalid" in tag(page, key)
    if key in ("ranking_method", "tie_policy"):
        pass  # a value no option offers (a forged request) cannot be shown again
    elif key == "national_min_tier":
        assert '<option selected value="vang">vang</option>' in page
    else:
        assert f'value="{value}"' in tag(page, key)
    assert 'value="6"' in tag(page, "max_photos")  # the other input is kept too
    assert results_of(app, edition_id) == before  # nothing saved
    with app.app_context():
        assert db.session.get(Edition, edition_id).max_photos == 10


def test_official_publication_locks_the_ranking_settings(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.FINAL, final_published_at=clock.now())
    url = f"/organizer/editions/{edition_id}/settings"
    page = client.get(url).get_data(as_text=True)
    locked = "Kết quả chính thức đã công bố: không thể đổi thiết lập xếp hạng."
    assert locked in page
    for name in ("disagreement_threshold", "final_round_threshold", "final_round_top_n"):
        assert "readonly" in tag(page, name)
    assert '<input type="hidden" name="ranking_method" value="mean">' in page
    select = page.split('id="ranking_method"')[0].rsplit("<select", 1)[1]
    assert "disabled" in select and 'aria-describedby="ranking_method-help"' in select
    assert "readonly" not in tag(page, "national_count")  # chosen after the results

    data = settings_form(app, edition_id)
    assert auth.post(url, data | {"national_count": "10"}).status_code == 302
    assert results_of(app, edition_id)["national_count"] == 10

    refused = auth.post(url, data | {"ranking_method": "median", "final_round_threshold": "70",
                                     "max_photos": "6"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and page.count(locked) >= 3
    assert 'value="70"' in tag(page, "final_round_threshold")  # input kept
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        assert (edition.ranking_method, edition.final_round_threshold, edition.max_photos) == (
            "mean", 60, 10)


def test_a_locked_national_list_locks_its_settings(client, auth, app):
    sign_in(app, auth)
    edition_id = new_edition(app, phase=Phase.FINAL, final_published_at=clock.now(),
                             national_locked_at=clock.now())
    url = f"/organizer/editions/{edition_id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert "readonly" in tag(page, "national_count")
    assert '<input type="hidden" name="national_min_tier" value="">' in page
    page = auth.post(url, settings_form(app, edition_id) | {"national_count": "5"}) \
        .get_data(as_text=True)
    assert "Danh sách dự thi toàn quốc đã khóa: không thể đổi thiết lập này." in page
    assert results_of(app, edition_id)["national_count"] == 20
