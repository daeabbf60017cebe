"""What arrives in a national edition: plain values of an entry's dossier, its files (with a
way to open their bytes) and its origin — built from a province's locked list on this
deployment, or from a signed package's manifest (services.national_package)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, BinaryIO

from contest.extensions import db
from contest.models import DESCRIPTION_SECTIONS, Edition, Entry
from contest.queries.national import picks_with_dossiers
from contest.services.attachments import attachment_key
from contest.services.file_storage import uploads
from contest.services.results import award_overrides, chosen_run, final_award

# Every Entry column that is dossier content (besides the title, field, authors and units).
DOSSIER_COLUMNS = ("teacher_name", "teacher_phone", "teacher_email", "contact_phone",
                   "contact_email", "video_url", "applied_since_year", "declaration_accepted",
                   *DESCRIPTION_SECTIONS)


@dataclass(frozen=True)
class IncomingFile:
    name: str
    kind: str
    size: int
    sha256: str
    content_type: str
    open: Callable[[], BinaryIO]
    author_position: int | None = None  # the author a photo or an identity scan belongs to


@dataclass(frozen=True)
class IncomingAuthor:
    full_name: str
    birth_date: date | None = None
    gender: str | None = None
    unit: str | None = None
    class_or_position: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where the entry comes from: its province's edition, code, rank, score and award."""

    edition_label: str
    code: str
    provincial_rank: int | None = None
    score: Decimal | None = None
    award: str | None = None
    entry_id: int | None = None  # the provincial entry, when it lives on this deployment


@dataclass(frozen=True)
class IncomingEntry:
    title: str
    field_code: str | None
    origin: Origin
    entrant_type: str = "person"
    unit: str | None = None  # the organisation that enters (technical contest)
    teacher_unit: str | None = None
    form: dict[str, Any] = field(default_factory=dict)  # DOSSIER_COLUMNS
    authors: list[IncomingAuthor] = field(default_factory=list)
    files: list[IncomingFile] = field(default_factory=list)


def provincial_results(edition: Edition) -> dict[int, tuple[int, Decimal, str | None]]:
    """Each ranked entry's (rank, score, award after overrides) in the chosen results."""
    run = chosen_run(edition)
    if run is None:
        return {}
    overrides = award_overrides(edition)
    return {row.entry_id: (row.rank, row.score, final_award(row, overrides)) for row in run.rows}


def incoming_from_entry(entry: Entry, edition: Edition,
                        results: dict[int, tuple[int, Decimal, str | None]]) -> IncomingEntry:
    """A provincial entry of this deployment as it arrives: its files read from the uploads."""
    storage = uploads()
    rank, score, award = results.get(entry.id, (None, None, None))
    positions = {a.id: a.position for a in entry.authors}

    def opener(key: str) -> Callable[[], BinaryIO]:
        return lambda: storage.open(key)

    files = [IncomingFile(
        name=a.original_name, kind=a.kind.value, size=a.size, sha256=a.sha256,
        content_type=a.content_type, open=opener(attachment_key(a)),
        author_position=positions.get(a.author_id))
        for a in entry.attachments]
    return IncomingEntry(
        title=entry.title, field_code=entry.field.code if entry.field else None,
        origin=Origin(edition_label=edition.title, code=entry.code or str(entry.id),
                      provincial_rank=rank, score=score, award=award, entry_id=entry.id),
        entrant_type=entry.entrant_type.value,
        unit=entry.organisation.name if entry.organisation else None,
        teacher_unit=entry.teacher_unit.name if entry.teacher_unit else None,
        form={name: getattr(entry, name) for name in DOSSIER_COLUMNS},
        authors=[IncomingAuthor(
            full_name=a.full_name, birth_date=a.birth_date,
            gender=a.gender.value if a.gender else None, unit=a.unit.name if a.unit else None,
            class_or_position=a.class_or_position, phone=a.phone, email=a.email)
            for a in entry.authors],
        files=files)


def incoming_from_list(edition: Edition) -> list[IncomingEntry]:
    """The locked national list of a provincial edition, in order."""
    results = provincial_results(edition)
    return [incoming_from_entry(pick.entry, edition, results)
            for pick in db.session.scalars(picks_with_dossiers(edition.id)).unique()]
