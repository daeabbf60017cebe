"""The entrant's published result (entry page and dashboard) and objections to it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.extensions import db
from contest.forms.objections import ObjectionForm
from contest.models import Entry
from contest.queries.results import entry_objections
from contest.services.objections import file_objection, objections_open
from contest.services.publication import Result, visible_result
from contest.views.entrant import bp
from contest.views.loaders import load_entry
from contest.views.transaction import back_to, on_refusal


def result_context(entry: Entry) -> dict[str, Any]:
    """What the entry page's result panel needs; nothing at all before publication."""
    result = visible_result(entry)
    if result is None:
        return {"result": None}
    can_object = objections_open(entry.edition, clock.now())
    return {
        "result": result,
        "objections": db.session.scalars(entry_objections(entry.id)).all(),
        "objection_form": ObjectionForm() if can_object else None,
    }


def dashboard_results(entries: Iterable[Entry]) -> dict[int, Result]:
    """Published results of the entrant's entries, by entry id (unpublished ones cost no query:
    visible_result looks at the edition's phase first)."""
    results = ((entry.id, visible_result(entry)) for entry in entries)
    return {entry_id: result for entry_id, result in results if result is not None}


@bp.route("/entries/<int:entry_id>/objections", methods=["POST"], endpoint="file_objection")
def object_to_result(entry_id: int):
    entry = load_entry(entry_id)
    if entry.owner_id != current_user.id or visible_result(entry) is None:
        abort(404)
    back = url_for("entrant.entry", entry_id=entry.id, _anchor="result")
    on_refusal(back_to(back))
    form = ObjectionForm()
    if not form.validate_on_submit():
        flash(next(error for errors in form.errors.values() for error in errors), "danger")
        return redirect(back)
    file_objection(entry=entry, actor=current_user, reason=form.reason.data, now=clock.now())
    flash(_("Đã gửi khiếu nại. Ban tổ chức sẽ trả lời trên trang này."), "success")
    return redirect(back)
