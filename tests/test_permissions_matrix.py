"""Every can_* predicate of contest.permissions as one table: role × object state → allowed.

Each line of MATRIX is one object state; its six values are, in order, what the six users of
ROLES get. The predicates take a signed-in user (anonymous visitors are stopped by the
blueprint's role guard before any of them runs), so there is no anonymous column.
"""
from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta

import pytest

from contest import permissions
from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AttachmentKind,
    Entry,
    EntryStatus,
    Phase,
    Role,
    User,
)
from contest.services.submission import next_entry_code
from tests import factories

ROLES = ("entrant", "other entrant", "assigned judge", "other judge", "organiser", "admin")
T, F = True, False
OPENS = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 15, 8, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)

# Entries, all of "entrant" but the other's draft and the other entry, whose owner is a third
# entrant (so "other entrant" owns nothing). Open edition: OPENS..DEADLINE, blind.
# The judging editions: "assigned judge" holds the entry in the current round; "other judge"
# sits on the same panel without it; "earlier round" is assigned in round 1, now in round 2.
MATRIX: dict[str, dict[str, tuple[bool, ...]]] = {
    "can_view_entry": {
        #                          entrant other  assigned other  organiser admin
        "draft":                   (T,     F,     F,       F,     T,        T),
        "withdrawn":               (T,     F,     F,       F,     T,        T),
        "other's draft":           (F,     F,     F,       F,     T,        T),
        "judging, blind":          (T,     F,     T,       F,     T,        T),
        "judging, not blind":      (T,     F,     T,       F,     T,        T),
        "earlier round":           (T,     F,     F,       F,     T,        T),
    },
    "can_edit_entry": {  # the state, then the instant `now`
        "draft, window open":      (T,     F,     F,       F,     T,        T),
        "draft, a tick before opening": (F, F,    F,       F,     T,        T),
        "draft, at opening":       (T,     F,     F,       F,     T,        T),
        "draft, a tick before the deadline": (T, F, F,     F,     T,        T),
        "draft, at the deadline":  (F,     F,     F,       F,     T,        T),
        "submitted, window open":  (T,     F,     F,       F,     T,        T),
        "withdrawn, window open":  (F,     F,     F,       F,     T,        T),
        "other's draft, window open": (F,  F,     F,       F,     T,        T),
        "closed edition":          (F,     F,     F,       F,     T,        T),
        "screening edition":       (F,     F,     F,       F,     T,        T),
        "judging, blind":          (F,     F,     F,       F,     F,        F),
    },
    "can_start_entry": {  # the edition's phase (the open one is inside its window)
        "open edition":            (T,     T,     F,       F,     F,        F),
        "closed edition":          (F,     F,     F,       F,     F,        F),
        "screening edition":       (F,     F,     F,       F,     F,        F),
        "judging edition":         (F,     F,     F,       F,     F,        F),
    },
    "can_see_identity": {
        "judging, blind":          (T,     T,     F,       F,     T,        T),
        "judging, not blind":      (T,     T,     T,       T,     T,        T),
    },
    "can_see_attachment": {  # an attachment of this kind on the judged entry
        "blind, product photo":    (T,     F,     T,       F,     T,        T),
        "blind, description":      (T,     F,     T,       F,     T,        T),
        "blind, drawing":          (T,     F,     T,       F,     T,        T),
        "blind, author photo":     (T,     F,     F,       F,     T,        T),
        "blind, unit confirmation": (T,    F,     F,       F,     T,        T),
        "blind, identity scan":    (T,     F,     F,       F,     T,        T),
        "not blind, product photo": (T,    F,     T,       F,     T,        T),
        "not blind, author photo": (T,     F,     T,       F,     T,        T),
        "not blind, unit confirmation": (T, F,    T,       F,     T,        T),
        "not blind, identity scan": (T,    F,     F,       F,     T,        T),
        "not blind, other entry's photo": (F, F,  F,       F,     T,        T),
    },
    "can_manage_user": {  # the user managed
        "themselves":              (F,     F,     F,       F,     F,        F),
        "an entrant":              (F,     F,     F,       F,     T,        T),
        "a judge":                 (F,     F,     F,       F,     T,        T),
        "another organiser":       (F,     F,     F,       F,     T,        T),
        "another admin":           (F,     F,     F,       F,     F,        T),
    },
    "can_invite_role": {  # the role invited
        "entrant":                 (F,     F,     F,       F,     T,        T),
        "judge":                   (F,     F,     F,       F,     T,        T),
        "organizer":               (F,     F,     F,       F,     T,        T),
        "admin":                   (F,     F,     F,       F,     F,        T),
    },
    "can_force_phase": {
        "any edition":             (F,     F,     F,       F,     F,        T),
    },
}

EDIT_AT = {
    "draft, window open": ("draft", NOW),
    "draft, a tick before opening": ("draft", OPENS - TICK),
    "draft, at opening": ("draft", OPENS),
    "draft, a tick before the deadline": ("draft", DEADLINE - TICK),
    "draft, at the deadline": ("draft", DEADLINE),
    "submitted, window open": ("submitted", NOW),
    "withdrawn, window open": ("withdrawn", NOW),
    "other's draft, window open": ("other's draft", NOW),
    "closed edition": ("closed edition", NOW),
    "screening edition": ("screening edition", NOW),
    "judging, blind": ("judging, blind", NOW),
}
START_IN = {  # an entry of the edition named
    "open edition": "draft",
    "closed edition": "closed edition",
    "screening edition": "screening edition",
    "judging edition": "judging, blind",
}
KINDS = {
    "product photo": AttachmentKind.PRODUCT_PHOTO,
    "description": AttachmentKind.DESCRIPTION_PDF,
    "drawing": AttachmentKind.DRAWING,
    "author photo": AttachmentKind.AUTHOR_PHOTO,
    "unit confirmation": AttachmentKind.UNIT_CONFIRMATION,
    "identity scan": AttachmentKind.IDENTITY_SCAN,
}


