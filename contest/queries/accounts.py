"""Query builders for user accounts."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, or_, select, true, union
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import Contest, Edition, Entry, Judge, Membership, Role, User
from contest.queries.organisations import (
    in_scope,
    scoped_edition_ids,
    sees_everything,
)
from contest.text import fold


def user_in_scope(user_id: ColumnElement, viewer: User) -> ColumnElement[bool]:
    """The people an organiser deals with: members of their organisations, judges seated in
    and entrants with a dossier in their editions, and the accounts tied to no organisation
    yet (a new entrant, an invited judge: entrant accounts are global); not the people of
    other organisations only. The admin deals with everyone."""
    if sees_everything(viewer):
        return true()
    editions = scoped_edition_ids(viewer)
    tied = union(select(Membership.user_id), select(Judge.user_id),
                 select(Entry.owner_id).where(Entry.owner_id.is_not(None)))
    return or_(user_id.in_(union(
        select(Membership.user_id).where(in_scope(Membership.organisation_id, viewer)),
        select(Judge.user_id).where(Judge.edition_id.in_(editions)),
        select(Entry.owner_id).where(Entry.edition_id.in_(editions),
                                     Entry.owner_id.is_not(None)))),
        user_id.not_in(tied))


def users_list(viewer: User, *, q: str | None = None, role: str | None = None) -> Select:
    """The accounts the viewer deals with, by role and name; their unit loaded."""
    query = (select(User).options(joinedload(User.unit)).where(user_in_scope(User.id, viewer))
             .order_by(User.role, User.full_name))
    if role:
        query = query.where(User.role == Role(role))
    if q:
        query = query.where(User.search_name.contains(fold(q)))
    return query


def role_counts(viewer: User) -> dict[Role, int]:
    """Accounts the viewer deals with, per role, in one grouped query."""
    return dict(db.session.execute(select(User.role, func.count())
                                   .where(user_in_scope(User.id, viewer))
                                   .group_by(User.role)).all())


def edition_count(viewer: User) -> int:
    """The editions of the viewer's organisations."""
    return db.session.scalar(select(func.count()).select_from(Edition).join(Edition.contest)
                             .where(in_scope(Contest.organisation_id, viewer)))


def judge_names(judge_ids: list[int]) -> dict[int, str]:
    """The full names of these judges' accounts, in one query."""
    if not judge_ids:
        return {}
    return dict(db.session.execute(select(Judge.id, User.full_name).join(Judge.user)
                                   .where(Judge.id.in_(judge_ids))).all())
