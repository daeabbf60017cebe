"""The form fuzzer: every POST endpoint of the url_map, hostile values, as a user allowed there.

Fails on any 500 (or exception) and on any change to stored rows after a refused post.
Each endpoint gets a sweep (each input in turn given a value of its kind it must refuse, the
others valid) and then FUZZ_EXAMPLES hypothesis posts (a few in `make test`; `make fuzz`
runs 500 and shrinks what it finds).
"""
from __future__ import annotations

import os
import shutil

import pytest
from flask import url_for
from hypothesis import HealthCheck, Phase, given, settings
from werkzeug.datastructures import MultiDict

from contest import create_app
from contest.extensions import db
from contest.models import Role
from contest.permissions import PUBLIC, roles_for
from tests.conftest import PG_URI, base_config, csrf_token
from tests.factories import PASSWORD
from tests.fuzz.endpoints import TARGETS
from tests.fuzz.guard import changes, flashes, refused, snapshot
from tests.fuzz.strategies import Post, list_names, posts, specs, sweep
from tests.fuzz.world import EMAILS, World, build_world
from tests.views.test_access import rules

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
# The short run reports the failing post as found; the long run also shrinks it.
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if EXAMPLES > 50 else [])
# Posts that may end or replace the client's session: it signs in again before the next one.
SESSION_ENDPOINTS = {"auth.logout", "auth.account", "auth.login", "auth.register",
                     "auth.reset_password", "auth.accept_invitation"}
# Endpoints whose success shows no message: a confirmation page, a language switch, the new
# draft's edit page, the assignment overview with the plan it carried out.
SILENT_SUCCESS = {"auth.register", "public.set_language", "entrant.new_entry",
                  "organizer.assign_judges"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


@pytest.fixture(scope="session")
def world_template(migrated_database, tmp_path_factory):
    """On SQLite the world is built once and its database and files copied for each endpoint
    (0.8 s saved per endpoint); on PostgreSQL each test builds it (tables are truncated)."""
    if PG_URI:
        return None
    folder = tmp_path_factory.mktemp("fuzz-world")
    path = folder / "world.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
    app = create_app(base_config(folder / "instance", "sqlite:///" + str(path)))
    world = build_world(app)
    with app.app_context():
        db.engine.dispose()
    return path, folder / "instance", world


@pytest.fixture
def database_uri_for_test(database_uri_for_test, world_template, tmp_path):
    if world_template is None:
        return database_uri_for_test
    path, instance, _world = world_template
    shutil.copyfile(path, tmp_path / "test.db")
    shutil.copytree(instance, tmp_path / "instance", dirs_exist_ok=True)
    return "sqlite:///" + str(tmp_path / "test.db")


@pytest.fixture
def world(app, world_template) -> World:
    return build_world(app) if world_template is None else world_template[2]


def post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in rules(app) if "POST" in rule.methods}


def test_every_post_endpoint_is_fuzzed(app):
    """A new endpoint that accepts POST must be added to TARGETS (so the guard covers it)."""
    assert sorted(post_endpoints(app) - TARGETS.keys()) == []
    assert sorted(TARGETS.keys() - post_endpoints(app)) == []


def test_targets_post_as_an_allowed_role(app):
    for endpoint, target in TARGETS.items():
        allowed = roles_for(endpoint)
        assert allowed == PUBLIC or target.role in allowed, endpoint


class Session:
    """A test client signed in as the target's role, with its CSRF token."""

    def __init__(self, app, role: Role | None):
        self.client, self.role, self.token = app.test_client(), role, None

    def open(self) -> None:
        """A fresh client (no cookies), signed in unless the target is an anonymous visitor."""
        self.client = self.client.application.test_client()
        if self.role is not None:
            response = self.client.post("/login", data={
                "email": EMAILS[self.role], "password": PASSWORD,
                "csrf_token": csrf_token(self.client, "/login")})
            assert response.status_code == 302, "the fuzzer could not sign in"
        self.token = csrf_token(self.client)
        flashes(self.client)

    def send(self, path: str, post: Post):
        pairs = list(post.pairs)
        if post.csrf != "missing":
            pairs.insert(0, ("csrf_token", self.token if post.csrf == "ok" else "x" + self.token))
        data = [(key, value.part() if hasattr(value, "part") else value) for key, value in pairs]
        return self.client.post(path, data=MultiDict(data),
                                content_type="multipart/form-data" if post.multipart else None)


@pytest.mark.parametrize("endpoint", sorted(TARGETS))
def test_no_value_breaks_a_form(app, world, endpoint):
    target = TARGETS[endpoint]
    with app.test_request_context():
        path = url_for(endpoint, **target.args(world))
        forms = target.forms(world)
        fields = [spec for form in forms for spec in specs(form)]
        extra = [name for form in forms for name in list_names(form)]
    session = Session(app, target.role)
    session.open()
    stored = [snapshot(app)]  # the rows after the last post: the next post starts from them

    def check(post: Post) -> None:
        """Post once: no 500, no exception, and no stored row changed if it was refused."""
        if endpoint in SESSION_ENDPOINTS:
            session.open()
            stored[0] = snapshot(app)
        before = stored[0]
        try:
            response = session.send(path, post)
        except Exception as error:  # noqa: BLE001 - TESTING propagates the view's exception
            pytest.fail(f"{endpoint}: {type(error).__name__}: {error} after {post!r}")
        assert response.status_code < 500, f"{endpoint}: {response.status_code} after {post!r}"
        stored[0] = snapshot(app)
        if refused(response, flashes(session.client), endpoint in SILENT_SUCCESS):
            changed = changes(before, stored[0])
            assert changed == [], f"{endpoint} refused {post!r} but changed {changed}"

    for post in sweep(fields, target.raw):
        check(post)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=PHASES)
    @given(post=posts(fields, target.raw, extra))
    def post_once(post: Post):
        check(post)

    post_once()
