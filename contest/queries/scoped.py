"""The statement that loads the object a URL names, limited for an organiser to the
organisations they act within (the admin: all): the condition is part of the one statement,
so scope costs none. Entrants and judges are not bound to an organisation here: their own
rules (their own entry, their own seat) stay with the views. views.loaders runs them."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, or_, select, true

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
    Role,
    ScoreSheet,
    Unit,
    User,
)
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


def limited(statement: Select, edition_id: ColumnElement, viewer: User) -> Select:
    """The statement, limited for an organiser to the editions of their organisations."""
    if viewer.role in (Role.ORGANIZER, Role.ADMIN):  # permissions.ORGANIZERS (a layer up)
        statement = statement.where(edition_in_scope(edition_id, viewer))
    return statement


def edition(edition_id: int, viewer: User) -> Select:
    return limited(edition_with_setup(edition_id), Edition.id, viewer)


def entry(entry_id: int, viewer: User) -> Select:
    return limited(select(Entry).where(Entry.id == entry_id), Entry.edition_id, viewer)


def national_edition(edition_id: int, kind: OrganisationKind, viewer: User) -> Select:
    return limited(edition_with_setup(edition_id).where(edition_of_kind(Edition.id, kind)),
                   Edition.id, viewer)


def arrival(edition_id: int, origin_id: int) -> Select:
    """An arrival seen from an edition: the national edition it arrived in, or the province's
    edition its entry came from."""
    return select(EntryOrigin).where(EntryOrigin.id == origin_id, or_(
        EntryOrigin.national_edition_id == edition_id,
        EntryOrigin.origin_entry_id.in_(select(Entry.id).where(Entry.edition_id == edition_id))))


def attachment(attachment_id: int, viewer: User) -> Select:
    return limited(select(Attachment).join(Attachment.entry)
                   .where(Attachment.id == attachment_id), Entry.edition_id, viewer)


def judge(judge_id: int, viewer: User) -> Select:
    return limited(select(Judge).where(Judge.id == judge_id), Judge.edition_id, viewer)


def assignment(assignment_id: int, viewer: User) -> Select:
    return limited(select(Assignment).join(Assignment.judge)
                   .where(Assignment.id == assignment_id), Judge.edition_id, viewer)


def sheet(sheet_id: int, whole: bool, viewer: User) -> Select:
    statement = score_sheet(sheet_id) if whole else select(ScoreSheet).where(
        ScoreSheet.id == sheet_id)
    return limited(statement.join(ScoreSheet.assignment).join(Assignment.judge),
                   Judge.edition_id, viewer)


def run(run_id: int, rows: bool, viewer: User) -> Select:
    return limited(ranking_run(run_id) if rows else run_header(run_id), RankingRun.edition_id,
                   viewer)


def row(row_id: int, viewer: User) -> Select:
    return limited(select(RankingRow).join(RankingRow.run).where(RankingRow.id == row_id),
                   RankingRun.edition_id, viewer)


def publication(publication_id: int, viewer: User) -> Select:
    return limited(select(ResultPublication).where(ResultPublication.id == publication_id),
                   ResultPublication.edition_id, viewer)


def objection(objection_id: int, viewer: User) -> Select:
    return limited(select(Objection).join(Objection.entry).where(Objection.id == objection_id),
                   Entry.edition_id, viewer)


def pick(pick_id: int, viewer: User) -> Select:
    return limited(select(NationalPick).where(NationalPick.id == pick_id),
                   NationalPick.edition_id, viewer)


def job(job_id: int, viewer: User) -> Select:
    """A job of the viewer's editions; one without an edition is its starter's and the
    admins'."""
    own = true() if sees_everything(viewer) else Job.user_id == viewer.id
    return select(Job).where(Job.id == job_id, or_(
        and_(Job.edition_id.is_(None), own),
        and_(Job.edition_id.is_not(None), edition_in_scope(Job.edition_id, viewer))))


def mail(mail_id: int, viewer: User) -> Select:
    return select(OutboxMail).where(OutboxMail.id == mail_id, mail_in_scope(viewer))


def unit(unit_id: int, viewer: User) -> Select:
    return select(Unit).where(Unit.id == unit_id, in_scope(Unit.organisation_id, viewer))


def person(user_id: int, viewer: User) -> Select:
    return select(User).where(User.id == user_id, user_in_scope(User.id, viewer))


def organisation(code: str | None, viewer: User) -> Select:
    """The viewer's organisation the code names, or their first one when none is named."""
    statement = select(Organisation).where(in_scope(Organisation.id, viewer)).order_by(
        Organisation.kind, Organisation.id).limit(1)
    return statement.where(Organisation.code == code) if code else statement
