"""Dossiers: starting a draft and saving what the entrant (or an organiser) typed."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    DESCRIPTION_SECTIONS,
    Author,
    EntrantType,
    Entry,
    EntryStatus,
    Gender,
    Unit,
    UnitKind,
    User,
)
from contest.models import Field as ContestField
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.eligibility import Problem, dossier_problems
from contest.services.units import find_or_create_unit


@dataclass
class AuthorData:
    full_name: str
    birth_date: date | None = None
    gender: Gender | None = None
    unit_name: str | None = None  # a school: found or added by save_dossier
    class_or_position: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class DossierData:
    """Plain values of the dossier form; save_dossier resolves the field and the unit names."""

    title: str = ""
    field_id: int | None = None
    entrant_type: EntrantType = EntrantType.PERSON
    organisation_name: str | None = None
    teacher_name: str | None = None
    teacher_unit_name: str | None = None
    teacher_phone: str | None = None
    teacher_email: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    sections: dict[str, str] = dataclass_field(default_factory=dict)
    video_url: str | None = None
    applied_since_year: int | None = None
    declaration_accepted: bool = False
    authors: list[AuthorData] = dataclass_field(default_factory=list)


class DossierProblems(DomainError):
    """The dossier cannot be submitted (or stay submitted): one problem per form field."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_l("Hồ sơ chưa đầy đủ hoặc chưa hợp lệ."))
        self.problems = problems


class StaleDossier(DomainError):
    """The dossier changed since the form was loaded (another tab or device)."""


def start_entry(*, edition, owner: User | None, client_token: str | None,
                on_paper: bool = False) -> Entry:
    """A new draft for `owner`; the same form token returns the draft it already created."""
    if client_token and owner is not None:
        existing = db.session.scalar(select(Entry).where(
            Entry.owner_id == owner.id, Entry.client_token == client_token))
        if existing is not None:
            return existing
    entry = Entry(edition=edition, owner=owner, client_token=client_token, on_paper=on_paper)
    db.session.add(entry)
    record_event(actor=owner, action="entry.create", target=entry,
                 after={"edition_id": edition.id, "on_paper": on_paper})
    return entry


def save_dossier(*, entry: Entry, actor: User, data: DossierData, version: int | None,
                 now: datetime) -> None:
    """Store the form's values at the version the form was loaded at; a submitted dossier must
    still pass every check to be changed."""
    if version != entry.version:
        raise StaleDossier(_l("Hồ sơ vừa được sửa ở một cửa sổ khác. Những gì bạn nhập vẫn còn "
                              "ở đây; hãy tải lại trang để xem bản mới nhất trước khi lưu."))
    if entry.status == EntryStatus.WITHDRAWN:
        raise DomainError(_l("Hồ sơ đã rút; hãy nộp lại trước khi sửa."))
    before = snapshot(entry)
    apply_dossier(entry, data)
    if entry.status == EntryStatus.SUBMITTED:
        problems = dossier_problems(entry, now=now)
        if problems:
            raise DossierProblems(problems)
    entry.refresh_search_text()
    db.session.flush()
    after = snapshot(entry)
    changed = {k for k in after if after[k] != before.get(k)}
    record_event(actor=actor, action="entry.save", target=entry,
                 before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed})


def edition_field(entry: Entry, field_id: int | None) -> ContestField | None:
    """The field of the entry's edition with this id; None for any other id."""
    return db.session.scalar(select(ContestField).where(
        ContestField.id == field_id, ContestField.edition_id == entry.edition_id))


def named_unit(name: str | None, kind: UnitKind, entry: Entry) -> Unit | None:
    """The unit typed by name, found or added on the list of the entry's organisation; None
    when nothing was typed."""
    return find_or_create_unit(
        name, kind, organisation_id=entry.edition.contest.organisation_id,
    ) if name and name.strip() else None


def apply_dossier(entry: Entry, data: DossierData) -> None:
    # Every reference is resolved before the entry changes: their queries (and the flush of a
    # new unit) then write nothing of the entry, whose version moves on once per save.
    field = edition_field(entry, data.field_id)
    author_units = [named_unit(a.unit_name, UnitKind.SCHOOL, entry) for a in data.authors]
    organisation = named_unit(data.organisation_name, UnitKind.ORGANISATION, entry)
    teacher_unit = named_unit(data.teacher_unit_name, UnitKind.SCHOOL, entry)
    entry.title = data.title.strip()
    entry.field = field
    entry.entrant_type = data.entrant_type
    is_organisation = data.entrant_type == EntrantType.ORGANISATION
    entry.organisation = organisation if is_organisation else None
    entry.teacher_unit = teacher_unit
    for name in ("teacher_name", "teacher_phone", "teacher_email", "contact_phone",
                 "contact_email", "video_url", "applied_since_year", "declaration_accepted"):
        setattr(entry, name, getattr(data, name))
    for section in DESCRIPTION_SECTIONS:
        setattr(entry, section, data.sections.get(section, "") or "")
    apply_authors(entry, data.authors, author_units)


def apply_authors(entry: Entry, authors: list[AuthorData], units: list[Unit | None]) -> None:
    """Update authors in place by position, so their photos and scans stay attached."""
    for position, (values, unit) in enumerate(zip(authors, units, strict=True), start=1):
        if position <= len(entry.authors):
            author = entry.authors[position - 1]
        else:
            author = Author(position=position, full_name="")
            entry.authors.append(author)
        for name, value in vars(values).items():
            if name != "unit_name":
                setattr(author, name, value)
        author.unit = unit
    del entry.authors[len(authors):]


def snapshot(entry: Entry) -> dict:
    """The audited view of a dossier: plain JSON values."""
    values = {name: getattr(entry, name) or "" for name in DESCRIPTION_SECTIONS}
    values.update({
        "title": entry.title,
        "field": entry.field.code if entry.field else None,
        "entrant_type": entry.entrant_type.value if entry.entrant_type else None,
        "organisation": entry.organisation.name if entry.organisation else None,
        "teacher_name": entry.teacher_name,
        "contact_phone": entry.contact_phone,
        "contact_email": entry.contact_email,
        "video_url": entry.video_url,
        "applied_since_year": entry.applied_since_year,
        "declaration_accepted": entry.declaration_accepted,
        "authors": [
            {"full_name": a.full_name, "birth_date": a.birth_date.isoformat() if a.birth_date
             else None, "unit": a.unit.name if a.unit else None} for a in entry.authors],
    })
    return values
