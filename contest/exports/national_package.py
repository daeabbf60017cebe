"""The province's side of a signed national package (FORMATS.md, "National package"): the
locked list's national dossier ZIP (form, attachments, score summary and certificate per
entry), then manifest.json (every entry, its fields and files with
their size and sha256 as the archive holds them) and manifest.sig, its Ed25519 signature."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from contest.exports.national_zip import (
    CERTIFICATE_NAME,
    FORM_NAME,
    SCORES_NAME,
    attachment_names,
    entry_folder,
    write_national_zip,
)
from contest.extensions import db
from contest.models import Edition
from contest.queries.national import picks_with_dossiers
from contest.services.file_storage import uploads
from contest.services.national_incoming import DOSSIER_COLUMNS, provincial_results
from contest.services.national_keys import sign
from contest.services.national_package import FORMAT, MANIFEST, SIGNATURE, VERSION, file_digest


def manifest_of(edition: Edition, archive: zipfile.ZipFile, now: datetime) -> dict[str, Any]:
    """The manifest of a written dossier ZIP: every entry, its fields and files with their
    size and sha256 as the archive holds them."""
    def member(path: str, kind: str, **extra) -> dict[str, Any]:
        with archive.open(path) as handle:
            size, sha256 = file_digest(handle)
        return {"path": path, "kind": kind, "size": size, "sha256": sha256, **extra}

    results = provincial_results(edition)
    written = set(archive.namelist())
    entries = []
    for pick in db.session.scalars(picks_with_dossiers(edition.id)).unique():
        entry, folder = pick.entry, entry_folder(pick)
        rank, score, award = results.get(entry.id, (None, None, None))
        positions = {a.id: a.position for a in entry.authors}
        files = [member(folder + FORM_NAME, "registration-form")]
        files += [member(folder + name, a.kind.value, content_type=a.content_type,
                         name=a.original_name, author=positions.get(a.author_id))
                  for name, a in attachment_names(entry)]
        files.append(member(folder + SCORES_NAME, "score-summary"))
        if folder + CERTIFICATE_NAME in written:  # awarded entries only
            files.append(member(folder + CERTIFICATE_NAME, "certificate"))
        entries.append({
            "code": entry.code, "title": entry.title,
            "field_code": entry.field.code if entry.field else None,
            "authors": [{"full_name": a.full_name,
                         "birth_date": a.birth_date.isoformat() if a.birth_date else None,
                         "unit": a.unit.name if a.unit else None,
                         "gender": a.gender.value if a.gender else None,
                         "class_or_position": a.class_or_position, "phone": a.phone,
                         "email": a.email} for a in entry.authors],
            "unit": entry.organisation.name if entry.organisation else None,
            "provincial_rank": rank, "score": str(score) if score is not None else None,
            "award": award, "files": files,
            "entrant_type": entry.entrant_type.value,
            "teacher_unit": entry.teacher_unit.name if entry.teacher_unit else None,
            "form": {name: getattr(entry, name) for name in DOSSIER_COLUMNS}})
    organisation = edition.contest.organisation
    return {"format": FORMAT, "version": VERSION,
            "organisation": {"code": organisation.code, "name": organisation.name},
            "edition": {"contest": edition.contest.kind.value, "number": edition.number,
                        "year_label": edition.year_label, "title": edition.title},
            "created_at": now.isoformat().replace("+00:00", "Z"), "entries": entries}


def write_national_package(edition: Edition, out: Path, *, now: datetime) -> int:
    """Write the signed package of a locked list to `out` (a file); the number of entries."""
    write = out.open("wb")
    with write:
        write_national_zip(edition, write, uploads().root)
    with zipfile.ZipFile(out, "a") as archive:
        manifest = manifest_of(edition, archive, now)
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        archive.writestr(MANIFEST, data)
        archive.writestr(SIGNATURE, sign(edition.contest.organisation, data))
    return len(manifest["entries"])
