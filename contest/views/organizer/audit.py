"""Organiser pages: the audit log and its export."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from contest.exports import csv_bytes, download
from contest.exports.audit import HEADERS as AUDIT_HEADERS
from contest.exports.audit import audit_rows
from contest.extensions import db
from contest.forms.users import AuditFilterForm
from contest.queries.audit import audit_events
from contest.views.organizer import bp
from contest.views.params import paginate

AUDIT_EXPORT_LIMIT = 100_000


@bp.route("/audit")
def audit_log():
    filters = AuditFilterForm(request.args)
    query = audit_events(viewer=current_user, **_audit_filters(filters))
    page = paginate(query)
    return render_template("organizer/audit.html", page=page, filters=filters)


@bp.route("/audit.csv")
def audit_export():
    filters = AuditFilterForm(request.args)
    events = db.session.scalars(audit_events(viewer=current_user, **_audit_filters(filters))
                                .limit(AUDIT_EXPORT_LIMIT))
    data = csv_bytes(AUDIT_HEADERS, audit_rows(events))
    return download(data, filename="nhat-ky-thao-tac.csv", mimetype="text/csv")


def _audit_filters(form: AuditFilterForm) -> dict:
    form.validate()  # a malformed filter is dropped, the others apply
    return {"action": form.action.data, "object_type": form.object_type.data,
            "actor": form.actor.data, "date_from": form.date_from.data,
            "date_to": form.date_to.data}

