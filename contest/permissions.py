"""Who may do what: the roles of each endpoint and can_<verb>(user, obj) predicates.

Every endpoint's roles are its blueprint's (BLUEPRINT_ROLES) unless ENDPOINT_ROLES names an
exception; roles_for gives the effective roles. The security layer enforces them before any
view runs (anonymous users are sent to the login page, other roles get 403; an endpoint with
no roles is refused), and a test walks app.url_map so that an undeclared endpoint fails.
Object-level checks (404 for objects a user may not know about) stay in the views.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AttachmentKind,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Phase,
    Role,
    User,
)

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = frozenset(Role)
ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN})
ENTRANTS = frozenset({Role.ENTRANT})
ADMINS = frozenset({Role.ADMIN})
JUDGES = frozenset({Role.JUDGE})

Access = str | frozenset[Role]

# Each blueprint declares the roles of all its endpoints once (security.guard_blueprint fills
# this in when the blueprint module is imported); ENDPOINT_ROLES lists only the exceptions:
# endpoints outside any blueprint and those whose roles differ from their blueprint's.
BLUEPRINT_ROLES: dict[str, Access] = {}

ENDPOINT_ROLES: dict[str, Access] = {
    "static": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.account": SIGNED_IN,
    "organizer.close_objections": ADMINS,
}


def roles_for(endpoint: str | None) -> Access | None:
    """The effective access of an endpoint: its exception, else its blueprint's roles; None
    when neither is declared (access is refused)."""
    endpoint = endpoint or ""
    if endpoint in ENDPOINT_ROLES:
        return ENDPOINT_ROLES[endpoint]
    blueprint, dot, _view = endpoint.rpartition(".")
    return BLUEPRINT_ROLES.get(blueprint) if dot else None


def can_manage_user(user: User, other: User) -> bool:
    """Organisers manage entrants, judges and organisers; only admins manage admins."""
    if user.role == Role.ADMIN:
        return user.id != other.id
    return user.role == Role.ORGANIZER and other.role != Role.ADMIN and user.id != other.id


def can_invite_role(user: User, role: Role) -> bool:
    return user.role == Role.ADMIN or (user.role == Role.ORGANIZER and role != Role.ADMIN)


def can_force_phase(user: User) -> bool:
    """Only admins may move an edition's phase against its dates (never against the order)."""
    return user.role == Role.ADMIN


def home_endpoint(user: User) -> str:
    """Where a user lands after signing in."""
    return {
        Role.ENTRANT: "entrant.dashboard",
        Role.JUDGE: "judge.dashboard",
        Role.ORGANIZER: "organizer.dashboard",
        Role.ADMIN: "organizer.dashboard",
    }[user.role]


ORGANISER_EDIT_PHASES = frozenset({Phase.OPEN, Phase.CLOSED, Phase.SCREENING})


def can_view_entry(user: User, entry: Entry) -> bool:
    """Organisers see every dossier; an entrant only their own; a judge those assigned to them."""
    if user.role in ORGANIZERS:
        return True
    if user.role == Role.JUDGE:
        return judge_assignment(user, entry) is not None
    return user.role == Role.ENTRANT and entry.owner_id == user.id


def judge_assignment(user: User, entry: Entry) -> Assignment | None:
    """The user's assignment to this entry in the edition's current round, if any."""
    return db.session.scalar(
        select(Assignment).join(Judge).where(
            Judge.user_id == user.id, Assignment.entry_id == entry.id,
            Assignment.round == entry.edition.current_round))


def can_see_identity(user: User, entry: Entry) -> bool:
    """Names, units and photos of authors: hidden from judges of blind editions."""
    return user.role != Role.JUDGE or not entry.edition.blind_judging


def can_see_attachment(user: User, attachment: Attachment) -> bool:
    """Judges never see identity papers; in blind editions no author photo or unit stamp."""
    if not can_view_entry(user, attachment.entry):
        return False
    if user.role != Role.JUDGE:
        return True
    if attachment.kind == AttachmentKind.IDENTITY_SCAN:
        return False
    return can_see_identity(user, attachment.entry) or attachment.kind not in (
        AttachmentKind.AUTHOR_PHOTO, AttachmentKind.UNIT_CONFIRMATION)


def can_start_entry(user: User, edition: Edition) -> bool:
    """Entrants start new dossiers only while the edition is open (organisers enter paper ones
    on their own page), and never in a national edition, which the provinces feed. The
    window's dates bind the edit and the submit, not the start."""
    return (user.role == Role.ENTRANT and edition.phase == Phase.OPEN
            and not edition.contest.fed_by_provinces)


def submission_window_problem(entry: Entry, now: datetime) -> str | None:
    """Why entrants cannot submit or change this edition's dossiers now, or None."""
    edition = entry.edition
    if edition.phase != Phase.OPEN:
        return str(_l("Cuộc thi hiện không nhận hồ sơ."))
    if edition.registration_opens_at and now < edition.registration_opens_at:
        return str(_l("Cuộc thi chưa bắt đầu nhận hồ sơ."))
    if edition.submission_deadline_at and now >= edition.submission_deadline_at:
        return str(_l("Đã hết hạn nộp hồ sơ."))
    return None


def can_edit_entry(user: User, entry: Entry, now: datetime) -> bool:
    """Entrants change their dossier until the deadline; organisers until screening ends."""
    if entry.status == EntryStatus.WITHDRAWN and user.role not in ORGANIZERS:
        return False
    if user.role in ORGANIZERS:
        return entry.edition.phase in ORGANISER_EDIT_PHASES
    return can_view_entry(user, entry) and submission_window_problem(entry, now) is None
