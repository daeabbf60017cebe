"""A judged edition with a locked national list whose entries have real stored files."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AttachmentKind, Edition, Entry, NationalPick, Role
from contest.services.attachments import store_attachment
from contest.services.national import lock_national
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.sample_files import image_bytes, pdf_bytes

ORGANISER = "btc-toan-quoc@example.vn"
TOTALS = [95, 88, 75]


@dataclass
class Dossier:
    edition_id: int
    codes: list[str]
    titles: list[str]
    authors: list[str]
    files: dict[str, dict[str, str]]  # entry code -> original name -> sha256


def judged_edition() -> Edition:
    """Three entries (fields 0, 0, 1) whose provisional results are chosen."""
    edition = factories.make_scored_edition([(t, t, t) for t in TOTALS], fields=[0, 0, 1])
    mark_provisional(edition=edition, run=run_ranking(edition=edition, round_number=1,
                                                      method="mean", actor=None), actor=None)
    return edition


def locked_dossier(lock: bool = True) -> Dossier:
    """The three entries on the national list, each with a PDF and two photos called
    “ảnh.png” (the second must be renamed in the ZIP); committed."""
    organiser = factories.make_user(Role.ORGANIZER, email=ORGANISER)
    edition = judged_edition()
    entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                 .order_by(Entry.id)).all()
    root = Path(current_app.config["UPLOAD_FOLDER"])
    files: dict[str, dict[str, str]] = {}
    for position, entry in enumerate(entries, start=1):
        db.session.add(NationalPick(edition_id=edition.id, entry_id=entry.id, position=position))
        stored = [store_attachment(entry=entry, actor=None, kind=kind, stream=io.BytesIO(data),
                                   filename=name, upload_root=root)
                  for kind, data, name in (
                      (AttachmentKind.DESCRIPTION_PDF, pdf_bytes(position), "Thuyết minh.pdf"),
                      (AttachmentKind.PRODUCT_PHOTO, image_bytes((40 + position, 30)), "ảnh.png"),
                      (AttachmentKind.PRODUCT_PHOTO, image_bytes((60, 20 + position)),
                       "ảnh.png"))]
        names = ["Thuyết minh.pdf", "ảnh.png", "ảnh (2).png"]
        files[entry.code] = {name: a.sha256 for name, a in zip(names, stored, strict=True)}
    db.session.flush()
    if lock:
        lock_national(edition=edition, actor=organiser, now=clock.now())
    db.session.commit()
    return Dossier(edition.id, [e.code for e in entries], [e.title for e in entries],
                   [e.authors[0].full_name for e in entries], files)

