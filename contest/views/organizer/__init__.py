"""The organising committee's blueprint; its routes live in one module per area."""
from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from contest.views.organizer import (  # noqa: E402,F401  (registers the routes)
    attachments,
    audit,
    charts,
    documents,
    editions,
    exports,
    imports,
    intake,
    judges,
    judging,
    national,
    national_zip,
    publication,
    results,
    score_imports,
    users,
)
