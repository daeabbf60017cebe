"""The ranking annex and the certificates: Vietnamese text survives, user text stays text."""
from __future__ import annotations

import io
import socket
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from contest.exports.awards import awards
from contest.exports.pdf import certificates_pdf, ranking_report_pdf
from contest.extensions import db
from contest.models import Author, Entry, Role
from contest.services.results import award_overrides, chosen_run, mark_provisional, run_ranking
from contest.services.results import override_award as decide_award
from tests import factories

# Youth tiers: Nhất ≥ 90, Nhì ≥ 80, Ba ≥ 70, KK ≥ 60: entries 2, 4, 1, 5 win; entry 3 does not.
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80), (62, 65, 61)]
WINNER = "Nguyễn Thị Ngọc Hường"
CO_AUTHOR = "Đặng Văn Lưỡng"
SCHOOL = "Trường THCS Lê Quý Đôn"
HOSTILE = '<img src="http://evil.example/x.png"> =HYPERLINK("http://evil.example","x")'
ISSUED = date(2026, 6, 5)


def pages(data: bytes) -> list[str]:
    """Each page's extracted text, in NFC so that diacritics compare as typed."""
    return [unicodedata.normalize("NFC", page.extract_text())
            for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text on one line: table cells wrap names and units onto several lines."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Text without whitespace: table cells wrap long words onto several lines."""
    return "".join(text.split())


def chosen(app, *, titles: dict[int, str] | None = None) -> list:
    """A ranked edition whose chosen run has the winner with two authors (in NFD, as some
    keyboards type it) at a named school; returns the edition and the awarded entries."""
    edition = factories.make_scored_edition(SHEETS)
    entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                 .order_by(Entry.id)).all()
    first = entries[1]
    first.authors[0].full_name = unicodedata.normalize("NFD", WINNER)
    first.authors[0].unit = factories.make_unit(SCHOOL)
    first.authors.append(Author(position=2, full_name=CO_AUTHOR))
    for index, title in (titles or {}).items():
        entries[index].title = title
    db.session.flush()
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
    mark_provisional(edition=edition, run=run, actor=None)
    return edition, entries


def awarded(edition):
    return awards(edition, chosen_run(edition).rows, award_overrides(edition))


def test_the_annex_lists_the_winners_by_tier_with_names_and_units(app):
    with app.app_context():
        edition, entries = chosen(app)
        text = flat(" ".join(pages(ranking_report_pdf(edition, awarded(edition),
                                                      issued_on=ISSUED))))
    assert "DANH SÁCH GIẢI PHÁP ĐẠT GIẢI" in text
    assert edition.contest.organiser.upper() in text
    assert "Ngày 5 tháng 6 năm 2026" in text  # no place configured: the date alone
    for needle in ("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích", WINNER, CO_AUTHOR,
                   SCHOOL):
        assert needle in text
    assert [code for code in (e.code for e in entries) if code in text] == [
        entries[0].code, entries[1].code, entries[3].code, entries[4].code]
    order = [text.index(name) for name in ("Giải Nhất", "Giải Nhì", "Giải Ba")]
    assert order == sorted(order)
    assert text.index(entries[1].code) < text.index(entries[3].code) < text.index(entries[0].code)


def test_one_certificate_page_per_author_of_each_awarded_entry(app):
    with app.app_context():
        edition, entries = chosen(app)
        texts = [flat(t) for t in pages(certificates_pdf(
            edition, awarded(edition), issued_on=ISSUED, place="Vĩnh Long"))]
        titles = [e.title for e in entries]
    assert len(texts) == 5  # the winner has two authors; three more entries have one each
    assert all("GIẤY CHỨNG NHẬN" in t and "TM. BAN TỔ CHỨC" in t for t in texts)
    assert all("Vĩnh Long, ngày 5 tháng 6 năm 2026" in t for t in texts)
    assert [WINNER in texts[0], CO_AUTHOR in texts[1]] == [True, True]
    assert all("Giải Nhất" in t and titles[1] in t and SCHOOL in t for t in texts[:2])
    assert "Giải Nhì" in texts[2] and titles[3] in texts[2]
    assert "Giải Khuyến khích" in texts[4] and titles[4] in texts[4]


def test_the_committee_overrides_decide_who_gets_a_document(app):
    with app.app_context():
        edition, entries = chosen(app)
        organiser = factories.make_user(Role.ORGANIZER)
        decide_award(edition=edition, entry=entries[2], award="kk", reason="Hội đồng xét lại",
                     actor=organiser)
        decide_award(edition=edition, entry=entries[4], award=None, reason="Vi phạm thể lệ",
                     actor=organiser)
        texts = pages(certificates_pdf(edition, awarded(edition), issued_on=ISSUED))
        codes = [e.code for e in entries]
    assert len(texts) == 5
    assert [c for c in codes if any(c in t for t in texts)] == codes[:4]


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the PDF engine tried to reach the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_markup_and_formulas_in_titles_are_printed_as_text_offline(app, offline):
    with app.app_context():
        edition, _entries = chosen(app, titles={1: HOSTILE})
        winners = awarded(edition)
        report = ranking_report_pdf(edition, winners, issued_on=ISSUED)
        certificates = certificates_pdf(edition, winners, issued_on=ISSUED)
    assert squeezed(HOSTILE) in squeezed("".join(pages(report)))
    assert squeezed(HOSTILE) in squeezed(pages(certificates)[0])
    for data in (report, certificates):
        assert b"/URI" not in data and b"/XObject" not in data  # no link, no image


def test_an_edition_without_winners_still_gives_a_readable_document(app):
    with app.app_context():
        edition = factories.make_edition()
        texts = pages(certificates_pdf(edition, [], issued_on=ISSUED))
        annex = pages(ranking_report_pdf(edition, [], issued_on=ISSUED))
    assert texts == [t for t in texts if "Không có giải pháp nào đạt giải." in t]
    assert "Không có giải pháp nào đạt giải." in annex[0]
