"""The certificates and the ranking annex carry the edition's organisation: its name, its
logo and its place on the date line (the DOCUMENT_PLACE setting when it has none)."""
from __future__ import annotations

import io
import unicodedata
from datetime import date

from pypdf import PdfReader

from contest.exports.awards import awards
from contest.exports.pdf import certificates_pdf, ranking_report_pdf
from contest.extensions import db
from contest.models import Role
from contest.services.organisation_settings import update_organisation
from contest.services.results import award_overrides, chosen_run, mark_provisional, run_ranking
from tests import factories
from tests.sample_files import image_bytes

SHEETS = [(95, 93, 91), (88, 84, 80)]
ISSUED = date(2026, 6, 5)
NAME = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"


def pages(data: bytes) -> list[tuple[str, int]]:
    """Each page's text (NFC, on one line) and its number of images."""
    return [(" ".join(unicodedata.normalize("NFC", page.extract_text()).split()),
             len(page.images)) for page in PdfReader(io.BytesIO(data)).pages]


def ranked_edition():
    edition = factories.make_scored_edition(SHEETS)
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
    mark_provisional(edition=edition, run=run, actor=None)
    return edition, awards(edition, chosen_run(edition).rows, award_overrides(edition))


def test_documents_print_the_organisations_place_name_and_logo(app):
    with app.app_context():
        edition, awarded = ranked_edition()
        update_organisation(organisation=edition.contest.organisation,
                            actor=factories.make_user(Role.ADMIN), name=NAME,
                            document_place="Vĩnh Long",
                            logo=io.BytesIO(image_bytes((200, 200))), logo_name="logo.png")
        edition.contest.organiser = "Ban tổ chức cũ"  # the old free-text organiser is not printed
        db.session.flush()
        certificates = pages(certificates_pdf(edition, awarded, issued_on=ISSUED, place="Hà Nội"))
        annex = pages(ranking_report_pdf(edition, awarded, issued_on=ISSUED, place="Hà Nội"))
    assert len(certificates) == 2
    for text, images in [*certificates, *annex]:
        assert "Vĩnh Long, ngày 5 tháng 6 năm 2026" in text
        assert NAME.upper() in text
        assert "Hà Nội" not in text and "BAN TỔ CHỨC CŨ" not in text
        assert images == 1
    assert "GIẤY CHỨNG NHẬN" in certificates[0][0]


def test_without_a_place_of_its_own_the_setting_is_printed_and_no_logo(app):
    with app.app_context():
        edition, awarded = ranked_edition()
        organisation = edition.contest.organisation
        assert (organisation.document_place, organisation.logo_key) == (None, None)
        certificates = pages(certificates_pdf(edition, awarded, issued_on=ISSUED, place="Hà Nội"))
        annex = pages(ranking_report_pdf(edition, awarded, issued_on=ISSUED))
    assert all("Hà Nội, ngày 5 tháng 6 năm 2026" in text and images == 0
               for text, images in certificates)
    assert "Ngày 5 tháng 6 năm 2026" in annex[0][0] and annex[0][1] == 0
    assert organisation.name.upper() in annex[0][0]
