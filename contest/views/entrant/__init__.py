"""The entrant's blueprint; its routes live in one module per area."""
from flask import Blueprint

from contest.permissions import ENTRANTS
from contest.security import guard_blueprint
from contest.views.arrival import note_arrival

bp = Blueprint("entrant", __name__, url_prefix="/entrant")
bp.before_request(note_arrival)  # first, before the guard's session lookup
guard_blueprint(bp, ENTRANTS)

from contest.views.entrant import attachments, dashboard, dossier, results  # noqa: E402,F401  (registers the routes)
