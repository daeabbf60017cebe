"""Uploads kept in the database between preview and confirmation: taken once, by their
uploader, for their kind and edition, never after an hour."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from contest import clock
from contest.database import writing
from contest.extensions import db
from contest.imports import storage
from contest.models import Edition, ImportFile, Role, User
from tests import factories


def kept(app, data: bytes = "title\nMáy\n".encode(), name: str = "hồ sơ.csv"):
    """An organiser, an edition and the organiser's kept upload: (token, user id, edition id)."""
    with app.app_context(), writing():
        user = factories.make_user(Role.ORGANIZER, email="btc@example.vn")
        edition = factories.make_edition()
        token = storage.stash(data=data, name=name, kind="entries", edition=edition, user=user)
        db.session.commit()
        return token, user.id, edition.id


def claim(app, token: str, user_id: int | None, edition_id: int, kind: str = "entries"):
    with app.app_context(), writing():
        user = db.session.get(User, user_id) if user_id else None
        edition = db.session.get(Edition, edition_id)
        found = storage.claim(token, kind=kind, edition=edition, user=user)
        result = (found.data, found.file_name) if found is not None else None
        db.session.commit()
        return result


def test_an_upload_is_claimed_once_with_its_name(app):
    token, user_id, edition_id = kept(app)
    assert storage.TOKEN.fullmatch(token)
    assert claim(app, token, user_id, edition_id) == ("title\nMáy\n".encode(), "hồ sơ.csv")
    assert claim(app, token, user_id, edition_id) is None


def test_only_the_uploader_claims_it_for_its_kind_and_edition(app):
    token, user_id, edition_id = kept(app)
    with app.app_context():
        other = factories.make_user(Role.ORGANIZER, email="khac@example.vn")
        other_edition = factories.make_edition()
        db.session.commit()
        other_id, other_edition_id = other.id, other_edition.id
    assert claim(app, token, other_id, edition_id) is None
    assert claim(app, token, None, edition_id) is None
    assert claim(app, token, user_id, other_edition_id) is None
    assert claim(app, token, user_id, edition_id, kind="scores") is None
    assert claim(app, token, user_id, edition_id) is not None  # still there for its owner


def test_two_claims_at_once_give_the_file_to_one(app):
    token, user_id, edition_id = kept(app)
    results = []
    start = threading.Barrier(4)

    def take():
        start.wait()
        results.append(claim(app, token, user_id, edition_id))
    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result is not None for result in results) == [False, False, False, True]


def test_forged_tokens_reach_no_file(app):
    token, user_id, edition_id = kept(app)
    for forged in ("../secret_key", "secret_key", "A" * 32, "", "0" * 31, token.upper(),
                   token[:-1] + "%"):
        assert claim(app, forged, user_id, edition_id) is None
    assert claim(app, token, user_id, edition_id) is not None


def test_uploads_older_than_an_hour_are_refused_and_purged(app):
    old, user_id, edition_id = kept(app, b"old", "a.csv")
    with app.app_context(), writing():
        db.session.execute(update(ImportFile).values(
            created_at=clock.now() - storage.MAX_AGE - timedelta(minutes=1)))
        db.session.commit()
    assert claim(app, old, user_id, edition_id) is None
    with app.app_context(), writing():
        user = db.session.get(User, user_id)
        edition = db.session.get(Edition, edition_id)
        fresh = storage.stash(data=b"fresh", name="c.csv", kind="entries", edition=edition,
                              user=user)  # each upload purges the stale ones
        db.session.commit()
        assert list(db.session.scalars(select(ImportFile.token))) == [fresh]
        assert db.session.scalar(select(func.count()).select_from(ImportFile)) == 1
