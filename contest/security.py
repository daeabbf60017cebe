"""Request guards and response headers: endpoint roles, login sessions, safe redirects, CSP."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, redirect, request, session, url_for
from flask_login import current_user

from contest.database import set_write_intent
from contest.extensions import login_manager
from contest.permissions import BLUEPRINT_ROLES, PUBLIC, Access, roles_for
from contest.services import audit
from contest.services.sessions import find_session_user

log = logging.getLogger(__name__)

SESSION_TOKEN_KEY = "login_token"  # noqa: S105 - a session key name, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def is_safe_path(target: str | None) -> bool:
    """True only for a path on this site: '/x', never '//host', '/\\host', 'scheme:...'."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # sessions are checked on the server instead

    @login_manager.user_loader
    def load_user(user_id: str):
        return find_session_user(
            user_id=user_id,
            raw_token=session.get(SESSION_TOKEN_KEY),
            lifetime=app.config["PERMANENT_SESSION_LIFETIME"],
        )

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.method not in SAFE_METHODS or request.blueprint is None:
            return redirect(url_for("auth.login"))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def prepare_request():
        view = app.view_functions.get(request.endpoint)
        set_write_intent(request.method not in SAFE_METHODS
                         and not getattr(view, "reads_first", False))
        audit.set_origin(request.remote_addr)

    @app.before_request
    def refuse_undeclared_endpoints():
        if request.endpoint is None:
            return None  # no route: the 404 handler answers
        if roles_for(request.endpoint) is None:
            log.error("endpoint %s has no roles (no guarded blueprint, not in ENDPOINT_ROLES)",
                      request.endpoint)
            abort(404)
        if request.blueprint not in BLUEPRINT_ROLES:
            return enforce_roles()  # outside a guarded blueprint: no other guard follows
        return None

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static" and _signed_in():
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        return response

    @app.teardown_request
    def end_write_intent(exc):
        set_write_intent(False)


def guard_blueprint(bp: Blueprint, roles: Access) -> None:
    """Declare the roles every endpoint of the blueprint needs (ENDPOINT_ROLES holds the
    exceptions) and check them before any of its views runs."""
    BLUEPRINT_ROLES[bp.name] = roles
    bp.before_request(enforce_roles)


def enforce_roles():
    """Let the request through when the user's role may use the endpoint: anonymous users are
    sent to the login page, other roles get 403."""
    allowed = roles_for(request.endpoint)
    if allowed is None:
        abort(404)
    if allowed == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in allowed:
        abort(403)
    return None


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # noqa: BLE001 - a broken database must not break the error page
        return SESSION_TOKEN_KEY in session
