"""The entrant's pages."""
from __future__ import annotations

from flask import render_template

from contest.extensions import db
from contest.queries import open_editions
from contest.views.entrant import bp


@bp.route("/")
def dashboard():
    editions = db.session.scalars(open_editions()).all()
    return render_template("entrant/dashboard.html", editions=editions)
