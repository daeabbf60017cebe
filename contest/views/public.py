"""Public pages: the organisations with open editions; each organisation's contests, editions
and official results under its code (/vinh-long/...) or on a host of its own; the language
switch. The addresses without a code (/editions/5) are the pages of an organisation's own host,
and elsewhere redirect to the organisation's address."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db
from contest.forms.auth import LanguageForm
from contest.forms.dossier import NewEntryForm
from contest.i18n import LANGUAGE_COOKIE
from contest.models import AwardTier, Contest, Edition, Entry, Organisation, Phase, PublishedResult
from contest.permissions import ORGANIZERS, PUBLIC, can_start_entry
from contest.queries.editions import edition_with_setup
from contest.queries.public_site import contests_with_editions, organisations_by_name
from contest.queries.results import awarded_counts, awarded_rows, current_publication
from contest.security import guard_blueprint, is_safe_path
from contest.services.file_storage import uploads
from contest.views.organisation_site import host_code, site_organisation, site_url
from contest.views.params import paginate

bp = Blueprint("public", __name__)
guard_blueprint(bp, PUBLIC)
bp.add_app_template_global(site_url)
MOVED = 301


@bp.route("/")
def home():
    if host_code() is not None:
        return organisation_page(site_organisation())
    organisations = db.session.scalars(organisations_by_name()).all()
    contests = db.session.scalars(contests_with_editions()).all()
    return render_template("public/home.html", listing=listing(organisations, contests))


@bp.route("/<code>/", strict_slashes=False)  # /nowhere is a 404, not a redirect to one
def organisation(code: str):
    return organisation_page(site_organisation(code))


@bp.route("/<code>/logo.png")
def organisation_logo(code: str):
    found = site_organisation(code)
    try:
        logo = uploads().open(found.logo_key or "")
    except (FileNotFoundError, ValueError):
        abort(404)
    response = send_file(logo, mimetype="image/png", max_age=3600)
    response.headers["Content-Disposition"] = 'inline; filename="logo.png"'
    return response


@bp.route("/<code>/editions/<int:edition_id>")
def organisation_edition(code: str, edition_id: int):
    return edition_page(site_organisation(code), edition_id)


@bp.route("/<code>/editions/<int:edition_id>/results")
def organisation_results(code: str, edition_id: int):
    return results_page(site_organisation(code), edition_id)


@bp.route("/editions/<int:edition_id>")
def edition(edition_id: int):
    if host_code() is not None:
        return edition_page(site_organisation(), edition_id)
    found = visible_edition(edition_id)
    return redirect(url_for("public.organisation_edition", code=found.contest.organisation.code,
                            edition_id=edition_id, **request.args.to_dict()), MOVED)


@bp.route("/editions/<int:edition_id>/results")
def results(edition_id: int):
    if host_code() is not None:
        return results_page(site_organisation(), edition_id)
    found = visible_edition(edition_id)
    return redirect(url_for("public.organisation_results", code=found.contest.organisation.code,
                            edition_id=edition_id, **request.args.to_dict()), MOVED)


def listing(organisations: list[Organisation], contests: list[Contest]
            ) -> list[tuple[Organisation, list[Edition]]]:
    """Each organisation with its open editions (soonest deadline first): those with open
    editions first, then the rest, by name."""
    open_by_organisation: dict[int, list[Edition]] = {}
    for contest in contests:
        open_by_organisation.setdefault(contest.organisation_id, []).extend(
            e for e in contest.editions if e.phase == Phase.OPEN)
    rows = [(o, sorted(open_by_organisation.get(o.id, []),
                       key=lambda e: (e.submission_deadline_at is None, e.submission_deadline_at)))
            for o in organisations]
    return sorted(rows, key=lambda row: not row[1])


def public_editions(contest: Contest) -> list[Edition]:
    """A contest's editions the public sees: open ones first, then the newest."""
    shown = [e for e in contest.editions if e.phase != Phase.DRAFT]
    return sorted(shown, key=lambda e: (e.phase != Phase.OPEN, -e.number))


def organisation_page(found: Organisation):
    contests = db.session.scalars(contests_with_editions(found.id)).all()
    return render_template("public/organisation.html", organisation=found,
                           contests=[(c, public_editions(c)) for c in contests])


def visible_edition(edition_id: int, owner: Organisation | None = None) -> Edition:
    """The edition if the visitor may see it (drafts only for organisers) and it belongs to
    `owner` when one is given; else 404."""
    found = db.session.scalar(edition_with_setup(edition_id))
    if found is None or (found.phase == Phase.DRAFT and not _is_organizer()):
        abort(404)
    if owner is not None and found.contest.organisation_id != owner.id:
        abort(404)
    return found


def edition_page(owner: Organisation, edition_id: int):
    found = visible_edition(edition_id, owner)
    may_start = current_user.is_authenticated and can_start_entry(current_user, found)
    return render_template("public/edition.html", organisation=owner, edition=found,
                           may_start_entry=may_start, new_entry_form=NewEntryForm.fresh())


def results_page(owner: Organisation, edition_id: int):
    found = visible_edition(edition_id, owner)
    if found.phase != Phase.FINAL:
        abort(404)
    publication = current_publication(found)
    if publication is None or not publication.final:
        abort(404)
    tiers = sorted(found.award_tiers, key=lambda t: (-t.min_score, t.position))
    codes = [t.code for t in tiers]
    page = paginate(awarded_rows(publication.id, codes))
    counts = {(field_id, award): count for field_id, award, count in db.session.execute(
        awarded_counts(publication.id, codes))}
    return render_template("public/results.html", organisation=owner, edition=found, page=page,
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
