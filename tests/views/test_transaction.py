"""The request's transaction (contest/views/transaction.py): one commit when the view returns,
a rollback on any exception, a refusal answered as a page or as JSON, after-commit calls."""
from __future__ import annotations

import pytest
from flask import Blueprint, get_flashed_messages, render_template_string, request
from flask_wtf import FlaskForm
from sqlalchemy import event, func, select, update
from wtforms import StringField

from contest import permissions
from contest.extensions import db
from contest.models import Unit, UnitKind
from contest.services import DomainError
from contest.views.transaction import (
    after_commit,
    back_to,
    on_refusal,
    page_again,
    transactional,
)
from tests.conftest import csrf_token

REFUSAL = "Tên đơn vị này không dùng được."


class NameForm(FlaskForm):
    name = StringField()


def add_unit(name: str) -> None:
    db.session.add(Unit(name=name, kind=UnitKind.SCHOOL))
    db.session.flush()


def probe_blueprint(calls: list[str]) -> Blueprint:
    """Views that write a unit and then return, are refused, or fail."""
    bp = Blueprint("probe", __name__, url_prefix="/probe")

    @bp.route("/refused", methods=["POST"])
    def refused():
        add_unit(request.form["name"])
        after_commit(lambda: calls.append("mail"))
        raise DomainError(REFUSAL)

    @bp.route("/refused-back", methods=["POST"])
    def refused_back():
        on_refusal(back_to("/probe/list"))
        add_unit(request.form["name"])
        raise DomainError(REFUSAL)

    @bp.route("/form", methods=["POST"])
    def form_page():
        form = NameForm()

        def page():
            return render_template_string(
                "<input value='{{ form.name.data }}'>{% for e in form.name.errors %}"
                "<p>{{ e }}</p>{% endfor %}", form=form)
        on_refusal(page_again(page, at=form.name))
        if form.validate_on_submit():
            add_unit(form.name.data)
            raise DomainError(REFUSAL)
        return page()

    @bp.route("/broken", methods=["POST"])
    def broken():
        add_unit(request.form["name"])
        after_commit(lambda: calls.append("mail"))
        raise RuntimeError("a bug")

    @bp.route("/done", methods=["POST"])
    def done():
        add_unit(request.form["name"])
        after_commit(lambda: calls.append(
            "mail" if db.session.scalar(select(func.count(Unit.id))) == 1 else "too early"))
        return "ok"

    @bp.route("/renamed", methods=["POST"])
    def renamed():
        db.session.execute(update(Unit).values(name=request.form["name"]))
        return "ok"

    return bp


@pytest.fixture
def calls() -> list[str]:
    return []


@pytest.fixture
def probe(app, calls, monkeypatch):
    """The probe views, wrapped like every registered view, and open to anyone."""
    app.register_blueprint(probe_blueprint(calls))
    for endpoint in [e for e in app.view_functions if e.startswith("probe.")]:
        app.view_functions[endpoint] = transactional(app.view_functions[endpoint])
        monkeypatch.setitem(permissions.ENDPOINT_ROLES, endpoint, permissions.PUBLIC)
    return app


def units(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Unit.name)))


def flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def post(client, path: str, token: str | None = None, **kwargs):
    data = {"csrf_token": token or csrf_token(client), "name": "Trường THCS Thử"}
    return client.post(path, data=data, **kwargs)


def test_a_refused_page_post_stores_nothing_and_flashes_the_reason_on_the_way_back(
        probe, client, calls):
    response = post(client, "/probe/refused", headers={"Referer": "http://localhost/probe/list"})

    assert response.status_code == 302
    assert response.headers["Location"] == "http://localhost/probe/list"
    assert flashes(client) == [("danger", REFUSAL)]
    assert units(probe) == []
    assert calls == []


def test_a_refusal_never_goes_back_to_another_site(probe, client):
    response = post(client, "/probe/refused", headers={"Referer": "https://evil.example/x"})

    assert response.headers["Location"] == "/"
    assert units(probe) == []


def test_a_view_says_where_a_refusal_goes_back_to(probe, client):
    response = post(client, "/probe/refused-back")

    assert response.headers["Location"] == "/probe/list"
    assert flashes(client) == [("danger", REFUSAL)]
    assert units(probe) == []


def test_a_refused_form_comes_back_with_the_typed_input_and_the_reason_at_its_field(
        probe, client):
    response = post(client, "/probe/form")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<input value='Trường THCS Thử'>" in page
    assert f"<p>{REFUSAL}</p>" in page
    assert units(probe) == []


def test_a_script_gets_the_refusal_as_json(probe, client):
    response = post(client, "/probe/refused", headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "message": REFUSAL}
    assert units(probe) == []
    with probe.test_request_context():
        assert get_flashed_messages() == []


def test_an_unexpected_error_rolls_back_too(probe, client, calls):
    with pytest.raises(RuntimeError):  # TESTING propagates it; in production: the 500 page
        post(client, "/probe/broken")

    assert units(probe) == []
    assert calls == []


def test_a_view_that_returns_commits_once_then_runs_its_after_commit_calls(probe, client, calls):
    token, commits = csrf_token(client), []

    def count(session):
        commits.append(session)
    event.listen(db.session, "after_commit", count)
    try:
        response = post(client, "/probe/done", token)
    finally:
        event.remove(db.session, "after_commit", count)

    assert response.get_data(as_text=True) == "ok"
    assert units(probe) == ["Trường THCS Thử"]
    assert calls == ["mail"]
    assert len(commits) == 1


def test_a_statement_run_through_the_session_is_committed_too(probe, client):
    with probe.app_context():
        add_unit("Trường cũ")
        db.session.commit()

    post(client, "/probe/renamed")

    assert units(probe) == ["Trường THCS Thử"]


def test_after_commit_calls_wait_for_a_commit_that_succeeds(probe, client, calls, monkeypatch):
    token = csrf_token(client)

    def failing_commit():
        raise RuntimeError("the database went away")
    monkeypatch.setattr(db.session, "commit", failing_commit, raising=False)

    with pytest.raises(RuntimeError):
        post(client, "/probe/done", token)

    monkeypatch.undo()
    assert units(probe) == []
    assert calls == []
