"""The entrant's home: their dossiers and the editions open for submission."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from contest.extensions import db
from contest.forms.dossier import NewEntryForm
from contest.queries.editions import open_editions
from contest.queries.entries import my_entries
from contest.views.entrant import bp
from contest.views.entrant.results import dashboard_results


@bp.route("/")
def dashboard():
    entries = db.session.scalars(my_entries(current_user)).all()
    editions = db.session.scalars(open_editions()).all()
    return render_template("entrant/dashboard.html", entries=entries, editions=editions,
                           results=dashboard_results(entries), new_entry_form=NewEntryForm.fresh())
