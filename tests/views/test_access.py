"""The access harness: every endpoint has roles (its blueprint's or an exception), and answers
only those roles."""
from __future__ import annotations

import pytest
from flask import url_for

from contest.extensions import db
from contest.models import Role
from contest.permissions import BLUEPRINT_ROLES, ENDPOINT_ROLES, PUBLIC, roles_for
from tests import factories


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def rules(app):
    return list(app.url_map.iter_rules())


def sample_url(app, rule) -> str:
    args = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        args[name] = 1 if kind in ("integer", "int") else "x"
        if rule.endpoint == "static":
            args[name] = "css/app.css"
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


def method_of(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def test_every_endpoint_is_declared(app):
    endpoints = {rule.endpoint for rule in rules(app)}
    assert sorted(e for e in endpoints if roles_for(e) is None) == []
    assert sorted(ENDPOINT_ROLES.keys() - endpoints) == []


def test_every_blueprint_declares_its_roles(app):
    assert sorted(app.blueprints.keys() - BLUEPRINT_ROLES.keys()) == []


def test_exceptions_differ_from_their_blueprint(app):
    """ENDPOINT_ROLES lists only the exceptions, none equal to its blueprint's roles."""
    for endpoint, allowed in ENDPOINT_ROLES.items():
        blueprint, _dot, _view = endpoint.rpartition(".")
        assert BLUEPRINT_ROLES.get(blueprint) != allowed, endpoint


def test_anonymous_visitors_are_sent_to_login(app):
    client = app.test_client()
    for rule in rules(app):
        if roles_for(rule.endpoint) == PUBLIC:
            continue
        response = client.open(sample_url(app, rule), method=method_of(rule))
        assert response.status_code == 302, rule.endpoint
        assert response.headers["Location"].startswith("/login"), rule.endpoint


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_endpoints(app, role):
    with app.app_context():
        factories.make_user(role, email=f"{role.value}@example.vn")
        db.session.commit()
    client = app.test_client()
    login = client.post("/login", data={"email": f"{role.value}@example.vn",
                                        "password": factories.PASSWORD})
    assert login.status_code == 302
    for rule in rules(app):
        allowed = roles_for(rule.endpoint)
        if allowed == PUBLIC or rule.endpoint in ("auth.logout",):
            continue
        response = client.open(sample_url(app, rule), method=method_of(rule))
        if role in allowed:
            assert response.status_code not in (401, 403), (rule.endpoint, response.status_code)
            assert not response.headers.get("Location", "").startswith("/login"), rule.endpoint
        else:
            assert response.status_code in (403, 404), (rule.endpoint, role, response.status_code)


def test_undeclared_endpoint_is_refused(app):
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    response = app.test_client().get("/undeclared")
    assert response.status_code == 404
    assert "secret" not in response.get_data(as_text=True)