@pytest.fixture(scope="module")
def world(module_app) -> dict:
    """The users, entries and attachments the table names, committed once; their ids."""
    with module_app.app_context():
        users = {
            "entrant": factories.make_user(Role.ENTRANT),
            "other entrant": factories.make_user(Role.ENTRANT),
            "assigned judge": factories.make_user(Role.JUDGE),
            "other judge": factories.make_user(Role.JUDGE),
            "organiser": factories.make_user(Role.ORGANIZER),
            "admin": factories.make_user(Role.ADMIN),
            "another organiser": factories.make_user(Role.ORGANIZER),
            "another admin": factories.make_user(Role.ADMIN),
            "a third entrant": factories.make_user(Role.ENTRANT),
        }
        owner = users["entrant"]
        open_edition = factories.make_edition(blind_judging=True)
        entries = {
            "draft": factories.make_entry(open_edition, owner=owner),
            "submitted": sent(open_edition, owner),
            "withdrawn": sent(open_edition, owner, EntryStatus.WITHDRAWN),
            "other's draft": factories.make_entry(open_edition, owner=users["a third entrant"]),
        }
        for state, phase in (("closed edition", Phase.CLOSED),
                             ("screening edition", Phase.SCREENING)):
            edition = factories.make_edition(phase=phase)
            entries[state] = sent(edition, owner)
        for state, blind, current_round in (("judging, blind", True, 1),
                                            ("judging, not blind", False, 1),
                                            ("earlier round", True, 2)):
            edition = factories.make_edition(phase=Phase.JUDGING, blind_judging=blind)
            entry = sent(edition, owner)
            assigned = factories.make_judge(edition, [edition.fields[0]],
                                            user=users["assigned judge"])
            factories.make_judge(edition, [edition.fields[0]], user=users["other judge"])
            db.session.add(Assignment(entry=entry, judge=assigned, round=1))
            edition.current_round = current_round
            entries[state] = entry
        stranger = sent(entries["judging, not blind"].edition, users["a third entrant"])
        attachments = {}
        for blindness, state in (("blind", "judging, blind"),
                                 ("not blind", "judging, not blind")):
            for name, kind in KINDS.items():
                attachments[f"{blindness}, {name}"] = attachment(entries[state], kind)
        attachments["not blind, other entry's photo"] = attachment(
            stranger, AttachmentKind.PRODUCT_PHOTO)
        open_edition.registration_opens_at, open_edition.submission_deadline_at = OPENS, DEADLINE
        db.session.commit()
        return {"users": {k: v.id for k, v in users.items()},
                "entries": {k: v.id for k, v in entries.items()},
                "attachments": {k: v.id for k, v in attachments.items()}}


def sent(edition, owner: User, status: EntryStatus = EntryStatus.SUBMITTED) -> Entry:
    """An entry of `owner` that was submitted (and then perhaps withdrawn): it has its code."""
    return factories.make_entry(edition, owner=owner, status=status, field=edition.fields[0],
                                code=next_entry_code(edition))


def attachment(entry: Entry, kind: AttachmentKind) -> Attachment:
    number = len(entry.attachments) + 1
    found = Attachment(entry=entry, kind=kind, original_name=f"{kind}.jpg",
                       stored_name=f"{entry.id}-{number}.jpg", content_type="image/jpeg",
                       size=1, sha256="0" * 64)
    db.session.add(found)
    db.session.flush()
    return found


def ask(predicate: str, user: User, state: str, world: dict) -> bool:
    """The predicate's answer for this user and the object the state names."""
    check = getattr(permissions, predicate)
    entry = lambda key: db.session.get(Entry, world["entries"][key])  # noqa: E731
    if predicate == "can_edit_entry":
        key, now = EDIT_AT[state]
        return check(user, entry(key), now)
    if predicate == "can_start_entry":
        return check(user, entry(START_IN[state]).edition)
    if predicate in ("can_view_entry", "can_see_identity"):
        return check(user, entry(state))
    if predicate == "can_see_attachment":
        return check(user, db.session.get(Attachment, world["attachments"][state]))
    if predicate == "can_manage_user":
        other = user if state == "themselves" else db.session.get(User, world["users"][{
            "an entrant": "other entrant", "a judge": "other judge"}.get(
                state, state)])
        return check(user, other)
    if predicate == "can_invite_role":
        return check(user, Role[state.upper()])
    return check(user)


CASES = [
    pytest.param(predicate, state, role, allowed, id=f"{predicate}: {state}: {role}")
    for predicate, rows in MATRIX.items()
    for state, row in rows.items()
    for role, allowed in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("predicate", "state", "role", "allowed"), CASES)
def test_permission(module_app, world, predicate, state, role, allowed):
    with module_app.app_context():
        user = db.session.get(User, world["users"][role])
        assert ask(predicate, user, state, world) is allowed


def test_the_matrix_covers_every_can_predicate():
    predicates = {name for name, value in inspect.getmembers(permissions, inspect.isfunction)
                  if name.startswith("can_") and value.__module__ == permissions.__name__}
    assert sorted(predicates) == sorted(MATRIX)
