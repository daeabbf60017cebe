"""PDF documents from the chosen ranking, overrides applied: the annex of the committee's
decision and the winners' certificates."""
from __future__ import annotations

from flask import abort, current_app

from contest import clock
from contest.exports import download
from contest.exports.awards import Award, awards
from contest.exports.pdf import certificates_pdf, ranking_report_pdf
from contest.extensions import db
from contest.models import Edition
from contest.queries.entries import award_entries
from contest.services import results as services
from contest.views.loaders import load_edition
from contest.views.organizer import bp


def chosen_awards(edition_id: int) -> tuple[Edition, list[Award]]:
    """The edition and its awarded entries from the chosen run; 404 when none is chosen."""
    edition = load_edition(edition_id)
    run = services.chosen_run(edition) or abort(404)
    overrides = services.award_overrides(edition)
    rows = [row for row in run.rows if services.final_award(row, overrides) is not None]
    if rows:  # authors, units and fields in three queries, whatever the number of winners
        db.session.scalars(award_entries([r.entry_id for r in rows])).unique().all()
    return edition, awards(edition, rows, overrides)


def document_options() -> dict:
    return {"issued_on": clock.vietnam_date(clock.now()),
            "place": current_app.config.get("DOCUMENT_PLACE", "")}


@bp.route("/editions/<int:edition_id>/ranking-report.pdf")
def ranking_report(edition_id: int):
    edition, awarded = chosen_awards(edition_id)
    return download(ranking_report_pdf(edition, awarded, **document_options()),
                    filename=f"danh-sach-dat-giai-{edition.id}.pdf", mimetype="application/pdf")


@bp.route("/editions/<int:edition_id>/certificates.pdf")
def certificates(edition_id: int):
    edition, awarded = chosen_awards(edition_id)
    return download(certificates_pdf(edition, awarded, **document_options()),
                    filename=f"giay-chung-nhan-{edition.id}.pdf", mimetype="application/pdf")
