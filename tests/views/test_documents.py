"""The organiser's PDF downloads: the ranking annex and the certificates of the chosen run."""
from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from contest.extensions import db
from contest.models import Author, Edition, Entry, RankingRun, Role, User
from contest.services.results import mark_provisional, override_award, run_ranking
from tests import factories

ORGANISER, ENTRANT, JUDGE = "btc@example.vn", "thisinh@example.vn", "giamkhao@example.vn"
# Youth tiers: Nhất ≥ 90, Nhì ≥ 80, Ba ≥ 70, KK ≥ 60: entries 2, 4, 1 win; entry 3 does not.
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52), (88, 84, 80)]
WINNER, CO_AUTHOR = "Nguyễn Thị Ngọc Hường", "Lê Quý Đôn"


def pages(response) -> list[str]:
    return [" ".join(unicodedata.normalize("NFC", page.extract_text()).split())
            for page in PdfReader(io.BytesIO(response.get_data())).pages]


@pytest.fixture
def edition(app) -> dict:
    """A ranked edition; the winner has two authors. Nothing is chosen yet."""
    with app.app_context():
        organiser = factories.make_user(Role.ORGANIZER, email=ORGANISER)
        factories.make_user(Role.ENTRANT, email=ENTRANT)
        factories.make_user(Role.JUDGE, email=JUDGE)
        found = factories.make_scored_edition(SHEETS)
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == found.id)
                                     .order_by(Entry.id)).all()
        entries[1].authors[0].full_name = WINNER
        entries[1].authors.append(Author(position=2, full_name=CO_AUTHOR))
        db.session.flush()
        run = run_ranking(edition=found, round_number=1, method="mean", actor=organiser)
        db.session.commit()
        return {"id": found.id, "run": run.id, "codes": [e.code for e in entries],
                "entries": [e.id for e in entries], "organiser": organiser.id}


def choose(app, edition: dict) -> None:
    with app.app_context():
        mark_provisional(edition=db.session.get(Edition, edition["id"]),
                         run=db.session.get(RankingRun, edition["run"]), actor=None)
        db.session.commit()


def test_the_results_page_links_the_documents_once_a_run_is_chosen(client, auth, app, edition):
    auth.login(ORGANISER)
    results = f"/organizer/editions/{edition['id']}/results"
    report = f"/organizer/editions/{edition['id']}/ranking-report.pdf"
    certificates = f"/organizer/editions/{edition['id']}/certificates.pdf"
    page = client.get(results).get_data(as_text=True)
    assert report not in page and certificates not in page
    assert client.get(report).status_code == 404
    assert client.get(certificates).status_code == 404
    choose(app, edition)
    page = client.get(results).get_data(as_text=True)
    assert f'href="{report}"' in page and f'href="{certificates}"' in page


def test_the_annex_is_a_pdf_attachment_with_the_winners(client, auth, app, edition):
    choose(app, edition)
    auth.login(ORGANISER)
    response = client.get(f"/organizer/editions/{edition['id']}/ranking-report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = " ".join(pages(response))
    assert "Giải Nhất" in text and WINNER in text and CO_AUTHOR in text
    codes = edition["codes"]
    assert [c for c in codes if c in text] == [codes[0], codes[1], codes[3]]


def test_certificates_follow_the_committee_overrides(client, auth, app, edition):
    choose(app, edition)
    with app.app_context():  # the committee withdraws the third prize and gives one to entry 3
        found = db.session.get(Edition, edition["id"])
        organiser = db.session.get(User, edition["organiser"])
        for index, award in ((0, None), (2, "kk")):
            override_award(edition=found, entry=db.session.get(Entry, edition["entries"][index]),
                           award=award, reason="Quyết định của Ban Tổ chức", actor=organiser)
        db.session.commit()
    auth.login(ORGANISER)
    response = client.get(f"/organizer/editions/{edition['id']}/certificates.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    texts = pages(response)
    assert len(texts) == 4  # two authors of the first prize, one each for Nhì and KK
    assert [WINNER in texts[0], CO_AUTHOR in texts[1]] == [True, True]
    assert all("Giải Nhất" in t for t in texts[:2])
    codes = edition["codes"]
    assert [c for c in codes if any(c in t for t in texts)] == [codes[1], codes[2], codes[3]]
    assert "Giải Khuyến khích" in texts[3] and codes[2] in texts[3]


@pytest.mark.parametrize("email", [JUDGE, ENTRANT])
@pytest.mark.parametrize("document", ["ranking-report.pdf", "certificates.pdf"])
def test_only_organisers_get_the_documents(client, auth, app, edition, email, document):
    choose(app, edition)
    auth.login(email)
    assert client.get(f"/organizer/editions/{edition['id']}/{document}").status_code == 403
