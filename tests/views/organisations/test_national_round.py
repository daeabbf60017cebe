"""The organisation axis of the national round: the national body's pages and actions answer
its organiser (and the admin) on its national edition and are a 404 for the provinces'
organisers; an arrival is withdrawn or replaced from the national edition by the national
organiser, or from the province's edition by that province's organisers only."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Entry, EntryOrigin, EntryStatus, NationalFeed, Organisation, Role
from tests.fuzz.world import EMAILS
from tests.views.organisations.asking import ask, signed_in
from tests.views.organisations.test_isolation import NATIONAL_ONLY
from tests.views.organisations.world import B_TAG, NATIONAL_ORGANISER, QUOTA

NATIONAL, ADMIN = NATIONAL_ORGANISER, EMAILS[Role.ADMIN]
A_ORGANISER, B_ORGANISER = EMAILS[Role.ORGANIZER], B_TAG + EMAILS[Role.ORGANIZER]
METHODS = {"organizer.national_intake": "GET", "organizer.upload_national_package": "GET",
           "organizer.set_national_feed": "POST", "organizer.import_uploaded_package": "POST"}
ARRIVAL_ACTIONS = ("organizer.withdraw_national_arrival", "organizer.replace_national_arrival")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


def answered(status: int) -> bool:
    return status != 404 and status < 500


def test_every_national_only_endpoint_is_exercised_here():
    assert sorted(METHODS) == sorted(NATIONAL_ONLY)


@pytest.mark.parametrize("endpoint", sorted(METHODS))
def test_the_national_pages_answer_the_national_body_only(app, provinces, endpoint):
    own, other = provinces
    method = METHODS[endpoint]
    national = {"edition_id": own.national_edition}
    for email in (NATIONAL, ADMIN):
        status = ask(app, signed_in(app, email), endpoint, national, method).status_code
        assert answered(status), (email, status)
    for email in (A_ORGANISER, B_ORGANISER):
        assert ask(app, signed_in(app, email), endpoint, national, method).status_code == 404
    national_client = signed_in(app, NATIONAL)
    for province in (own, other):  # a province's edition is not a national one, nor theirs
        args = {"edition_id": province.world.provisional_edition}
        assert ask(app, national_client, endpoint, args, method).status_code == 404


# (who asks, the edition of the URL, whose arrival, answered?)
ARRIVAL_CASES = [
    (NATIONAL, "national", "a", True), (NATIONAL, "national", "b", True),
    (NATIONAL, "a", "a", False), (NATIONAL, "b", "b", False),
    (A_ORGANISER, "a", "a", True), (A_ORGANISER, "national", "a", False),
    (A_ORGANISER, "a", "b", False), (A_ORGANISER, "b", "b", False),
    (B_ORGANISER, "b", "a", False), (B_ORGANISER, "a", "a", False),
    (B_ORGANISER, "national", "a", False), (B_ORGANISER, "b", "b", True),
    (ADMIN, "national", "a", True), (ADMIN, "a", "a", True), (ADMIN, "b", "a", False),
]


@pytest.mark.parametrize("endpoint", ARRIVAL_ACTIONS)
@pytest.mark.parametrize(("email", "seen_from", "whose", "expected"), ARRIVAL_CASES)
def test_an_arrival_is_reached_from_its_national_edition_or_its_own_province_only(
        app, provinces, endpoint, email, seen_from, whose, expected):
    by_code = dict(zip("ab", provinces, strict=True))
    edition = by_code[seen_from].world.provisional_edition if seen_from in by_code \
        else provinces[0].national_edition
    arrival = by_code[whose].arrival
    response = ask(app, signed_in(app, email), endpoint,
                   {"edition_id": edition, "origin_id": arrival}, "POST")
    if expected:  # no reason given: the page again with the message, nothing changed
        assert response.status_code == 302
        assert response.headers["Location"].endswith(
            "/national-intake" if seen_from == "national" else "/national-sent")
    else:
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(EntryOrigin, arrival).withdrawn_at is None


def test_the_national_organiser_sees_both_provinces_against_their_quota(app, provinces):
    own, _other = provinces
    with app.app_context():
        counts = dict(db.session.execute(
            select(Organisation.name, func.count()).join(EntryOrigin.province)
            .group_by(Organisation.name)).all())
    assert len(counts) == 2 and all(counts.values())
    html = ask(app, signed_in(app, NATIONAL), "organizer.national_intake",
               {"edition_id": own.national_edition}, "GET").get_data(as_text=True)
    for name, count in counts.items():
        assert name in html
        assert f'<td class="text-end">{count} / {QUOTA}</td>' in html
    assert html.count('class="arrival') == sum(counts.values())


def test_the_national_organiser_sees_a_province_entry_only_once_it_arrived(app, provinces):
    own, _other = provinces
    with app.app_context():
        origin = db.session.get(EntryOrigin, own.arrival)
        source_id = origin.origin_entry_id
    client = signed_in(app, NATIONAL)
    arrived = ask(app, client, "organizer.entry", {"entry_id": own.arrived}, "GET")
    assert arrived.status_code == 200
    assert ask(app, client, "organizer.entry", {"entry_id": source_id}, "GET").status_code == 404
    assert ask(app, client, "organizer.entry", {"entry_id": own.world.submitted},
               "GET").status_code == 404


def test_a_province_page_lists_only_its_own_arrivals(app, provinces):
    own, other = provinces
    with app.app_context():
        mine = db.session.scalar(select(func.count()).select_from(EntryOrigin).where(
            EntryOrigin.province.has(code=own.code)))
    html = ask(app, signed_in(app, A_ORGANISER), "organizer.national_sent",
               {"edition_id": own.world.provisional_edition}, "GET").get_data(as_text=True)
    assert html.count('class="arrival"') == mine
    assert f"/national-arrivals/{own.arrival}/withdraw" in html
    assert f"/national-arrivals/{other.arrival}/" not in html


def test_the_national_organiser_withdraws_an_arrival_with_a_reason(app, provinces):
    own, _other = provinces
    done = ask(app, signed_in(app, NATIONAL), "organizer.withdraw_national_arrival",
               {"edition_id": own.national_edition, "origin_id": own.arrival}, "POST",
               {"reason": "Hồ sơ thiếu bản thuyết minh."})
    assert done.status_code == 302
    with app.app_context():
        origin = db.session.get(EntryOrigin, own.arrival)
        assert origin.withdrawn_reason == "Hồ sơ thiếu bản thuyết minh."
        assert origin.entry.status == EntryStatus.WITHDRAWN


def test_b_cannot_withdraw_a_arrival_even_with_a_reason(app, provinces):
    own, other = provinces
    client = signed_in(app, B_ORGANISER)
    for edition in (other.world.provisional_edition, own.world.provisional_edition,
                    own.national_edition):
        refused = ask(app, client, "organizer.withdraw_national_arrival",
                      {"edition_id": edition, "origin_id": own.arrival}, "POST",
                      {"reason": "Rút hộ."})
        assert refused.status_code == 404
    with app.app_context():
        assert db.session.get(EntryOrigin, own.arrival).withdrawn_at is None


def test_a_province_replaces_its_own_arrival_from_its_page(app, provinces):
    own, _other = provinces
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(EntryOrigin))
    done = ask(app, signed_in(app, A_ORGANISER), "organizer.replace_national_arrival",
               {"edition_id": own.world.provisional_edition, "origin_id": own.arrival}, "POST",
               {"code": own.world.unpicked_code, "reason": "Tác giả xin rút, thay hồ sơ khác."})
    assert done.status_code == 302
    with app.app_context():
        origin = db.session.get(EntryOrigin, own.arrival)
        assert origin.withdrawn_at is not None and origin.replaced_by_id is not None
        new = db.session.get(EntryOrigin, origin.replaced_by_id)
        assert new.origin_code == own.world.unpicked_code
        assert new.national_edition_id == own.national_edition
        assert db.session.get(Entry, new.entry_id).status == EntryStatus.SUBMITTED
        assert db.session.scalar(select(func.count()).select_from(EntryOrigin)) == before + 1


def test_the_national_organiser_cannot_replace_for_a_province(app, provinces):
    own, _other = provinces
    client = signed_in(app, NATIONAL)
    done = ask(app, client, "organizer.replace_national_arrival",
               {"edition_id": own.national_edition, "origin_id": own.arrival}, "POST",
               {"code": own.world.unpicked_code, "reason": "Thay hộ tỉnh."})
    assert done.status_code == 302
    assert "Hãy nhập mã hồ sơ thay thế và lý do." in client.get(
        done.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        origin = db.session.get(EntryOrigin, own.arrival)
        assert origin.withdrawn_at is None and origin.replaced_by_id is None


def test_the_national_organiser_sets_a_province_quota(app, provinces):
    own, other = provinces
    with app.app_context():
        feed = db.session.scalar(select(NationalFeed).where(
            NationalFeed.provincial_edition_id == other.world.provisional_edition))
        province_id = feed.province_id
    done = ask(app, signed_in(app, NATIONAL), "organizer.set_national_feed",
               {"edition_id": own.national_edition}, "POST",
               {"province_id": province_id,
                "provincial_edition_id": other.world.provisional_edition, "quota": 7,
                "field_quotas": ""})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(NationalFeed, feed.id).quota == 7
    refused = ask(app, signed_in(app, B_ORGANISER), "organizer.set_national_feed",
                  {"edition_id": own.national_edition}, "POST",
                  {"province_id": province_id,
                   "provincial_edition_id": other.world.provisional_edition, "quota": 99,
                   "field_quotas": ""})
    assert refused.status_code == 404
    with app.app_context():
        assert db.session.get(NationalFeed, feed.id).quota == 7


def test_the_upload_page_and_an_expired_confirmation(app, provinces):
    own, _other = provinces
    client = signed_in(app, NATIONAL)
    page = ask(app, client, "organizer.upload_national_package",
               {"edition_id": own.national_edition}, "GET")
    assert page.status_code == 200
    assert 'type="file"' in page.get_data(as_text=True)
    gone = ask(app, client, "organizer.import_uploaded_package",
               {"edition_id": own.national_edition}, "POST", {"token": "0" * 32})
    assert gone.status_code == 302
    assert "Gói đã tải lên không còn; hãy tải lên lại." in client.get(
        gone.headers["Location"]).get_data(as_text=True)
