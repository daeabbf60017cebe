"""The access harness's organisation axis: for every endpoint of the url_map that names an
object, the organiser, judge or entrant of province A gets 404 on province B's object, and the
same request on A's own object is answered (not 404); the admin reaches both. Endpoints that
name no object are lists, scoped by their queries: B's rows never show on A's pages.

The national body's own pages (NATIONAL_ONLY) are on the axis in test_national_round.

A new endpoint must be placed in GET_ARGS (or POST TARGETS of the fuzzer) or in LISTS, or
the coverage test fails naming it."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from contest.models import Role
from contest.permissions import PUBLIC, roles_for
from tests.fuzz.endpoints import TARGETS
from tests.fuzz.world import EMAILS
from tests.views.organisations.asking import ask, signed_in
from tests.views.organisations.world import B_TAG, Province
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
    # A province withdraws or replaces its own arrival from its provisional edition's page.
    "organizer.withdraw_national_arrival": (ORGANIZER, lambda p: {
        "edition_id": p.world.provisional_edition, "origin_id": p.arrival}),
    "organizer.replace_national_arrival": (ORGANIZER, lambda p: {
        "edition_id": p.world.provisional_edition, "origin_id": p.arrival}),
}
# A job's file exists only for a finished national ZIP job: A's answer may be a 404 there
# (no file), B's must be one anyway; the check on A is the page of the same job.
A_MAY_404 = {"organizer.job_file"}
# The national body's pages and actions answer only on its national edition: a province's
# organiser gets a 404 on a province's edition (B's here, and A's own too), so the answered
# half is test_national_round's, where the national organiser asks on the national edition.
NATIONAL_ONLY = {
    "organizer.national_intake", "organizer.upload_national_package",
    "organizer.set_national_feed", "organizer.import_uploaded_package"}
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


def status(app, client, endpoint: str, args: dict, method: str) -> int:
    return ask(app, client, endpoint, args, method).status_code


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
    assert sorted(NATIONAL_ONLY - CASES.keys()) == []


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_a_province_never_reaches_another_province_object(app, provinces, endpoint):
    role, args, method = CASES[endpoint]
    own, other = provinces
    client = signed_in(app, ADDRESSES[role])
    refused = status(app, client, endpoint, args(other), method)
    if endpoint in OPEN_TO_EVERY_PROVINCE or role == ADMIN:  # the admin sees all
        assert refused != 404 and refused < 500, refused
    else:
        assert refused == 404
    if endpoint in NATIONAL_ONLY:
        assert status(app, client, endpoint, args(own), method) == 404
        return
    if endpoint in A_MAY_404:
        endpoint = "organizer.job"
    answer = status(app, client, endpoint, args(own), method)
    assert answer != 404 and answer < 500, answer


@pytest.mark.parametrize("endpoint", sorted(
    e for e, (role, _args, method) in CASES.items()
    if method == "GET" and role == ORGANIZER and e not in NATIONAL_ONLY))
def test_the_admin_reaches_both_provinces(app, provinces, endpoint):
    _role, args, method = CASES[endpoint]
    client = signed_in(app, EMAILS[ADMIN])
    for province in provinces:
        name = "organizer.job" if endpoint in A_MAY_404 else endpoint
        answer = status(app, client, name, args(province), method)
        assert answer != 404 and answer < 500, (province.code, answer)


@pytest.mark.parametrize("role", [ENTRANT, JUDGE, ORGANIZER])
def test_b_people_are_refused_a_objects_too(app, provinces, role):
    """The axis the other way round: B's organiser, judge and entrant on A's objects."""
    own, _other = provinces
    client = signed_in(app, B_TAG + ADDRESSES[role])
    for endpoint, (asker, args, method) in sorted(CASES.items()):
        if asker == role and method == "GET":
            assert status(app, client, endpoint, args(own), method) == 404, endpoint


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
