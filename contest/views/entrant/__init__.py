"""The entrant's blueprint; its routes live in one module per area."""
from flask import Blueprint

bp = Blueprint("entrant", __name__, url_prefix="/entrant")

from contest.views.entrant import attachments, dashboard, dossier, results  # noqa: E402,F401  (registers the routes)
