"""Query builders for user accounts."""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import Edition, Judge, Role, User
from contest.text import fold


def users_list(*, q: str | None = None, role: str | None = None) -> Select:
    query = select(User).options(joinedload(User.unit)).order_by(User.role, User.full_name)
    if role:
        query = query.where(User.role == Role(role))
    if q:
        query = query.where(User.search_name.contains(fold(q)))
    return query


def role_counts() -> dict[Role, int]:
    """Accounts per role, in one grouped query."""
    return dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())


def edition_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Edition))


def judge_names(judge_ids: list[int]) -> dict[int, str]:
    """The full names of these judges' accounts, in one query."""
    if not judge_ids:
        return {}
    return dict(db.session.execute(select(Judge.id, User.full_name).join(Judge.user)
                                   .where(Judge.id.in_(judge_ids))).all())
