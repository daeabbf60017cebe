"""Units per province, organisers invited on the web, the national body's organiser, and the
judge of one province."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Contest,
    Field,
    Judge,
    MemberRole,
    Membership,
    OrganisationKind,
    Phase,
    Role,
    Unit,
    UnitKind,
    User,
)
from contest.services.organisations import create_organisation, default_organisation
from contest.services.units import find_or_create_unit, find_unit
from tests import factories


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


@pytest.fixture
def two(app):
    """Province A (the default), province B and the national body, each with an edition."""
    with app.app_context():
        home = default_organisation()
        national = create_organisation(code="toan-quoc", name="Liên hiệp các hội KH&KT VN",
                                       kind=OrganisationKind.NATIONAL, audited=False)
        other = create_organisation(code="tinh-b", name="Liên hiệp hội tỉnh B",
                                    kind=OrganisationKind.PROVINCIAL, parent=national,
                                    audited=False)
        ids = {"a": home.id, "b": other.id, "national": national.id, "a_name": home.name}
        for key, organisation in (("a", home), ("b", other), ("national", national)):
            edition = factories.make_edition(organisation=organisation, phase=Phase.JUDGING)
            ids[f"{key}_edition"] = edition.id
            factories.make_user(Role.ORGANIZER, email=f"btc-{key}@example.vn",
                                organisation=organisation)
        factories.make_user(Role.ADMIN, email="admin@example.vn")
        db.session.commit()
        return ids


def test_a_unit_created_in_one_province_is_not_found_in_another(app, two):
    with app.app_context():
        school = find_or_create_unit("Trường THCS Thiện Mỹ", UnitKind.SCHOOL,
                                     organisation_id=two["a"])
        assert find_unit("truong thcs thien my", two["a"]) == school
        assert find_unit("Trường THCS Thiện Mỹ", two["b"]) is None
        theirs = find_or_create_unit("Trường THCS Thiện Mỹ", UnitKind.SCHOOL,
                                     organisation_id=two["b"])
        assert theirs.id != school.id
        assert sorted(db.session.scalars(select(Unit.organisation_id).where(
            Unit.name == "Trường THCS Thiện Mỹ"))) == sorted([two["a"], two["b"]])


def test_a_judge_seated_with_a_unit_gets_it_on_the_edition_province_list(app, two, auth):
    with app.app_context():
        field = db.session.scalar(select(Field.id).where(Field.edition_id == two["b_edition"]))
    auth.login("btc-b@example.vn")
    page = auth.post(f"/organizer/editions/{two['b_edition']}/judges", {
        "email": "gk-b@example.vn", "full_name": "Phạm Văn Chấm",
        "unit": "Trường THPT Chuyên Bến Tre", "fields": str(field)})
    assert page.status_code == 302
    with app.app_context():
        judge = db.session.scalar(select(Judge).join(Judge.user).where(
            User.email == "gk-b@example.vn"))
        assert judge.user.unit.organisation_id == two["b"]


def test_an_organiser_invites_within_their_own_organisation(app, two, auth):
    auth.login("btc-a@example.vn")
    form = auth.client.get("/organizer/users/invite").get_data(as_text=True)
    assert "Liên hiệp hội tỉnh B" not in form
    refused = auth.post("/organizer/users/invite", {
        "full_name": "Lê Văn Mời", "email": "moi@example.vn", "role": "organizer",
        "organisation": str(two["b"])})
    assert refused.status_code == 200  # the choice is not theirs: the form again
    done = auth.post("/organizer/users/invite", {
        "full_name": "Lê Văn Mời", "email": "moi@example.vn", "role": "organizer",
        "organisation": str(two["a"])})
    assert done.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "moi@example.vn"))
        assert [(m.organisation_id, m.role) for m in db.session.scalars(
            select(Membership).where(Membership.user_id == user.id))] == [
            (two["a"], MemberRole.ORGANIZER)]
    listed = auth.client.get("/organizer/users?q=moi").get_data(as_text=True)
    assert "moi@example.vn" in listed and two["a_name"] in listed


def test_the_admin_chooses_any_organisation(app, two, auth):
    auth.login("admin@example.vn")
    done = auth.post("/organizer/users/invite", {
        "full_name": "Trần Thị Tỉnh", "email": "tinh-b@example.vn", "role": "organizer",
        "organisation": str(two["b"])})
    assert done.status_code == 302
    auth.logout()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "tinh-b@example.vn"))
        assert [m.organisation_id for m in db.session.scalars(
            select(Membership).where(Membership.user_id == user.id))] == [two["b"]]
    auth.login("btc-b@example.vn")
    assert "tinh-b@example.vn" in auth.client.get("/organizer/users").get_data(as_text=True)


def test_the_national_organiser_sees_no_provincial_edition(app, two, auth):
    auth.login("btc-national@example.vn")
    for key in ("a", "b"):
        edition = two[f"{key}_edition"]
        for path in (f"/organizer/editions/{edition}/settings",
                     f"/organizer/editions/{edition}/entries",
                     f"/organizer/editions/{edition}/results",
                     f"/organizer/editions/{edition}/judging"):
            assert auth.client.get(path).status_code == 404, path
    own = auth.client.get(f"/organizer/editions/{two['national_edition']}/settings")
    assert own.status_code == 200
    editions = auth.client.get("/organizer/editions").get_data(as_text=True)
    assert f"/organizer/editions/{two['national_edition']}/settings" in editions
    assert f"/organizer/editions/{two['a_edition']}/settings" not in editions
    assert auth.client.get("/organizer/editions?organisation=tinh-b").status_code == 404


def test_an_organiser_creates_editions_in_their_organisation(app, two, auth):
    auth.login("btc-b@example.vn")
    made = auth.post("/organizer/editions/new?organisation=tinh-b", {
        "contest": "technical", "technical-number": "9", "technical-year_label": "2031–2032"})
    assert made.status_code == 302
    with app.app_context():
        contest = db.session.scalar(select(Contest).where(Contest.kind == "technical"))
        assert contest.organisation_id == two["b"]
