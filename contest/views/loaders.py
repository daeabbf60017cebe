"""Loading the object a URL names, or 404: one home for each kind, shared by the views.

An organiser loads only the objects of the organisations they act within (the admin: all);
anything else is a 404, as if it did not exist. The condition is part of the one statement
that loads the object (queries.organisations), so scope costs no statement. Entrants and
judges are not bound to an organisation: their own rules (their own entry, their own seat)
stay with the views."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, or_, select, true

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
from contest.permissions import ORGANIZERS
from contest.queries.accounts import user_in_scope
from contest.queries.editions import edition_with_setup
from contest.queries.judging import score_sheet
from contest.queries.organisations import (
    edition_in_scope,
    edition_of_kind,
    in_scope,
    sees_everything,
)
from contest.queries.outbox import mail_in_scope
from contest.queries.rankings import ranking_run, run_header
from contest.services.organisations import default_organisation


def scoped_one(statement: Select, edition_id: ColumnElement):
    """The one object the statement loads, limited for an organiser to their editions; 404."""
    if current_user.role in ORGANIZERS:
        statement = statement.where(edition_in_scope(edition_id, current_user))
    return db.session.scalar(statement) or abort(404)


def load_edition(edition_id: int) -> Edition:
    """The edition with its contest, fields, criteria and award tiers, or 404."""
    return scoped_one(edition_with_setup(edition_id), Edition.id)


def load_entry(entry_id: int) -> Entry:
    """The entry (any role: the entrant's and judge's rules are the views'), or 404."""
    return scoped_one(select(Entry).where(Entry.id == entry_id), Entry.edition_id)


def load_national_edition(edition_id: int, *, national: bool = True) -> Edition:
    """The edition if it is a national one (`national=False`: a province's), or 404."""
    kind = OrganisationKind.NATIONAL if national else OrganisationKind.PROVINCIAL
    return scoped_one(edition_with_setup(edition_id).where(edition_of_kind(Edition.id, kind)),
                      Edition.id)


def load_arrival(edition_id: int, origin_id: int) -> tuple[Edition, EntryOrigin]:
    """An arrival seen from the edition of the URL: the national edition it arrived in (its
    organisers), or the province's edition its entry came from (the province's organisers,
    who may withdraw or replace it); 404 for anyone else or any other edition."""
    edition = load_edition(edition_id)
    seen_from = or_(EntryOrigin.national_edition_id == edition.id,
                    EntryOrigin.origin_entry_id.in_(
                        select(Entry.id).where(Entry.edition_id == edition.id)))
    origin = db.session.scalar(select(EntryOrigin).where(EntryOrigin.id == origin_id, seen_from))
    return edition, origin or abort(404)


def load_attachment(attachment_id: int) -> Attachment:
    return scoped_one(select(Attachment).join(Attachment.entry)
                      .where(Attachment.id == attachment_id), Entry.edition_id)


def load_judge(judge_id: int) -> Judge:
    return scoped_one(select(Judge).where(Judge.id == judge_id), Judge.edition_id)


def load_assignment(assignment_id: int) -> Assignment:
    return scoped_one(select(Assignment).join(Assignment.judge)
                      .where(Assignment.id == assignment_id), Judge.edition_id)


def load_sheet(sheet_id: int, *, whole: bool = False) -> ScoreSheet:
    """The score sheet (`whole`: with its entry, judge and scores), or 404."""
    statement = score_sheet(sheet_id) if whole else select(ScoreSheet).where(
        ScoreSheet.id == sheet_id)
    return scoped_one(statement.join(ScoreSheet.assignment).join(Assignment.judge),
                      Judge.edition_id)


def load_run(run_id: int, *, rows: bool = False) -> RankingRun:
    """The ranking run (`rows`: with every row loaded), or 404."""
    return scoped_one(ranking_run(run_id) if rows else run_header(run_id),
                      RankingRun.edition_id)


def load_row(row_id: int) -> RankingRow:
    return scoped_one(select(RankingRow).join(RankingRow.run)
                      .where(RankingRow.id == row_id), RankingRun.edition_id)


def load_publication(publication_id: int) -> ResultPublication:
    return scoped_one(select(ResultPublication).where(ResultPublication.id == publication_id),
                      ResultPublication.edition_id)


def load_objection(objection_id: int) -> Objection:
    return scoped_one(select(Objection).join(Objection.entry)
                      .where(Objection.id == objection_id), Entry.edition_id)


def load_pick(pick_id: int) -> NationalPick:
    return scoped_one(select(NationalPick).where(NationalPick.id == pick_id),
                      NationalPick.edition_id)


def load_job(job_id: int) -> Job:
    """A job of the user's editions; one without an edition is its starter's and the admins'."""
    own = true() if sees_everything(current_user) else Job.user_id == current_user.id
    return db.session.scalar(select(Job).where(Job.id == job_id, or_(
        and_(Job.edition_id.is_(None), own),
        and_(Job.edition_id.is_not(None), edition_in_scope(Job.edition_id, current_user))))
    ) or abort(404)


def load_mail(mail_id: int) -> OutboxMail:
    """A mail of the outbox the user may see (queries.outbox.mail_in_scope), or 404."""
    return db.session.scalar(select(OutboxMail).where(
        OutboxMail.id == mail_id, mail_in_scope(current_user))) or abort(404)


def load_unit(unit_id: int) -> Unit | None:
    """The unit if it is on one of the user's organisations' lists; None otherwise."""
    return db.session.scalar(select(Unit).where(
        Unit.id == unit_id, in_scope(Unit.organisation_id, current_user)))


def load_user(user_id: int) -> User:
    """A person the organiser deals with (see queries.accounts.user_in_scope), or 404."""
    return db.session.scalar(select(User).where(
        User.id == user_id, user_in_scope(User.id, current_user))) or abort(404)


def load_organisation(code: str | None) -> Organisation:
    """The organisation the user acts within that the code names, or their first one when
    none is named; 404 when the code is not theirs or they act within none."""
    statement = select(Organisation).where(in_scope(Organisation.id, current_user)).order_by(
        Organisation.kind, Organisation.id).limit(1)
    if code:
        statement = statement.where(Organisation.code == code)
    found = db.session.scalar(statement)
    if found is None and not code and sees_everything(current_user):
        return default_organisation(current_user)  # an empty database gets its first one
    return found or abort(404)
