"""Public pages: contests, their editions and official results, and the language switch."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db
from contest.forms.auth import LanguageForm
from contest.forms.dossier import NewEntryForm
from contest.i18n import LANGUAGE_COOKIE
from contest.models import AwardTier, Edition, Entry, Phase
from contest.permissions import ORGANIZERS, PUBLIC, can_start_entry
from contest.queries.editions import edition_with_setup, public_contests
from contest.queries.results import current_publication, publication_rows
from contest.security import guard_blueprint, is_safe_path

bp = Blueprint("public", __name__)
guard_blueprint(bp, PUBLIC)


@bp.route("/")
def home():
    contests = db.session.scalars(public_contests()).all()
    return render_template("public/home.html", contests=contests)


@bp.route("/editions/<int:edition_id>")
def edition(edition_id: int):
    found = db.session.scalar(edition_with_setup(edition_id))
    if found is None or (found.phase == Phase.DRAFT and not _is_organizer()):
        abort(404)
    may_start = current_user.is_authenticated and can_start_entry(current_user, found)
    return render_template("public/edition.html", edition=found, may_start_entry=may_start,
                           new_entry_form=NewEntryForm.fresh())


@bp.route("/editions/<int:edition_id>/results")
def results(edition_id: int):
    found = db.session.scalar(edition_with_setup(edition_id))
    if found is None or found.phase != Phase.FINAL:
        abort(404)
    publication = current_publication(found)
    if publication is None or not publication.final:
        abort(404)
    return render_template("public/results.html", edition=found,
                           sections=awarded_by_field(found, publication.id))


def awarded_by_field(edition: Edition, publication_id: int
                     ) -> list[tuple[str, list[tuple[AwardTier, list[Entry]]]]]:
    """The official list as published: awarded entries by field, then by tier best first, in
    rank order."""
    awarded: dict[tuple[int | None, str], list[Entry]] = {}
    for row in db.session.scalars(publication_rows(publication_id)).unique():
        if row.award is not None:
            awarded.setdefault((row.entry.field_id, row.award), []).append(row.entry)
    tiers = sorted(edition.award_tiers, key=lambda t: (-t.min_score, t.position))
    fields = [(f.id, f.name) for f in edition.fields] + [(None, _("Lĩnh vực khác"))]
    sections = []
    for field_id, name in fields:
        listed = [(tier, awarded[(field_id, tier.code)]) for tier in tiers
                  if (field_id, tier.code) in awarded]
        if listed:
            sections.append((name, listed))
    return sections


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    target = form.next.data if is_safe_path(form.next.data) else url_for("public.home")
    response = redirect(target)
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, form.lang.data, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:
            current_user.locale = form.lang.data
    return response


def _is_organizer() -> bool:
    return current_user.is_authenticated and current_user.role in ORGANIZERS
