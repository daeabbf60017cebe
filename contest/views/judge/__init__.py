"""The judge's blueprint; its routes live in one module per area."""
from flask import Blueprint

from contest.permissions import JUDGES
from contest.security import guard_blueprint

bp = Blueprint("judge", __name__, url_prefix="/judge")
guard_blueprint(bp, JUDGES)

from contest.views.judge import queue, sheet  # noqa: E402,F401  (registers the routes)
