"""The request owns the transaction: one commit when the view returns, a rollback on any
exception, and a refused rule (a DomainError) answered in one place — a JSON error for
scripts, the message and the page again (typed input kept) or a redirect for people."""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, flash, g, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import event

from contest.extensions import db
from contest.services import DomainError

Answer = Callable[[DomainError], ResponseReturnValue]
T = TypeVar("T")
WRITTEN = "contest.written"  # a flag in the session's info: this transaction has flushed


def init_app(app: Flask) -> None:
    """Run every view inside the request's transaction and answer its refusals."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = transactional(view)
    app.register_error_handler(DomainError, _refused)
    if not event.contains(db.session, "after_flush", _mark_written):
        event.listen(db.session, "after_flush", _mark_written)
        event.listen(db.session, "do_orm_execute", _mark_statement)


def transactional(view):
    """The view inside the request's transaction: commit when it returns, roll back if it raises."""
    @wraps(view)
    def run(*args, **kwargs):
        try:
            response = view(*args, **kwargs)
            if _written() or g.get("after_commit"):
                commit_now()
        except BaseException:
            roll_back()
            raise
        return response
    return run


def _mark_written(session, flush_context) -> None:
    session.info[WRITTEN] = True


def _mark_statement(execute_state) -> None:
    """A statement run through the session (an UPDATE of the login sessions, say) writes too."""
    if not execute_state.is_select:
        execute_state.session.info[WRITTEN] = True


def _written() -> bool:
    """Whether the request wrote anything: a page that only reads is not committed (its objects
    stay loaded for a response streamed after the view returns)."""
    session = db.session()
    return bool(session.info.get(WRITTEN) or session.new or session.dirty or session.deleted)


def commit_now() -> None:
    """Commit the request's work so far (the view's return commits the rest), then run the
    callbacks waiting for it."""
    db.session.commit()
    db.session.info.pop(WRITTEN, None)
    callbacks, g.after_commit = g.get("after_commit", []), []
    for callback in callbacks:
        callback()


def roll_back() -> None:
    """Forget the request's uncommitted work (a preview, a refusal) and its after-commit calls."""
    db.session.rollback()
    db.session.info.pop(WRITTEN, None)
    g.after_commit = []


def forget_failed() -> None:
    """roll_back after a failed read of a probe (readiness, metrics): the database that failed
    may not even roll back, and the probe reports rather than raises."""
    with contextlib.suppress(Exception):
        roll_back()


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` (an e-mail, say) only once the request's writes are committed."""
    g.setdefault("after_commit", []).append(callback)


def attempt(call: Callable[..., T], *args, **kwargs) -> tuple[T | None, DomainError | None]:
    """Run `call` and hand back (its result, None) or (None, its refusal): for a view that goes
    on after a refusal (a form gathering every problem, the dossier's save → upload → submit).
    The caller then calls `roll_back`, or `commit_now` on success to keep the step."""
    try:
        return call(*args, **kwargs), None
    except DomainError as error:
        return None, error


def on_refusal(answer: Answer) -> None:
    """Say how this request answers a refusal, after the rollback (see `back_to`, `page_again`)."""
    g.refusal_answer = answer


def show(error: DomainError, at=None, category: str = "danger") -> None:
    """The refusal's message at a form field, or as a flash."""
    if at is not None:
        at.errors = [*at.errors, str(error)]
    else:
        flash(str(error), category)


def back_to(url: str, category: str = "danger") -> Answer:
    """Answer a refusal with its message and a redirect to `url`."""
    def answer(error: DomainError):
        show(error, category=category)
        return redirect(url)
    return answer


def page_again(render: Callable[[], ResponseReturnValue], at=None) -> Answer:
    """Answer a refusal with the page rendered again (the bound form keeps the typed input),
    the message at field `at` or as a flash."""
    def answer(error: DomainError):
        show(error, at)
        return render()
    return answer


def wants_json() -> bool:
    """A script's request: it asked for JSON rather than a page."""
    return (request.headers.get("X-Requested-With") == "XMLHttpRequest"
            or request.accept_mimetypes.best == "application/json")


def _refused(error: DomainError):
    roll_back()
    answer = g.pop("refusal_answer", None)
    if answer is not None:
        return answer(error)
    if wants_json():
        return jsonify(ok=False, message=str(error)), 400
    show(error)
    back = urlsplit(request.referrer or "")
    return redirect(back.geturl() if back.netloc == request.host else url_for("public.home"))
