"""The organising committee's blueprint; its routes live in one module per area."""
from flask import Blueprint

from contest.permissions import ORGANIZERS
from contest.security import guard_blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
guard_blueprint(bp, ORGANIZERS)

from contest.views.organizer import (  # noqa: E402,F401  (registers the routes)
    attachments,
    audit,
    charts,
    documents,
    editions,
    exports,
    imports,
    intake,
    jobs,
    judges,
    judging,
    mail,
    national,
    national_intake,
    national_packages,
    national_zip,
    publication,
    results,
    score_imports,
    users,
)
