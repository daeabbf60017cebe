"""PDF documents for the committee: the ranking annex of its decision and the certificates.

fpdf2 is imported when a document is made, not when a web worker starts (it is a quarter to
half a second of every start-up); the drawing is in pdf_document.py, the awarded entries as
the documents print them in awards.py.
"""
from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from contest.exports.awards import Award, Issuer
from contest.exports.dossier_form import DossierForm
from contest.models import Edition
from contest.services.file_storage import uploads


def issuer_of(edition: Edition, place: str = "") -> Issuer:
    """The edition's organisation as its documents name it: its name, its document place
    (else `place`, the DOCUMENT_PLACE setting) and its logo when it has one."""
    organisation = edition.contest.organisation
    logo = None
    if organisation.logo_key:
        with suppress(FileNotFoundError, ValueError), uploads().open(organisation.logo_key) as f:
            logo = f.read()
    return Issuer(name=organisation.name, place=organisation.document_place or place, logo=logo)


def ranking_report_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                       place: str = "") -> bytes:
    """The annex of the committee's decision: awarded entries in tables by field and tier
    (`place`: the date line's place when the organisation has none)."""
    from contest.exports import pdf_document

    return pdf_document.ranking_report_pdf(edition, awarded, issued_on=issued_on,
                                           issuer=issuer_of(edition, place))


def certificates_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                     place: str = "") -> bytes:
    """One A4 landscape certificate (giấy chứng nhận) per author of each awarded entry
    (`place`: the date line's place when the organisation has none)."""
    from contest.exports import pdf_document

    return pdf_document.certificates_pdf(edition, awarded, issued_on=issued_on,
                                         issuer=issuer_of(edition, place))


def dossier_form_pdf(form: DossierForm, *, issuer: Issuer, created_at: datetime) -> bytes:
    """An entry's registration form (the national dossier's ho-so.pdf), dated `created_at`."""
    from contest.exports import pdf_document

    return pdf_document.dossier_form_pdf(form, issuer=issuer, created_at=created_at)


def entry_certificate_pdf(edition: Edition, award: Award, *, issued_on: date, issuer: Issuer,
                          created_at: datetime) -> bytes:
    """The certificates of one awarded entry, one page per author, dated `created_at`."""
    from contest.exports import pdf_document

    return pdf_document.certificates_pdf(edition, [award], issued_on=issued_on, issuer=issuer,
                                         created_at=created_at)
