"""save_dossier checks the version the form was loaded at and resolves the plain references it
is given: unit names (found or added) and a field id (of the entry's edition only)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import EntrantType, Unit, UnitKind
from contest.services.dossier import AuthorData, DossierData, StaleDossier, save_dossier
from tests import factories

NOW = datetime(2026, 3, 15, 8, 0, tzinfo=UTC)
STALE = ("Hồ sơ vừa được sửa ở một cửa sổ khác. Những gì bạn nhập vẫn còn ở đây; hãy tải lại "
         "trang để xem bản mới nhất trước khi lưu.")


def units() -> int:
    return db.session.scalar(select(func.count()).select_from(Unit))


@pytest.mark.parametrize("offset", [None, -1, 1])  # no version, an older one, a newer one
def test_a_stale_or_missing_version_is_refused_and_changes_nothing(module_app, offset):
    with module_app.app_context():
        entry = factories.make_entry(title="Bản cũ")
        version = None if offset is None else entry.version + offset
        before = units()
        data = DossierData(title="Bản ở tab thứ hai",
                           authors=[AuthorData(full_name="An", unit_name="Trường Mới Toanh")])
        with pytest.raises(StaleDossier) as refused:
            save_dossier(entry=entry, actor=entry.owner, data=data, version=version, now=NOW)
        assert (str(refused.value), entry.title, units()) == (STALE, "Bản cũ", before)


def test_unit_names_are_found_or_added_and_the_field_is_the_editions(module_app):
    with module_app.app_context():
        edition, other = factories.make_edition(), factories.make_edition()
        entry = factories.make_entry(edition)
        school = Unit(name="Trường THCS Lê Quý Đôn", kind=UnitKind.SCHOOL,
                      organisation_id=edition.contest.organisation_id)  # on its list
        db.session.add(school)
        db.session.flush()
        data = DossierData(
            title="Máy tưới", field_id=edition.fields[0].id,
            entrant_type=EntrantType.ORGANISATION, organisation_name="Công ty  Sáng Tạo",
            teacher_unit_name="   ",
            authors=[AuthorData(full_name="An", unit_name="trường thcs lê quý đôn"),
                     AuthorData(full_name="Bình", unit_name=None)])
        save_dossier(entry=entry, actor=entry.owner, data=data, version=entry.version, now=NOW)
        assert (entry.field, entry.teacher_unit, [a.unit for a in entry.authors]) == (
            edition.fields[0], None, [school, None])
        assert (entry.organisation.name, entry.organisation.kind) == (
            "Công ty Sáng Tạo", UnitKind.ORGANISATION)
        data.field_id = other.fields[0].id
        save_dossier(entry=entry, actor=entry.owner, data=data, version=entry.version, now=NOW)
        assert entry.field is None
