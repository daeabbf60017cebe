"""Who may do what: the endpoint access table and can_<verb>(user, obj) predicates.

Every endpoint of the application is declared in ENDPOINT_ROLES. The security layer enforces
the table before any view runs (anonymous users are sent to the login page, other roles get
403), and a test walks app.url_map so that an undeclared endpoint fails the suite.
Object-level checks (404 for objects a user may not know about) stay in the views.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AttachmentKind,
    Entry,
    EntryStatus,
    Judge,
    Phase,
    Role,
    User,
)
from contest.services.eligibility import submission_window_problem

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = frozenset(Role)
ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN})
ENTRANTS = frozenset({Role.ENTRANT})
ADMINS = frozenset({Role.ADMIN})
JUDGES = frozenset({Role.JUDGE})

ENDPOINT_ROLES: dict[str, str | frozenset[Role]] = {
    "static": PUBLIC,
    "public.home": PUBLIC,
    "public.edition": PUBLIC,
    "public.results": PUBLIC,
    "public.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.register": PUBLIC,
    "auth.verify_email": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.accept_invitation": PUBLIC,
    "auth.account": SIGNED_IN,
    "entrant.dashboard": ENTRANTS,
    "entrant.new_entry": ENTRANTS,
    "entrant.entry": ENTRANTS,
    "entrant.edit_entry": ENTRANTS,
    "entrant.submit": ENTRANTS,
    "entrant.withdraw": ENTRANTS,
    "entrant.print_entry": ENTRANTS,
    "entrant.upload_attachment": ENTRANTS,
    "entrant.delete_attachment": ENTRANTS,
    "entrant.file_objection": ENTRANTS,
    "judge.dashboard": JUDGES,
    "judge.score": JUDGES,
    "judge.autosave": JUDGES,
    "judge.recuse_assignment": JUDGES,
    "organizer.dashboard": ORGANIZERS,
    "organizer.entries": ORGANIZERS,
    "organizer.entry": ORGANIZERS,
    "organizer.screen": ORGANIZERS,
    "organizer.screen_many": ORGANIZERS,
    "organizer.new_paper_entry": ORGANIZERS,
    "organizer.edit_entry": ORGANIZERS,
    "organizer.submit_entry": ORGANIZERS,
    "organizer.users": ORGANIZERS,
    "organizer.invite_user": ORGANIZERS,
    "organizer.set_user_active": ORGANIZERS,
    "organizer.audit_log": ORGANIZERS,
    "organizer.audit_export": ORGANIZERS,
    "organizer.import_entries": ORGANIZERS,
    "organizer.import_template": ORGANIZERS,
    "organizer.import_scores": ORGANIZERS,
    "organizer.judges": ORGANIZERS,
    "organizer.judge_panels": ORGANIZERS,
    "organizer.remove_judge": ORGANIZERS,
    "organizer.import_judges": ORGANIZERS,
    "organizer.upload_attachment": ORGANIZERS,
    "organizer.delete_attachment": ORGANIZERS,
    "files.attachment": SIGNED_IN,
    "files.thumbnail": SIGNED_IN,
    "organizer.editions": ORGANIZERS,
    "organizer.create_edition": ORGANIZERS,
    "organizer.edition_settings": ORGANIZERS,
    "organizer.set_edition_phase": ORGANIZERS,
    "organizer.judging": ORGANIZERS,
    "organizer.assign_judges": ORGANIZERS,
    "organizer.remind_judge": ORGANIZERS,
    "organizer.paper_sheets": ORGANIZERS,
    "organizer.sheet": ORGANIZERS,
    "organizer.reopen_sheet": ORGANIZERS,
    "organizer.add_assignment": ORGANIZERS,
    "organizer.swap_assignment": ORGANIZERS,
    "organizer.remove_assignment": ORGANIZERS,
    "organizer.results": ORGANIZERS,
    "organizer.run_ranking": ORGANIZERS,
    "organizer.ranking_run": ORGANIZERS,
    "organizer.mark_provisional": ORGANIZERS,
    "organizer.override_award": ORGANIZERS,
    "organizer.compare_runs": ORGANIZERS,
    "organizer.advance_round": ORGANIZERS,
    "organizer.publish_provisional": ORGANIZERS,
    "organizer.publish_final": ORGANIZERS,
    "organizer.objections": ORGANIZERS,
    "organizer.close_objections": ADMINS,
    "organizer.publish_version": ORGANIZERS,
    "organizer.publication_version": ORGANIZERS,
    "organizer.answer_objection": ORGANIZERS,
    "organizer.national": ORGANIZERS,
    "organizer.propose_national": ORGANIZERS,
    "organizer.add_pick": ORGANIZERS,
    "organizer.remove_pick": ORGANIZERS,
    "organizer.lock_national": ORGANIZERS,
    "organizer.ranking_report": ORGANIZERS,
    "organizer.certificates": ORGANIZERS,
    "organizer.export": ORGANIZERS,
    "organizer.export_judge_sheet": ORGANIZERS,
    "organizer.national_zip": ORGANIZERS,
    "organizer.charts": ORGANIZERS,
}


def roles_for(endpoint: str | None) -> str | frozenset[Role] | None:
    """The declared access of an endpoint; None when it is not declared (access is refused)."""
    return ENDPOINT_ROLES.get(endpoint or "")


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


def can_edit_entry(user: User, entry: Entry, now: datetime) -> bool:
    """Entrants change their dossier until the deadline; organisers until screening ends."""
    if entry.status == EntryStatus.WITHDRAWN and user.role not in ORGANIZERS:
        return False
    if user.role in ORGANIZERS:
        return entry.edition.phase in ORGANISER_EDIT_PHASES
    return can_view_entry(user, entry) and submission_window_problem(entry, now) is None
