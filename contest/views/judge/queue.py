"""The judge's queue: assigned entries with progress."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from contest.extensions import db
from contest.models import SheetStatus
from contest.queries.judging import judge_queue
from contest.views.judge import bp


@bp.route("/")
def dashboard():
    assignments = db.session.scalars(judge_queue(current_user)).unique().all()
    done = sum(1 for a in assignments if a.sheet and a.sheet.status == SheetStatus.FINAL)
    return render_template("judge/dashboard.html", assignments=assignments, done=done)
