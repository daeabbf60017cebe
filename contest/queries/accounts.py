"""Query builders for user accounts."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from contest.models import (
    Role,
    User,
)
from contest.text import fold


def users_list(*, q: str | None = None, role: str | None = None) -> Select:
    query = select(User).options(joinedload(User.unit)).order_by(User.role, User.full_name)
    if role:
        query = query.where(User.role == Role(role))
    if q:
        query = query.where(User.search_name.contains(fold(q)))
    return query
