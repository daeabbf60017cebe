"""The demo's organisations (issue 13 item 7): the national body and two provinces, each with
its units, contests and open editions, a national youth edition fed by both, organisers scoped
to their own organisation, the same demo every time."""
from __future__ import annotations

import re
import time
from datetime import date

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    Contest,
    ContestKind,
    Edition,
    Entry,
    Membership,
    NationalFeed,
    Organisation,
    Phase,
    Unit,
    UnitKind,
    User,
)
from contest.services.demo import seed_demo

LOGIN_LINE = re.compile(r"^(admin|organizer|judge|entrant)\s+(\S+@\S+)\s+(\S+)$", re.M)
CAN_THO_ORGANISER = "bantochuc.cantho@demo.sangtao.vn"
NATIONAL_ORGANISER = "bantochuc.toanquoc@demo.sangtao.vn"


def seed(runner) -> dict[str, str]:
    """Run seed-demo; the printed password of each login's e-mail."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return {email: password for _, email, password in LOGIN_LINE.findall(result.output)}


def edition_of(code: str, kind: ContestKind) -> Edition:
    return db.session.scalars(select(Edition).join(Edition.contest).join(Contest.organisation)
                              .where(Organisation.code == code, Contest.kind == kind)).one()


def test_the_national_body_and_two_provinces_reporting_to_it(runner, app):
    seed(runner)
    with app.app_context():
        found = {o.code: (o.kind.value, o.parent.code if o.parent else None, o.name)
                 for o in db.session.scalars(select(Organisation))}
    assert found == {
        "vusta": ("national", None, "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
        "vinh-long": ("provincial", "vusta",
                      "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"),
        "can-tho": ("provincial", "vusta",
                    "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Cần Thơ"),
    }


def test_each_province_has_its_two_contests_open_and_the_nation_its_youth_contest(runner, app):
    seed(runner)
    with app.app_context():
        rows = db.session.execute(
            select(Organisation.code, Contest.kind, Contest.name, Edition.number,
                   Edition.year_label, Edition.phase)
            .join(Contest.organisation).join(Contest.editions)).all()
    assert sorted((code, kind.value, number, label, phase) for code, kind, _, number, label, phase
                  in rows) == [
        ("can-tho", "technical", 14, "2026–2027", Phase.OPEN),
        ("can-tho", "youth", 18, "2026–2027", Phase.OPEN),
        ("vinh-long", "technical", 11, "2026–2027", Phase.OPEN),
        ("vinh-long", "youth", 16, "2026–2027", Phase.OPEN),
        ("vusta", "youth", 23, "2026–2027", Phase.OPEN),
    ]
    names = {(code, kind): name for code, kind, name, *_ in rows}
    assert names[("can-tho", ContestKind.YOUTH)] == (
        "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng thành phố Cần Thơ")
    assert names[("vusta", ContestKind.YOUTH)] == (
        "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng toàn quốc")


def test_can_tho_has_its_own_wards_communes_and_schools_without_districts(runner, app):
    seed(runner)
    with app.app_context():
        can_tho = db.session.scalar(select(Organisation).where(Organisation.code == "can-tho"))
        units = db.session.scalars(select(Unit).where(Unit.organisation_id == can_tho.id)).all()
        by_id = {u.id: u for u in units}
        [province] = [u for u in units if u.kind == UnitKind.PROVINCE]
        areas = [u for u in units if u.parent_id == province.id and u.kind == UnitKind.DISTRICT]
        schools = [u for u in units if u.kind == UnitKind.SCHOOL]
        others = set(db.session.scalars(select(Unit.name).where(
            Unit.organisation_id != can_tho.id)))
    assert province.name == "Thành phố Cần Thơ"
    assert len(areas) >= 8 and all(re.match(r"(Phường|Xã) ", a.name) for a in areas)
    assert not [u.name for u in units if re.match(r"(Huyện|Quận|Thị xã) ", u.name)]
    assert len(schools) >= 10
    assert all(by_id[s.parent_id] in areas for s in schools)
    assert "Trường THPT chuyên Lý Tự Trọng" in {s.name for s in schools}
    assert others and not {u.name for u in units} & others


def test_the_national_youth_edition_is_fed_by_both_provinces_with_a_quota_each(runner, app):
    seed(runner)
    with app.app_context():
        national = edition_of("vusta", ContestKind.YOUTH)
        feeds = db.session.scalars(select(NationalFeed).where(
            NationalFeed.national_edition_id == national.id)).all()
        fed = {(f.province.code, f.provincial_edition.contest.organisation.code,
                f.provincial_edition.contest.kind, f.quota, tuple(f.field_quotas))
               for f in feeds}
        provincial = [edition_of(code, ContestKind.YOUTH) for code in ("vinh-long", "can-tho")]
        assert fed == {("vinh-long", "vinh-long", ContestKind.YOUTH, 20, ()),
                       ("can-tho", "can-tho", ContestKind.YOUTH, 20, ())}
        # Open for nominations now, and until after the provinces have judged theirs.
        assert national.registration_opens_at < national.submission_deadline_at
        assert all(national.submission_deadline_at > e.judging_ends_at for e in provincial)
        assert national.submission_deadline_at.date() == date(2027, 7, 31)


def test_organisers_are_members_of_their_own_organisation_only(runner, app):
    seed(runner)
    with app.app_context():
        held = {(email, code, role.value) for email, code, role in db.session.execute(
            select(User.email, Organisation.code, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .join(Organisation, Organisation.id == Membership.organisation_id))}
    assert {m for m in held if m[0] in (CAN_THO_ORGANISER, NATIONAL_ORGANISER,
                                        "bantochuc@demo.sangtao.vn")} == {
        (CAN_THO_ORGANISER, "can-tho", "organizer"),
        (NATIONAL_ORGANISER, "vusta", "organizer"),
        ("bantochuc@demo.sangtao.vn", "vinh-long", "organizer"),
    }
    assert {code for _, code, _ in held} == {"vinh-long", "can-tho", "vusta"}


def test_the_can_tho_organiser_sees_its_own_editions_and_not_vinh_longs(runner, app, client,
                                                                         auth):
    passwords = seed(runner)
    with app.app_context():
        own = edition_of("can-tho", ContestKind.YOUTH).id
        other = edition_of("vinh-long", ContestKind.YOUTH).id
        national = edition_of("vusta", ContestKind.YOUTH).id
    login = auth.login(CAN_THO_ORGANISER, passwords[CAN_THO_ORGANISER])
    assert login.headers["Location"] == "/organizer/"
    assert client.get(f"/organizer/editions/{other}/entries").status_code == 404
    assert client.get(f"/organizer/editions/{other}/settings").status_code == 404
    assert client.get(f"/organizer/editions/{national}/national-intake").status_code == 404
    page = client.get(f"/organizer/editions/{own}/entries")
    assert page.status_code == 200
    assert "Cần Thơ" in page.get_data(as_text=True)
    dashboard = client.get("/organizer/").get_data(as_text=True)
    assert f'href="/can-tho/editions/{own}"' in dashboard
    assert f"/editions/{other}" not in dashboard


def test_the_national_organiser_sees_both_provinces_quotas(runner, app, client, auth):
    passwords = seed(runner)
    with app.app_context():
        national = edition_of("vusta", ContestKind.YOUTH).id
        provincial = edition_of("vinh-long", ContestKind.YOUTH).id
    auth.login(NATIONAL_ORGANISER, passwords[NATIONAL_ORGANISER])
    page = client.get(f"/organizer/editions/{national}/national-intake")
    assert page.status_code == 200
    rows = re.findall(r'<tr class="feed">\s*<td>([^<]+)</td>.*?<td class="text-end">([^<]+)</td>',
                      page.get_data(as_text=True), re.S)
    assert sorted((name, count.strip()) for name, count in rows) == [
        ("Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Cần Thơ", "0 / 20"),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long", "0 / 20"),
    ]
    assert client.get(f"/organizer/editions/{provincial}/entries").status_code == 404


def test_home_lists_the_three_organisations_with_their_open_editions(runner, app, client):
    seed(runner)
    with app.app_context():
        editions = {(e.contest.organisation.code, e.id) for e in db.session.scalars(
            select(Edition).where(Edition.phase == Phase.OPEN))}
    page = client.get("/").get_data(as_text=True)
    for code in ("vusta", "vinh-long", "can-tho"):
        assert f'href="/{code}/"' in page, code
    for code, edition_id in editions:
        assert f'href="/{code}/editions/{edition_id}"' in page, (code, edition_id)
    assert len(editions) == 5
    assert "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng toàn quốc" in page
    assert "Hội thi Sáng tạo kỹ thuật thành phố Cần Thơ" in page


def test_the_entrant_dashboard_links_each_edition_under_its_organisation(runner, app, client,
                                                                         auth):
    passwords = seed(runner)
    with app.app_context():
        editions = {(e.contest.organisation.code, e.id) for e in db.session.scalars(
            select(Edition).where(Edition.phase == Phase.OPEN))}
    auth.login("thisinh@demo.sangtao.vn", passwords["thisinh@demo.sangtao.vn"])
    page = client.get("/entrant/").get_data(as_text=True)
    for code, edition_id in editions:
        if code == "vusta":  # the provinces feed the national edition: no dossier of one's own
            assert f'href="/{code}/editions/{edition_id}"' not in page
            continue
        assert f'href="/{code}/editions/{edition_id}"' in page, (code, edition_id)
    assert not re.search(r'href="/editions/\d+"', page)  # no click through the 301


def test_an_entrant_cannot_start_a_dossier_in_the_national_edition(runner, app, client, auth):
    """The national edition receives the provinces' selections only: an entrant's POST to start
    a dossier there is 404, and nothing is written; a province's open edition still takes one."""
    passwords = seed(runner)
    with app.app_context():
        national = edition_of("vusta", ContestKind.YOUTH).id
        provincial = edition_of("can-tho", ContestKind.YOUTH).id
    auth.login("thisinh@demo.sangtao.vn", passwords["thisinh@demo.sangtao.vn"])
    refused = auth.post(f"/entrant/editions/{national}/entries", {})
    assert refused.status_code == 404
    started = auth.post(f"/entrant/editions/{provincial}/entries", {})
    assert started.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Entry.edition_id)).all() == [provincial]


