"""PDF documents for the committee: the ranking annex of its decision and the certificates.

fpdf2 is imported when a document is made, not when a web worker starts (it is a quarter to
half a second of every start-up); the drawing is in pdf_document.py, the awarded entries as
the documents print them in awards.py.
"""
from __future__ import annotations

from datetime import date

from contest.exports.awards import Award
from contest.models import Edition


def ranking_report_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                       place: str = "") -> bytes:
    """The annex of the committee's decision: awarded entries in tables by field and tier."""
    from contest.exports import pdf_document

    return pdf_document.ranking_report_pdf(edition, awarded, issued_on=issued_on, place=place)


def certificates_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                     place: str = "") -> bytes:
    """One A4 landscape certificate (giấy chứng nhận) per author of each awarded entry."""
    from contest.exports import pdf_document

    return pdf_document.certificates_pdf(edition, awarded, issued_on=issued_on, place=place)
