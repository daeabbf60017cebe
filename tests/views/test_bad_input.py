"""Values that used to answer 500: huge and malformed numbers, unknown choices, control
characters. Each gets the field's Vietnamese message (or is ignored by a filter), and nothing
stored changes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Assignment,
    AuditEvent,
    AwardTier,
    ContestKind,
    Criterion,
    Edition,
    Entry,
    Phase,
    Role,
    ScoreSheet,
)
from tests import factories
from tests.conftest import csrf_token
from tests.views.test_editions import settings_form

HUGE = "9" * 400
BAD_NUMBERS = ["1e309", HUGE, "NaN", "Infinity", "-Infinity", "1e3", "0x10", "1_000", "²"]


def organiser(app, auth, role=Role.ORGANIZER) -> None:
    with app.app_context():
        factories.make_user(role, email="btc@example.vn", full_name="Phạm Thị Thu Hà")
        factories.make_user(Role.JUDGE, email="gk@example.vn", full_name="Lâm Văn Giám")
        db.session.commit()
    auth.login("btc@example.vn")


def edition_rows(app, edition_id: int) -> tuple:
    """What the settings page can change, to compare before and after a refused post."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        criteria = db.session.execute(select(
            Criterion.code, Criterion.max_score, Criterion.step).where(
            Criterion.edition_id == edition_id).order_by(Criterion.id)).all()
        tiers = db.session.execute(select(AwardTier.code, AwardTier.min_score, AwardTier.quota)
                                   .where(AwardTier.edition_id == edition_id)
                                   .order_by(AwardTier.id)).all()
        return (edition.max_authors, edition.applied_since_year, edition.disagreement_threshold,
                edition.national_count, criteria, tiers)


@pytest.fixture
def settings(app, auth):
    organiser(app, auth)
    with app.app_context():
        edition = factories.make_edition(phase=Phase.DRAFT)
        db.session.commit()
        edition_id = edition.id
    return {"id": edition_id, "url": f"/organizer/editions/{edition_id}/settings",
            "form": settings_form(app, edition_id), "before": edition_rows(app, edition_id)}


POINTS_KEYS = ["criteria-0-max_score", "criteria-1-step", "award_tiers-0-min_score",
               "disagreement_threshold"]
WHOLE_KEYS = ["award_tiers-0-quota", "max_authors", "applied_since_year", "national_count",
              "criteria-0-tie_break_priority"]


def messages(page: str, *texts: str) -> int:
    return sum(page.count(text) for text in texts)


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_malformed_points_value_gets_the_fields_message(app, auth, settings, value):
    response = auth.post(settings["url"], settings["form"] | dict.fromkeys(POINTS_KEYS, value))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert messages(page, "Hãy nhập một số, ví dụ 27,5.",
                    "Hãy nhập một số nhỏ hơn 100.000, ví dụ 27,5.") == len(POINTS_KEYS)
    assert page.count(f'value="{value}"') == len(POINTS_KEYS)  # the typed input is kept
    assert edition_rows(app, settings["id"]) == settings["before"]


def test_points_beyond_what_the_database_holds_are_refused(app, auth, settings):
    response = auth.post(settings["url"], settings["form"] | {
        "criteria-0-max_score": "99999999", "award_tiers-0-min_score": "0,001"})
    page = response.get_data(as_text=True)
    assert "Hãy nhập một số nhỏ hơn 100.000, ví dụ 27,5." in page
    assert "Tối đa hai chữ số thập phân." in page
    assert edition_rows(app, settings["id"]) == settings["before"]


@pytest.mark.parametrize("value", BAD_NUMBERS + ["99999999999", "-99999999999", "1.5"])
def test_a_malformed_whole_number_gets_the_fields_message(app, auth, settings, value):
    response = auth.post(settings["url"], settings["form"] | dict.fromkeys(WHOLE_KEYS, value))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert messages(page, "Hãy nhập một số nguyên.",
                    "Hãy nhập một số nguyên có tối đa 9 chữ số.") == len(WHOLE_KEYS)
    assert page.count(f'value="{value}"') == len(WHOLE_KEYS)
    assert edition_rows(app, settings["id"]) == settings["before"]