def demo_snapshot() -> dict[str, list]:
    return {
        "organisations": sorted(db.session.execute(
            select(Organisation.code, Organisation.name, Organisation.kind)).all()),
        "units": sorted(db.session.execute(select(Unit.name, Unit.kind)).all()),
        "users": sorted(db.session.execute(
            select(User.email, User.full_name, User.phone, User.role)).all()),
        "editions": sorted(db.session.execute(
            select(Contest.name, Edition.number, Edition.year_label,
                   Edition.submission_deadline_at).join(Edition.contest)).all()),
        "feeds": sorted(db.session.execute(
            select(Organisation.code, NationalFeed.quota)
            .join(NationalFeed.province)).all()),
    }


def test_the_demo_is_the_same_every_time_and_loads_in_seconds(app):
    with app.app_context():
        started = time.perf_counter()
        seed_demo(today=date(2026, 12, 1))
        elapsed = time.perf_counter() - started
        first = demo_snapshot()
        db.session.rollback()
        assert db.session.scalar(select(func.count(Organisation.id))) == 0
        seed_demo(today=date(2026, 12, 1))
        assert demo_snapshot() == first
    assert len(first["users"]) == 27 and len(first["feeds"]) == 2
    assert elapsed < 10, elapsed


def test_seed_demo_twice_changes_no_row(runner, app):
    seed(runner)
    with app.app_context():
        tables = db.metadata.sorted_tables
        before = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "Dữ liệu mẫu đã có sẵn" in again.output
    with app.app_context():
        after = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}
    assert after == before
    assert before["organisation"] == 3 and before["national_feed"] == 2
