"""Loading the object a URL names, or 404: one home for each kind, shared by the views.

An organiser loads only the objects of the organisations they act within (the admin: all);
anything else is a 404, as if it did not exist. The statements, with their scope, are
queries.scoped; here they run for the signed-in user. Entrants and judges are not bound to an
organisation: their own rules (their own entry, their own seat) stay with the views."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    Edition,
    Entry,
    EntryOrigin,
    Job,
    Judge,
    NationalPick,
    Objection,
    Organisation,
    OrganisationKind,
    OutboxMail,
    RankingRow,
    RankingRun,
    ResultPublication,
    ScoreSheet,
    Unit,
    User,
)
from contest.queries import scoped
from contest.queries.organisations import sees_everything
from contest.services.organisations import default_organisation


def found(statement: Select):
    """The one object the statement loads, or 404."""
    return db.session.scalar(statement) or abort(404)


def load_edition(edition_id: int) -> Edition:
    """The edition with its contest, fields, criteria and award tiers, or 404."""
    return found(scoped.edition(edition_id, current_user))


def load_entry(entry_id: int) -> Entry:
    """The entry (any role: the entrant's and judge's rules are the views'), or 404."""
    return found(scoped.entry(entry_id, current_user))


def load_national_edition(edition_id: int, *, national: bool = True) -> Edition:
    """The edition if it is a national one (`national=False`: a province's), or 404."""
    kind = OrganisationKind.NATIONAL if national else OrganisationKind.PROVINCIAL
    return found(scoped.national_edition(edition_id, kind, current_user))


def load_arrival(edition_id: int, origin_id: int) -> tuple[Edition, EntryOrigin]:
    """An arrival seen from the edition of the URL: the national edition it arrived in (its
    organisers), or the province's edition its entry came from (the province's organisers,
    who may withdraw or replace it); 404 for anyone else or any other edition."""
    edition = load_edition(edition_id)
    return edition, found(scoped.arrival(edition.id, origin_id))


def load_attachment(attachment_id: int) -> Attachment:
    return found(scoped.attachment(attachment_id, current_user))


def load_judge(judge_id: int) -> Judge:
    return found(scoped.judge(judge_id, current_user))


def load_assignment(assignment_id: int) -> Assignment:
    return found(scoped.assignment(assignment_id, current_user))


def load_sheet(sheet_id: int, *, whole: bool = False) -> ScoreSheet:
    """The score sheet (`whole`: with its entry, judge and scores), or 404."""
    return found(scoped.sheet(sheet_id, whole, current_user))


def load_run(run_id: int, *, rows: bool = False) -> RankingRun:
    """The ranking run (`rows`: with every row loaded), or 404."""
    return found(scoped.run(run_id, rows, current_user))


def load_row(row_id: int) -> RankingRow:
    return found(scoped.row(row_id, current_user))


def load_publication(publication_id: int) -> ResultPublication:
    return found(scoped.publication(publication_id, current_user))


def load_objection(objection_id: int) -> Objection:
    return found(scoped.objection(objection_id, current_user))


def load_pick(pick_id: int) -> NationalPick:
    return found(scoped.pick(pick_id, current_user))


def load_job(job_id: int) -> Job:
    """A job of the user's editions; one without an edition is its starter's and the admins'."""
    return found(scoped.job(job_id, current_user))


def load_mail(mail_id: int) -> OutboxMail:
    """A mail of the outbox the user may see (queries.outbox.mail_in_scope), or 404."""
    return found(scoped.mail(mail_id, current_user))


def load_unit(unit_id: int) -> Unit | None:
    """The unit if it is on one of the user's organisations' lists; None otherwise."""
    return db.session.scalar(scoped.unit(unit_id, current_user))


def load_user(user_id: int) -> User:
    """A person the organiser deals with (see queries.accounts.user_in_scope), or 404."""
    return found(scoped.person(user_id, current_user))


def load_organisation(code: str | None) -> Organisation:
    """The organisation the user acts within that the code names, or their first one when
    none is named; 404 when the code is not theirs or they act within none."""
    organisation = db.session.scalar(scoped.organisation(code, current_user))
    if organisation is None and not code and sees_everything(current_user):
        return default_organisation(current_user)  # an empty database gets its first one
    return organisation or abort(404)