def test_minus_zero_is_zero(app, auth, settings):
    response = auth.post(settings["url"], settings["form"] | {
        "award_tiers-2-quota": "-0", "disagreement_threshold": "-0"})
    assert response.status_code == 302
    with app.app_context():
        edition = db.session.get(Edition, settings["id"])
        assert edition.award_tiers[2].quota == 0
        assert str(edition.disagreement_threshold) == "0.00"
    page = auth.client.get(settings["url"]).get_data(as_text=True)
    assert 'name="disagreement_threshold" type="text" value="0"' in page


def test_an_unknown_choice_in_the_settings_gets_the_vietnamese_message(app, auth, settings):
    response = auth.post(settings["url"], settings["form"] | {"rounds": "3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Lựa chọn không hợp lệ." in page
    assert "Not a valid choice" not in page
    response = auth.post(settings["url"], settings["form"] | {"rounds": HUGE})
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert edition_rows(app, settings["id"]) == settings["before"]


@pytest.mark.parametrize("key", ["ranking_method", "tie_policy", "national_min_tier"])
def test_an_unknown_result_setting_is_refused_at_its_input(app, auth, settings, key):
    response = auth.post(settings["url"], settings["form"] | {key: "xyz\x00"})
    assert response.status_code == 200
    assert "Chưa lưu được: hãy sửa các ô được đánh dấu." in response.get_data(as_text=True)
    with app.app_context():
        edition = db.session.get(Edition, settings["id"])
        assert getattr(edition, key) not in ("xyz", "xyz\x00")
    assert edition_rows(app, settings["id"]) == settings["before"]


@pytest.mark.parametrize("query", [
    "role=xyz", "role=", "role=admin&role=xyz", "q=%00", f"page={HUGE}", "page=-1", "page=abc"])
def test_the_users_list_ignores_a_bad_filter(client, app, auth, query):
    organiser(app, auth)
    response = client.get(f"/organizer/users?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    if query == "role=xyz" or query.startswith("page"):
        assert "Lâm Văn Giám" in page and "Phạm Thị Thu Hà" in page


@pytest.mark.parametrize("query", [
    "field=abc", f"field={HUGE}", "status=xyz", f"unit={HUGE}", "unit=NaN", f"page={HUGE}",
    "page=-1", "field=-0"])
def test_the_entries_list_ignores_a_bad_filter(client, app, auth, query):
    organiser(app, auth)
    with app.app_context():
        entry = factories.make_eligible_entry(factories.make_edition(), title="Cầu tre thông minh")
        db.session.commit()
        edition_id = entry.edition_id
    response = client.get(f"/organizer/editions/{edition_id}/entries?{query}")
    assert response.status_code == 200
    assert "Cầu tre thông minh" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["date_from=xyz", f"date_to={HUGE}", f"page={HUGE}",
                                   "page=-1", "actor=%00"])
def test_the_audit_log_ignores_a_bad_filter(client, app, auth, query):
    organiser(app, auth)
    with app.app_context():
        factories.make_edition()
        db.session.commit()
    for path in ("/organizer/audit", "/organizer/audit.csv"):
        assert client.get(f"{path}?{query}").status_code == 200


def test_huge_ids_in_the_path_and_the_query_are_not_found(client, app, auth):
    organiser(app, auth, Role.ADMIN)
    with app.app_context():
        edition = factories.make_scored_edition([[80], [70]])
        db.session.commit()
        edition_id = edition.id
    assert client.get(f"/organizer/editions/{HUGE}/settings").status_code == 404
    assert client.get(f"/organizer/runs/{HUGE}").status_code == 404
    # A malformed round is ignored: the current round's table.
    assert client.get(f"/organizer/editions/{edition_id}/exports/summary.csv?round={HUGE}"
                      ).status_code == 200
    assert client.get(f"/organizer/editions/{edition_id}/exports/ranking.csv?run={HUGE}"
                      ).status_code in (302, 404)


# --- the dossier -----------------------------------------------------------------------------

@pytest.fixture
def dossier(app, auth):
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email="a@example.vn")
        edition = factories.make_edition(ContestKind.TECHNICAL)  # it asks the year applied
        entry = factories.make_entry(edition, owner=owner, title="Máy tưới cây",
                                     authors=("Lê Minh Anh",))
        db.session.commit()
        entry_id = entry.id
    auth.login("a@example.vn")
    return entry_id


def edit_dossier(client, entry_id: int, **values):
    url = f"/entrant/entries/{entry_id}/edit"
    page = client.get(url).get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    data = {"title": "Máy tưới cây", "authors-0-full_name": "Lê Minh Anh", "version": version,
            "save": "1", "csrf_token": csrf_token(client)} | values
    return client.post(url, data=data)


def entry_values(app, entry_id: int) -> tuple:
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        return entry.title, entry.applied_since_year, entry.summary, entry.version


@pytest.mark.parametrize("value", BAD_NUMBERS + ["99999999999", "-0"])
def test_a_malformed_year_in_the_dossier_gets_its_message(client, app, dossier, value):
    before = entry_values(app, dossier)
    response = edit_dossier(client, dossier, applied_since_year=value, title="Tên mới")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Năm không hợp lệ." in page or "Hãy nhập một số nguyên" in page
    assert f'value="{value}"' in page and 'value="Tên mới"' in page
    assert entry_values(app, dossier) == before


def test_an_unknown_field_choice_in_the_dossier_gets_the_vietnamese_message(client, app, dossier):
    before = entry_values(app, dossier)
    for value in ("999999", HUGE, "abc"):
        page = edit_dossier(client, dossier, field_id=value).get_data(as_text=True)
        assert "Lựa chọn không hợp lệ." in page, value
    assert entry_values(app, dossier) == before


def test_control_characters_never_reach_the_dossier(client, app, dossier):
    response = edit_dossier(
        client, dossier, title="Máy\x00 tưới\x07 cây\x1b[31m\u0085 tự động\x7f",
        summary="Dòng một\r\nDòng hai\x00\n\tthụt lề\x0ccuối\rhết",
        teacher_name="Cô\tHoa\n")
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.get(Entry, dossier)
        assert entry.title == "Máy tưới cây[31m  tự động"
        assert entry.summary == "Dòng một\nDòng hai\n\tthụt lề\ncuối\nhết"
        assert entry.teacher_name == "Cô Hoa"


# --- the score sheet -------------------------------------------------------------------------

def test_control_characters_never_reach_a_score_sheet(client, app, auth):
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING)
        entry = factories.make_eligible_entry(edition)
        judge = factories.make_judge(edition, [entry.field], email="gk@example.vn")
        assignment = Assignment(entry=entry, judge=judge, round=1)
        db.session.add(assignment)
        db.session.commit()
        assignment_id, criteria = assignment.id, [c.id for c in edition.criteria]
    auth.login("gk@example.vn")
    data = {"version": "0", "save": "1", "comment": "Tốt\x00 lắm\x1b\r\nCần thêm ảnh",
            f"comment_{criteria[0]}": "Ý tưởng\x00 mới\nrõ ràng"}
    data |= {f"score_{cid}": "" for cid in criteria}
    response = auth.post(f"/judge/assignments/{assignment_id}", data)
    assert response.status_code == 302
    with app.app_context():
        sheet = db.session.scalar(select(ScoreSheet).where(
            ScoreSheet.assignment_id == assignment_id))
        assert sheet.comment == "Tốt lắm\nCần thêm ảnh"
        assert [s.comment for s in sheet.scores if s.criterion_id == criteria[0]] == [
            "Ý tưởng mới\nrõ ràng"]


def test_a_refused_filter_writes_no_audit_event(client, app, auth):
    organiser(app, auth)
    before = None
    with app.app_context():
        before = db.session.scalars(select(AuditEvent.id)).all()
    assert client.get("/organizer/users?role=xyz&q=%00").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.id)).all() == before
