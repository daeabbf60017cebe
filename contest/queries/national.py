"""Query builders for the national list."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from contest.models import Author, Entry, NationalPick, RankingRow


def national_picks(edition_id: int) -> Select:
    """The national list in order, entries and their fields loaded."""
    return (select(NationalPick).where(NationalPick.edition_id == edition_id)
            .options(joinedload(NationalPick.entry).joinedload(Entry.field))
            .order_by(NationalPick.position, NationalPick.id))


def picks_with_dossiers(edition_id: int) -> Select:
    """The national list in order with everything a dossier needs (its field, organisation,
    teacher's unit, authors and their units, attachments): one statement per relation. The
    national ZIP, the signed package and the arrival in a national edition read it."""
    return (select(NationalPick).where(NationalPick.edition_id == edition_id)
            .options(joinedload(NationalPick.entry).options(
                joinedload(Entry.field), joinedload(Entry.organisation),
                joinedload(Entry.teacher_unit),
                selectinload(Entry.authors).joinedload(Author.unit),
                selectinload(Entry.attachments)))
            .order_by(NationalPick.position, NationalPick.id))


def picked_rows(edition_id: int, run_id: int) -> Select:
    """The run's ranking rows of the entries on the edition's national list (a score and an
    award each), not the whole run's."""
    return select(RankingRow).where(RankingRow.run_id == run_id, RankingRow.entry_id.in_(
        select(NationalPick.entry_id).where(NationalPick.edition_id == edition_id)))
