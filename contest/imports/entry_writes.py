"""Writing the rows of a checked entries file: entries, authors and audit events in batched
INSERTs (a few statements per ENTRIES_BATCH rows), with the values the ORM would store."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import insert, select

from contest.extensions import db
from contest.imports.schema import ParsedRow
from contest.models import Author, Edition, Entry, EntryStatus, ImportRun, Screening, Unit, User
from contest.services.audit import insert_events
from contest.services.import_runs import tag_rows
from contest.text import fold

ENTRIES_BATCH = 2000  # rows written per round of INSERTs: bounds the memory of the values


@dataclass(frozen=True)
class NewEntry:
    """A checked row with its code and its authors' unit."""

    row: ParsedRow
    code: str
    unit: Unit | None


def write_entries(edition: Edition, new: list[NewEntry], *, actor: User | None, now: datetime,
                  run: ImportRun | None = None) -> list[int]:
    """Insert one submitted paper entry per row with its authors, audited (tagged with the
    import's run when given); the new ids in the order of the rows."""
    ids: list[int] = []
    for start in range(0, len(new), ENTRIES_BATCH):
        ids += _write_batch(edition, new[start:start + ENTRIES_BATCH], actor, now, run)
    return ids


def _write_batch(edition: Edition, new: list[NewEntry], actor: User | None, now: datetime,
                 run: ImportRun | None) -> list[int]:
    db.session.execute(insert(Entry), [_entry(edition, item, now) for item in new])
    # Codes are unique in the edition: one SELECT gives the ids back, where RETURNING would
    # cost a statement per few dozen rows (an entry has 30 columns, SQLite 32,766 parameters).
    found = dict(db.session.execute(select(Entry.code, Entry.id).where(
        Entry.edition_id == edition.id, Entry.code.in_([item.code for item in new]))).all())
    ids = [found[item.code] for item in new]
    if run is not None:
        tag_rows(run, "entry", ids)  # its authors go with it
    db.session.execute(insert(Author), [
        {"entry_id": entry_id, "position": position, "full_name": name, "search_name": fold(name),
         "birth_date": born, "unit_id": item.unit.id if item.unit is not None else None}
        for entry_id, item in zip(ids, new, strict=True)
        for position, (name, born) in enumerate(_authors(item.row), start=1)])
    insert_events(actor=actor, action="entry.import", object_type="entry", now=now, changes=[
        (entry_id, {"row": item.row.number, "code": item.code, "title": item.row.values["title"],
                    "field": item.row.values["field_code"].code,
                    "authors": len(item.row.values["authors"]),
                    **({"import": run.id} if run is not None else {})})
        for entry_id, item in zip(ids, new, strict=True)])
    return ids


def _entry(edition: Edition, item: NewEntry, now: datetime) -> dict:
    values = item.row.values
    return {"edition_id": edition.id, "code": item.code, "status": EntryStatus.SUBMITTED,
            "screening": Screening.PENDING, "submitted_at": now, "created_at": now,
            "updated_at": now, "title": values["title"], "field_id": values["field_code"].id,
            "teacher_name": values["teacher"], "contact_email": values["email"],
            "contact_phone": values["phone"], "on_paper": True, "owner_id": None,
            "search_text": _search_text(item)}


def _authors(row: ParsedRow) -> list[tuple]:
    names = row.values["authors"]
    return list(zip(names, row.values["birth_dates"] or [None] * len(names), strict=True))


def _search_text(item: NewEntry) -> str:
    """Entry.refresh_search_text, the rule's one home, run on the row's plain values."""
    values = item.row.values
    stand_in = SimpleNamespace(
        code=item.code, title=values["title"], organisation=None, teacher_name=values["teacher"],
        authors=[SimpleNamespace(full_name=name, unit=item.unit) for name in values["authors"]])
    Entry.refresh_search_text(stand_in)
    return stand_in.search_text
