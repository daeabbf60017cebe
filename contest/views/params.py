"""Numbers read from the URL, bounded to what the database holds: a path id or a query
parameter of 400 digits is "not found" or ignored, never an overflow in the database."""
from __future__ import annotations

from flask import current_app, request
from werkzeug import routing

from contest.extensions import db
from contest.forms.base import MAX_DIGITS, bounded_int

MAX_PAGE = 100_000


class IntegerConverter(routing.IntegerConverter):
    """`<int:...>` in every route: at most 9 digits, so a longer id is a 404. (The name is
    werkzeug's: tests that walk the url_map tell number parts by it.)"""

    regex = rf"\d{{1,{MAX_DIGITS}}}"


def query_int(name: str, default: int | None = None) -> int | None:
    """The query parameter as a whole number, or the default when absent or malformed."""
    return request.args.get(name, default, type=bounded_int)


def paginate(query, per_page: int | None = None):
    """One page of a list (PAGE_SIZE rows unless `per_page` says): ?page= below 1 or not a
    number is the first page."""
    number = min(max(query_int("page", 1), 1), MAX_PAGE)
    return db.paginate(query, page=number, per_page=per_page or current_app.config["PAGE_SIZE"],
                       error_out=False)
