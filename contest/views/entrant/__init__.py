"""The entrant's blueprint; its routes live in one module per area."""
from flask import Blueprint

from contest.permissions import ENTRANTS
from contest.security import guard_blueprint

bp = Blueprint("entrant", __name__, url_prefix="/entrant")
guard_blueprint(bp, ENTRANTS)

from contest.views.entrant import attachments, dashboard, dossier, results  # noqa: E402,F401  (registers the routes)
