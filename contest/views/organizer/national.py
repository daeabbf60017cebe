"""National selection for organisers: propose the list from the results, adjust it with
reasons, then lock it."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.results import AddPickForm, RemovePickForm
from contest.models import Edition
from contest.queries.entries import entry_by_code
from contest.queries.national import national_picks, picked_rows
from contest.services import national as selection
from contest.services.results import award_overrides, final_award
from contest.views.loaders import load_edition, load_pick
from contest.views.organizer import bp
from contest.views.transaction import back_to, on_refusal


def back(edition_id: int):
    return redirect(national_page(edition_id))


def national_page(edition_id: int) -> str:
    """Where a change to the list goes back to, done or refused."""
    url = url_for("organizer.national", edition_id=edition_id)
    on_refusal(back_to(url))
    return url


@bp.route("/editions/<int:edition_id>/national")
def national(edition_id: int):
    edition = load_edition(edition_id)
    return render_national(edition, AddPickForm())


def render_national(edition: Edition, add_form: AddPickForm):
    """The list with each entry's award (after overrides) in the chosen results."""
    run_id = edition.provisional_run_id
    overrides = award_overrides(edition)
    names = {t.code: t.name for t in edition.award_tiers}
    awards = {row.entry_id: names.get(final_award(row, overrides)) for row in
              db.session.scalars(picked_rows(edition.id, run_id))} if run_id else {}
    return render_template(
        "organizer/national.html", edition=edition, run_id=run_id, awards=awards,
        picks=db.session.scalars(national_picks(edition.id)).all(), add_form=add_form,
        remove_form=RemovePickForm(), confirm=ConfirmForm(), tier_names=names,
        locked=edition.national_locked_at is not None)


@bp.route("/editions/<int:edition_id>/national/propose", methods=["POST"])
def propose_national(edition_id: int):
    edition = load_edition(edition_id)
    national_page(edition.id)
    if ConfirmForm().validate_on_submit():
        selection.propose_national(edition=edition, actor=current_user)
        flash(_("Đã đề xuất danh sách theo kết quả."), "success")
    return back(edition.id)


@bp.route("/editions/<int:edition_id>/national/add", methods=["POST"])
def add_pick(edition_id: int):
    edition = load_edition(edition_id)
    form = AddPickForm()
    if not form.validate_on_submit():
        return render_national(edition, form), 400
    entry = db.session.scalar(entry_by_code(edition.id, form.code.data))
    if entry is None:
        form.code.errors.append(_("Không có hồ sơ mã %(code)s trong lần tổ chức này.",
                                  code=form.code.data))
        return render_national(edition, form), 400
    national_page(edition.id)
    selection.add_pick(edition=edition, entry=entry, reason=form.reason.data, actor=current_user)
    flash(_("Đã thêm hồ sơ %(code)s vào danh sách.", code=entry.code), "success")
    return back(edition.id)


@bp.route("/national-picks/<int:pick_id>/remove", methods=["POST"])
def remove_pick(pick_id: int):
    pick = load_pick(pick_id)
    edition_id, code, form = pick.edition_id, pick.entry.code, RemovePickForm()
    national_page(edition_id)
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Không bỏ được hồ sơ."), "danger")
    else:
        selection.remove_pick(pick=pick, reason=form.reason.data, actor=current_user)
        flash(_("Đã bỏ hồ sơ %(code)s khỏi danh sách.", code=code), "success")
    return back(edition_id)


@bp.route("/editions/<int:edition_id>/national/lock", methods=["POST"])
def lock_national(edition_id: int):
    edition = load_edition(edition_id)
    national_page(edition.id)
    if ConfirmForm().validate_on_submit():
        selection.lock_national(edition=edition, actor=current_user, now=clock.now())
        flash(_("Đã khóa danh sách dự thi toàn quốc."), "success")
    return back(edition.id)
