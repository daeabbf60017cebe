"""Public pages: contests, their editions and official results, and the language switch."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db
from contest.forms.auth import LanguageForm
from contest.forms.dossier import NewEntryForm
from contest.i18n import LANGUAGE_COOKIE
from contest.models import AwardTier, Edition, Entry, Phase, PublishedResult
from contest.permissions import ORGANIZERS, PUBLIC, can_start_entry
from contest.queries.editions import edition_with_setup, public_contests
from contest.queries.results import awarded_counts, awarded_rows, current_publication
from contest.security import guard_blueprint, is_safe_path
from contest.views.params import paginate

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
    tiers = sorted(found.award_tiers, key=lambda t: (-t.min_score, t.position))
    codes = [t.code for t in tiers]
    page = paginate(awarded_rows(publication.id, codes))
    counts = {(field_id, award): count for field_id, award, count in db.session.execute(
        awarded_counts(publication.id, codes))}
    return render_template("public/results.html", edition=found, page=page,
                           fields=field_index(found, counts, page.per_page),
                           sections=page_sections(found, tiers, page.items, counts))


def _fields(edition: Edition) -> list[tuple[int | None, str]]:
    return [(f.id, f.name) for f in edition.fields] + [(None, _("Lĩnh vực khác"))]


def field_index(edition: Edition, counts: dict[tuple[int | None, str], int], per_page: int
                ) -> list[tuple[int | None, str, int, int]]:
    """The fields with awards, in the list's order: (id, name, awarded entries, the page the
    field starts on)."""
    index, before = [], 0
    for field_id, name in _fields(edition):
        count = sum(n for (field, _award), n in counts.items() if field == field_id)
        if count:
            index.append((field_id, name, count, before // per_page + 1))
            before += count
    return index


def page_sections(edition: Edition, tiers: list[AwardTier], rows: list[PublishedResult],
                  counts: dict[tuple[int | None, str], int]
                  ) -> list[tuple[int | None, str, list[tuple[AwardTier, int, list[Entry]]]]]:
    """One page of the official list grouped as published: (field id, field name, [(tier,
    entries in the tier, this page's entries of it)]) in the rows' order."""
    names = dict(_fields(edition))
    by_code = {t.code: t for t in tiers}
    sections: list = []
    for row in rows:
        field_id = row.entry.field_id
        if not sections or sections[-1][0] != field_id:
            sections.append((field_id, names.get(field_id, names[None]), []))
        listed = sections[-1][2]
        if not listed or listed[-1][0].code != row.award:
            listed.append((by_code[row.award], counts.get((field_id, row.award), 0), []))
        listed[-1][2].append(row.entry)
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
