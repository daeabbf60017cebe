"""The WSGI app make bench runs under gunicorn: contest's own app on the bench's database, plus
one bench-only endpoint that inserts one audit row (the floor for the judge's autosave).

Settings come from BENCH_FOLDER and BENCH_DATABASE_URI; CSRF stays on, as in production.
The endpoint sits behind the same guard as the judge's pages (a signed-in judge), so both
pay the same session lookup; only the work of the view differs.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, jsonify
from flask_login import current_user

from bench.world import bench_config
from contest import create_app
from contest.database import writing
from contest.extensions import db
from contest.models import AuditEvent
from contest.permissions import JUDGES
from contest.security import guard_blueprint

bare = Blueprint("bench_bare", __name__, url_prefix="/bench")
guard_blueprint(bare, JUDGES)


@bare.route("/insert", methods=["POST"])
def insert_one():
    """One INSERT and its commit, nothing else."""
    with writing():
        event = AuditEvent(actor_id=current_user.id, action="bench.insert",
                           object_type="bench", object_id=None)
        db.session.add(event)
        db.session.commit()
    return jsonify(ok=True)


def make_app():
    config = bench_config(Path(os.environ["BENCH_FOLDER"]), os.environ["BENCH_DATABASE_URI"])
    config.update(TESTING=False, WTF_CSRF_ENABLED=True)
    app = create_app(config)
    app.register_blueprint(bare)
    return app


app = make_app() if "BENCH_FOLDER" in os.environ else None
