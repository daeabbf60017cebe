"""Loading the object a URL names, or 404: one home for each, shared by the views."""
from __future__ import annotations

from flask import abort

from contest.extensions import db
from contest.models import Edition
from contest.queries.editions import edition_with_setup


def load_edition(edition_id: int) -> Edition:
    """The edition with its contest, fields, criteria and award tiers, or 404."""
    return db.session.scalar(edition_with_setup(edition_id)) or abort(404)
