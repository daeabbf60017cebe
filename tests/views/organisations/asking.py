"""Signed-in clients and one request by endpoint name, for the organisation axis."""
from __future__ import annotations

from flask import url_for

from tests.conftest import csrf_token
from tests.factories import PASSWORD


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302, email
    return client


def ask(app, client, endpoint: str, args: dict, method: str, data: dict | None = None):
    """The response to the request (a POST carries the CSRF token and `data`)."""
    with app.test_request_context():
        path = url_for(endpoint, **args)
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": csrf_token(client), **(data or {})})
