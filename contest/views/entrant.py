"""The entrant's pages."""
from __future__ import annotations

from flask import Blueprint, render_template

from contest.extensions import db
from contest.queries import open_editions

bp = Blueprint("entrant", __name__, url_prefix="/entrant")


@bp.route("/")
def dashboard():
    editions = db.session.scalars(open_editions()).all()
    return render_template("entrant/dashboard.html", editions=editions)
