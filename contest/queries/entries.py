"""Query builders for entries: the organiser's list, an entrant's dossiers, counts."""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from contest.extensions import db
from contest.models import Author, Edition, Entry, EntryStatus, Screening, User
from contest.text import fold


def my_entries(user: User) -> Select:
    return (select(Entry).where(Entry.owner_id == user.id)
            .options(joinedload(Entry.edition).joinedload(Edition.contest),
                     joinedload(Entry.field))
            .order_by(Entry.created_at.desc()))


# Filters of the organiser's entries list: status names as the list shows them.
ENTRY_FILTERS = {
    "draft": (Entry.status == EntryStatus.DRAFT,),
    "submitted": (Entry.status == EntryStatus.SUBMITTED,),
    "pending": (Entry.status == EntryStatus.SUBMITTED, Entry.screening == Screening.PENDING),
    "eligible": (Entry.status == EntryStatus.SUBMITTED, Entry.screening == Screening.ELIGIBLE),
    "ineligible": (Entry.status == EntryStatus.SUBMITTED,
                   Entry.screening == Screening.INELIGIBLE),
    "withdrawn": (Entry.status == EntryStatus.WITHDRAWN,),
}


def edition_entries(edition_id: int, *, field_id: int | None = None, status: str | None = None,
                    unit_id: int | None = None, q: str | None = None) -> Select:
    """The organiser's entries list: filters, diacritics-insensitive search, eager loading."""
    query = (select(Entry).where(Entry.edition_id == edition_id)
             .options(joinedload(Entry.field), joinedload(Entry.owner),
                      selectinload(Entry.authors).joinedload(Author.unit))
             .order_by(Entry.code.is_(None), Entry.code, Entry.id))
    if field_id:
        query = query.where(Entry.field_id == field_id)
    if status in ENTRY_FILTERS:
        query = query.where(*ENTRY_FILTERS[status])
    if unit_id:
        query = query.where(Entry.authors.any(Author.unit_id == unit_id))
    for word in fold(q or "").split():
        query = query.where(Entry.search_text.contains(word, autoescape=True))
    return query


def entry_counts(edition_id: int) -> dict[tuple[int | None, str], int]:
    """Entries per (field id, list status) in one grouped query."""
    rows = db.session.execute(
        select(Entry.field_id, Entry.status, Entry.screening, func.count())
        .where(Entry.edition_id == edition_id)
        .group_by(Entry.field_id, Entry.status, Entry.screening)).all()
    counts: dict[tuple[int | None, str], int] = {}
    for field_id, status, screening, number in rows:
        label = screening.value if status == EntryStatus.SUBMITTED else status.value
        counts[(field_id, label)] = counts.get((field_id, label), 0) + number
    return counts


def entries_by_id(entry_ids: list[int]) -> Select:
    """The entries named (the changed lines of a version)."""
    return select(Entry).where(Entry.id.in_(entry_ids))


def entry_by_code(edition_id: int, code: str) -> Select:
    """The edition's entry with this code (codes are stored upper-case)."""
    return select(Entry).where(Entry.edition_id == edition_id, Entry.code == code.upper())


def edition_entries_by_id(edition_id: int, entry_ids: list[int]) -> Select:
    """The entries named that belong to the edition (ids of other editions are ignored)."""
    return select(Entry).where(Entry.edition_id == edition_id, Entry.id.in_(entry_ids))


def award_entries(entry_ids: list[int]) -> Select:
    """The awarded entries with their authors' units, organisation and field (for documents:
    three statements whatever the number of winners)."""
    return (select(Entry).where(Entry.id.in_(entry_ids))
            .options(selectinload(Entry.authors).joinedload(Author.unit),
                     joinedload(Entry.organisation), joinedload(Entry.field)))


def entry_labels(entry_ids: list[int]) -> Select:
    """Rows (id, code, title) of the entries named, for lists that only cite them."""
    return select(Entry.id, Entry.code, Entry.title).where(Entry.id.in_(entry_ids))
