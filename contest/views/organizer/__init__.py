"""The organising committee's blueprint; its routes live in one module per area."""
from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from contest.views.organizer import (  # noqa: E402,F401  (registers the routes)
    attachments,
    audit,
    editions,
    imports,
    intake,
    judges,
    judging,
    national,
    publication,
    results,
    score_imports,
    users,
)
