"""Command line: create-organisation, and --organisation on create-edition and create-user
(FORMATS.md): a contest kind is unique per organisation, not per database."""
from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    AuditEvent,
    Contest,
    Edition,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)


def last_id(result) -> int:
    assert result.exit_code == 0, result.output
    return int(result.output.strip().splitlines()[-1])


def national_and_two_provinces(runner) -> dict[str, int]:
    ids = {"vusta": last_id(runner.invoke(args=[
        "create-organisation", "--code", "vusta", "--kind", "national",
        "--name", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"]))}
    for code, name in (("vinh-long", "Liên hiệp hội tỉnh Vĩnh Long"),
                       ("can-tho", "Liên hiệp hội thành phố Cần Thơ")):
        ids[code] = last_id(runner.invoke(args=[
            "create-organisation", "--code", code, "--kind", "provincial", "--name", name,
            "--parent", "vusta"]))
    return ids


def test_organisations_print_their_id_and_report_to_the_national_body(runner, app):
    ids = national_and_two_provinces(runner)
    with app.app_context():
        province = db.session.get(Organisation, ids["can-tho"])
        assert (province.code, province.kind, province.parent_id) == (
            "can-tho", OrganisationKind.PROVINCIAL, ids["vusta"])
        assert db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.ip == "cli")).all() == ["organisation.create"] * 3


def test_bad_organisations_are_refused_with_a_message_and_nothing_saved(runner, app):
    national_and_two_provinces(runner)
    for args, message in (
            (["--code", "Vĩnh Long", "--kind", "provincial", "--name", "X"], "Mã tổ chức chỉ gồm"),
            (["--code", "can-tho", "--kind", "provincial", "--name", "X"], "Đã có tổ chức mã"),
            (["--code", "hue", "--kind", "provincial", "--name", "X", "--parent", "can-tho"],
             "Tổ chức cấp trên phải là cơ quan toàn quốc"),
            (["--code", "hue", "--kind", "provincial", "--name", "X", "--parent", "nowhere"],
             "Không có tổ chức mã “nowhere”"),
            (["--code", "hue", "--kind", "national", "--name", "X", "--parent", "vusta"],
             "Cơ quan toàn quốc không có tổ chức cấp trên")):
        result = runner.invoke(args=["create-organisation", *args])
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    with app.app_context():
        assert db.session.scalar(select(Organisation.id).where(Organisation.code == "hue")) \
            is None


def test_each_province_has_its_own_contest_of_a_kind(runner, app):
    national_and_two_provinces(runner)
    refused = runner.invoke(args=["create-edition", "--contest", "youth", "--number", "1",
                                  "--year", "2026–2027"])
    assert refused.exit_code != 0
    assert "Hệ thống có nhiều tổ chức; hãy chọn tổ chức" in refused.output
    editions = {code: last_id(runner.invoke(args=[
        "create-edition", "--contest", "youth", "--number", "16", "--year", "2026–2027",
        "--organisation", code])) for code in ("vinh-long", "can-tho")}
    with app.app_context():
        owners = {code: db.session.get(Edition, edition).contest.organisation.code
                  for code, edition in editions.items()}
        assert owners == {"vinh-long": "vinh-long", "can-tho": "can-tho"}
        contests = db.session.scalars(select(Contest).order_by(Contest.id)).all()
        assert [(c.kind.value, c.organiser) for c in contests] == [
            ("youth", "Liên hiệp hội tỉnh Vĩnh Long"),
            ("youth", "Liên hiệp hội thành phố Cần Thơ")]


def test_an_organiser_is_made_a_member_of_the_organisation_named(runner, app):
    national_and_two_provinces(runner)
    result = runner.invoke(args=["create-user", "btc@cantho.vn", "--role", "organizer",
                                 "--organisation", "can-tho"])
    assert result.exit_code == 0, result.output
    entrant = runner.invoke(args=["create-user", "hs@example.vn", "--role", "entrant"])
    assert entrant.exit_code == 0, entrant.output  # entrant accounts are global
    with app.app_context():
        members = db.session.execute(select(User.email, Organisation.code, Membership.role)
                                     .join(Membership, Membership.user_id == User.id)
                                     .join(Organisation)).all()
        assert members == [("btc@cantho.vn", "can-tho", MemberRole.ORGANIZER)]


def test_with_one_organisation_it_is_the_default(runner, app):
    created = runner.invoke(args=["create-user", "btc@example.vn", "--role", "organizer"])
    assert created.exit_code == 0, created.output
    edition = last_id(runner.invoke(args=["create-edition", "--contest", "technical",
                                          "--number", "11", "--year", "2026–2027"]))
    with app.app_context():
        [organisation] = db.session.scalars(select(Organisation)).all()
        assert (organisation.code, organisation.kind) == ("vinh-long",
                                                          OrganisationKind.PROVINCIAL)
        assert db.session.get(Edition, edition).contest.organisation_id == organisation.id
        assert db.session.scalar(select(Membership.organisation_id)) == organisation.id
