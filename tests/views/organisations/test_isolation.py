"""The access harness's organisation axis: for every endpoint of the url_map that names an
object, the organiser, judge or entrant of province A gets 404 on province B's object, and the
same request on A's own object is answered (not 404); the admin reaches both. Endpoints that
name no object are lists, scoped by their queries: B's rows never show on A's pages.

A new endpoint must be placed in OBJECT_ARGS (or POST TARGETS of the fuzzer) or in LISTS, or
the coverage test fails naming it."""
from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from flask import url_for

from contest import create_app
from contest.extensions import db
from contest.models import Role
from contest.permissions import PUBLIC, roles_for
from tests.conftest import PG_URI, base_config, csrf_token
from tests.factories import PASSWORD
from tests.fuzz.endpoints import TARGETS
from tests.fuzz.world import EMAILS
from tests.views.organisations.world import B_TAG, Province, build_provinces
from tests.views.test_access import rules

Args = Callable[[Province], dict]
ENTRANT, JUDGE, ORGANIZER, ADMIN = Role.ENTRANT, Role.JUDGE, Role.ORGANIZER, Role.ADMIN

# The GET endpoints that name an object: who asks, and the URL arguments on a province's
# objects (the POST endpoints take theirs from the fuzzer's TARGETS).
GET_ARGS: dict[str, tuple[Role, Args]] = {
    "entrant.edit_entry": (ENTRANT, lambda p: {"entry_id": p.world.draft}),
    "entrant.entry": (ENTRANT, lambda p: {"entry_id": p.world.draft}),
    "entrant.print_entry": (ENTRANT, lambda p: {"entry_id": p.world.draft}),
    "files.attachment": (ORGANIZER, lambda p: {"attachment_id": p.world.photo}),
    "files.thumbnail": (ORGANIZER, lambda p: {"attachment_id": p.world.photo}),
    "judge.score": (JUDGE, lambda p: {"assignment_id": p.world.assignment}),
    "organisations.settings": (ORGANIZER, lambda p: {"code": p.code}),
    "organizer.certificates": (ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.charts": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.compare_runs": (ORGANIZER, lambda p: {"run_id": p.world.run,
                                                     "other": p.world.run}),
    "organizer.edit_entry": (ORGANIZER, lambda p: {"entry_id": p.world.draft}),
    "organizer.edition_settings": (ORGANIZER, lambda p: {"edition_id": p.world.open_edition}),
    "organizer.entries": (ORGANIZER, lambda p: {"edition_id": p.world.open_edition}),
    "organizer.entry": (ORGANIZER, lambda p: {"entry_id": p.world.submitted}),
    "organizer.export": (ORGANIZER, lambda p: {"edition_id": p.world.open_edition,
                                               "kind": "entries", "fmt": "xlsx"}),
    "organizer.export_judge_sheet": (ORGANIZER, lambda p: {"judge_id": p.world.judge,
                                                           "fmt": "xlsx"}),
    "organizer.import_entries": (ORGANIZER, lambda p: {"edition_id": p.world.open_edition}),
    "organizer.import_judges": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.import_scores": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.job": (ORGANIZER, lambda p: {"job_id": p.job}),
    "organizer.job_file": (ORGANIZER, lambda p: {"job_id": p.job}),
    "organizer.job_json": (ORGANIZER, lambda p: {"job_id": p.job}),
    "organizer.judges": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.judging": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.national": (ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.national_zip": (ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.national_intake": (ORGANIZER,
                                  lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.national_package": (ORGANIZER,
                                   lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.national_sent": (ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.upload_national_package": (
        ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.objections": (ORGANIZER, lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.paper_sheets": (ORGANIZER, lambda p: {"judge_id": p.world.judge}),
    "organizer.publication_version": (ORGANIZER, lambda p: {"publication_id": p.publication}),
    "organizer.ranking_report": (ORGANIZER,
                                 lambda p: {"edition_id": p.world.provisional_edition}),
    "organizer.ranking_run": (ORGANIZER, lambda p: {"run_id": p.world.run}),
    "organizer.results": (ORGANIZER, lambda p: {"edition_id": p.world.judging_edition}),
    "organizer.sheet": (ORGANIZER, lambda p: {"sheet_id": p.world.final_sheet}),
}
# POST endpoints whose fuzz target names no object of a province, or another one.
POST_ARGS: dict[str, tuple[Role, Args]] = {
    "organizer.outbox_resend": (ORGANIZER, lambda p: {"mail_id": p.mail}),
    "organizer.restart": (ORGANIZER, lambda p: {"job_id": p.job}),
    "organizer.set_user_active": (ORGANIZER, lambda p: {"user_id": p.entrant}),
}
# A job's file exists only for a finished national ZIP job: A's answer may be a 404 there
# (no file), B's must be one anyway; the check on A is the page of the same job.
A_MAY_404 = {"organizer.job_file"}
# The national intake's pages and actions answer only on a national edition, which these
# provincial worlds lack: B's edition is a 404 for A's organiser, but A's own request is a
# 404 too, so the "A is answered" half is not exercised for them (left to the intake's tests).
NEEDS_A_NATIONAL_EDITION = {
    "organizer.national_intake", "organizer.upload_national_package",
    "organizer.set_national_feed", "organizer.withdraw_national_arrival",
    "organizer.replace_national_arrival", "organizer.import_uploaded_package"}
# Entrant accounts are global: an entrant starts a dossier in any province's open edition.
OPEN_TO_EVERY_PROVINCE = {"entrant.new_entry"}
# Endpoints that name no object of an organisation: lists (scoped by their queries, checked
# below), the forms that create, the blank import templates and the accounts.
LISTS = {"entrant.dashboard", "judge.dashboard", "organizer.audit_export",
         "organizer.audit_log", "organizer.create_edition", "organizer.dashboard",
         "organizer.editions", "organizer.import_template", "organizer.invite_user",
         "organizer.outbox", "organizer.users"}
# Not an organisation's object: signing in and the account, the language switch.
NOT_SCOPED_BLUEPRINTS = {"auth", "public"}
# The user of a province with each role (B's addresses carry the tag).
ADDRESSES = {role: email for role, email in EMAILS.items()}


def cases() -> dict[str, tuple[Role, Args, str]]:
    """endpoint -> (who asks, its URL arguments, the method)."""
    found = {endpoint: (role, args, "GET") for endpoint, (role, args) in GET_ARGS.items()}
    for endpoint, target in TARGETS.items():
        if endpoint in found or endpoint in LISTS or endpoint.split(".")[0] in \
                NOT_SCOPED_BLUEPRINTS:
            continue
        role, args = POST_ARGS.get(endpoint, (target.role, None))
        found[endpoint] = (role, args or (lambda p, t=target: t.args(p.world)), "POST")
    return found


CASES = cases()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


@pytest.fixture(scope="session")
def provinces_template(migrated_database, tmp_path_factory):
    """On SQLite both provinces are built once and copied for each test; on PostgreSQL each
    test builds them (its tables are truncated)."""
    if PG_URI:
        return None
    folder = tmp_path_factory.mktemp("provinces")
    path = folder / "world.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
    app = create_app(base_config(folder / "instance", "sqlite:///" + str(path)))
    provinces = build_provinces(app)
    with app.app_context():
        db.engine.dispose()
    return path, folder / "instance", provinces


@pytest.fixture
def database_uri_for_test(database_uri_for_test, provinces_template, tmp_path):
    if provinces_template is None:
        return database_uri_for_test
    path, instance, _provinces = provinces_template
    shutil.copyfile(path, tmp_path / "test.db")
    shutil.copytree(instance, tmp_path / "instance", dirs_exist_ok=True)
    return "sqlite:///" + str(tmp_path / "test.db")


@pytest.fixture
def provinces(app, provinces_template) -> tuple[Province, Province]:
    return build_provinces(app) if provinces_template is None else provinces_template[2]


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302, email
    return client


def ask(app, client, endpoint: str, args: dict, method: str) -> int:
    with app.test_request_context():
        path = url_for(endpoint, **args)
    if method == "GET":
        return client.get(path).status_code
    return client.post(path, data={"csrf_token": csrf_token(client)}).status_code


def test_every_endpoint_is_placed_on_the_organisation_axis(app):
    """Each endpoint a signed-in user reaches names a province's object (and is exercised
    here) or is a list; a new one fails this test until it is placed."""
    unplaced = sorted(
        rule.endpoint for rule in rules(app)
        if roles_for(rule.endpoint) != PUBLIC
        and rule.endpoint.split(".")[0] not in NOT_SCOPED_BLUEPRINTS
        and rule.endpoint not in CASES and rule.endpoint not in LISTS)
    assert unplaced == []
    assert sorted(CASES.keys() & LISTS) == []
    assert sorted(NEEDS_A_NATIONAL_EDITION - CASES.keys()) == []


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_a_province_never_reaches_another_province_object(app, provinces, endpoint):
    role, args, method = CASES[endpoint]
    own, other = provinces
    client = signed_in(app, ADDRESSES[role])
    refused = ask(app, client, endpoint, args(other), method)
    if endpoint in OPEN_TO_EVERY_PROVINCE or role == ADMIN:  # the admin sees all
        assert refused != 404 and refused < 500, refused
    else:
        assert refused == 404
    if endpoint in NEEDS_A_NATIONAL_EDITION:
        return
    if endpoint in A_MAY_404:
        endpoint = "organizer.job"
    answer = ask(app, client, endpoint, args(own), method)
    assert answer != 404 and answer < 500, answer


@pytest.mark.parametrize("endpoint", sorted(
    e for e, (role, _args, method) in CASES.items()
    if method == "GET" and role == ORGANIZER and e not in NEEDS_A_NATIONAL_EDITION))
def test_the_admin_reaches_both_provinces(app, provinces, endpoint):
    _role, args, method = CASES[endpoint]
    client = signed_in(app, EMAILS[ADMIN])
    for province in provinces:
        name = "organizer.job" if endpoint in A_MAY_404 else endpoint
        answer = ask(app, client, name, args(province), method)
        assert answer != 404 and answer < 500, (province.code, answer)


@pytest.mark.parametrize("role", [ENTRANT, JUDGE, ORGANIZER])
def test_b_people_are_refused_a_objects_too(app, provinces, role):
    """The axis the other way round: B's organiser, judge and entrant on A's objects."""
    own, _other = provinces
    client = signed_in(app, B_TAG + ADDRESSES[role])
    for endpoint, (asker, args, method) in sorted(CASES.items()):
        if asker == role and method == "GET":
            assert ask(app, client, endpoint, args(own), method) == 404, endpoint


LIST_PAGES = ("/organizer/", "/organizer/editions", "/organizer/users",
              "/organizer/mail?status=sent", "/organizer/audit", "/organizer/audit.csv")


@pytest.mark.parametrize("path", LIST_PAGES)
def test_lists_show_only_the_province_own_rows(app, provinces, path):
    own, other = provinces
    client = signed_in(app, EMAILS[ORGANIZER])
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"Thẩm định {other.code}" not in text
    for role in (ENTRANT, JUDGE, ORGANIZER):  # (B's people with no dossier nor seat are global)
        assert B_TAG + EMAILS[role] not in text, role
    assert "Liên hiệp hội tỉnh B" not in text
    admin = signed_in(app, EMAILS[ADMIN]).get(path).get_data(as_text=True)
    if path.startswith("/organizer/mail"):
        assert f"Thẩm định {own.code}" in text and f"Thẩm định {other.code}" in admin
    if path == "/organizer/users":
        assert EMAILS[ENTRANT] in text and B_TAG + EMAILS[ENTRANT] in admin
