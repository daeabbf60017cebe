"""The judge's blueprint; its routes live in one module per area."""
from flask import Blueprint

bp = Blueprint("judge", __name__, url_prefix="/judge")

from contest.views.judge import queue, sheet  # noqa: E402,F401  (registers the routes)
