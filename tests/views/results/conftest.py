"""The organiser results tests' people and their scored edition."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import Role
from tests import factories
from tests.views.results.world import ENTRANT, JUDGE, ORGANISER, scored


@pytest.fixture
def people(app):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER, full_name="Lê Văn Tổ Chức")
        factories.make_user(Role.ENTRANT, email=ENTRANT)
        factories.make_user(Role.JUDGE, email=JUDGE)
        db.session.commit()


@pytest.fixture
def edition(app, people):
    return scored(app)
