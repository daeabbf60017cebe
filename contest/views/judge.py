"""The judge's pages."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("judge", __name__, url_prefix="/judge")


@bp.route("/")
def dashboard():
    return render_template("judge/dashboard.html")
