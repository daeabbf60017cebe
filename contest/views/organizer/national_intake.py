"""The national intake: a national organiser's page of what each province sent against its
quota and what each dossier lacks, with the feeds to set; a province's page of what arrived
from its edition, to withdraw or replace until the national deadline."""
from __future__ import annotations

from collections import Counter

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.extensions import db
from contest.forms.national import (
    FeedForm,
    ReplaceArrivalForm,
    WithdrawArrivalForm,
    parse_field_quotas,
)
from contest.models import Edition, Organisation
from contest.queries.entries import entry_by_code
from contest.queries.national_intake import (
    arrivals_from,
    arrivals_in,
    editions_of_provinces,
    feeds_of,
    provinces_of,
)
from contest.services.eligibility import dossier_problems
from contest.services.national_feeds import (
    is_national,
    replace_arrival,
    set_feed,
    withdraw_arrival,
)
from contest.views.loaders import load_arrival, load_national_edition
from contest.views.organizer import bp
from contest.views.transaction import back_to, on_refusal


def intake_url(edition_id: int) -> str:
    url = url_for("organizer.national_intake", edition_id=edition_id)
    on_refusal(back_to(url))
    return url


@bp.route("/editions/<int:edition_id>/national-intake")
def national_intake(edition_id: int):
    edition = load_national_edition(edition_id)
    return render_intake(edition, FeedForm())


def render_intake(edition: Edition, form: FeedForm):
    feeds = db.session.scalars(feeds_of(edition.id)).unique().all()
    arrivals = db.session.scalars(arrivals_in(edition.id)).unique().all()
    now = clock.now()
    arrived: dict[int, Counter] = {}
    for origin in arrivals:
        if origin.withdrawn_at is None:
            counts = arrived.setdefault(origin.province_id, Counter())
            counts[None] += 1
            counts[origin.entry.field.code if origin.entry.field else ""] += 1
    missing = {o.id: dossier_problems(o.entry, now=now) for o in arrivals}
    national_id = edition.contest.organisation_id
    form.province_id.choices = [(p.id, p.name) for p in db.session.scalars(
        provinces_of(national_id))]
    form.provincial_edition_id.choices = [(0, _("Tỉnh dùng máy chủ riêng (gửi gói hồ sơ)"))] + [
        (e.id, f"{e.contest.organisation.name} · {e.title}")
        for e in db.session.scalars(editions_of_provinces(national_id)).unique()]
    return render_template("organizer/national_intake.html", edition=edition, feeds=feeds,
                           arrivals=arrivals, arrived=arrived, missing=missing, form=form,
                           withdraw_form=WithdrawArrivalForm())


@bp.route("/editions/<int:edition_id>/national-intake/feeds", methods=["POST"])
def set_national_feed(edition_id: int):
    edition = load_national_edition(edition_id)
    form = FeedForm()
    render_intake(edition, form)  # fills the choices the submitted values are checked against
    if not form.validate_on_submit():
        return render_intake(edition, form), 400
    province = db.get_or_404(Organisation, form.province_id.data)
    provincial = db.session.get(Edition, form.provincial_edition_id.data) \
        if form.provincial_edition_id.data else None
    url = intake_url(edition.id)
    set_feed(national_edition=edition, province=province, provincial_edition=provincial,
             quota=form.quota.data, field_quotas=parse_field_quotas(form.field_quotas.data),
             actor=current_user)
    flash(_("Đã lưu chỉ tiêu của %(province)s.", province=province.name), "success")
    return redirect(url)


@bp.route("/editions/<int:edition_id>/national-sent")
def national_sent(edition_id: int):
    edition = load_national_edition(edition_id, national=False)
    arrivals = db.session.scalars(arrivals_from(edition.id)).unique().all()
    return render_template("organizer/national_sent.html", edition=edition, arrivals=arrivals,
                           withdraw_form=WithdrawArrivalForm(), replace_form=ReplaceArrivalForm())


def page_of(edition: Edition) -> str:
    endpoint = "organizer.national_intake" if is_national(edition) else "organizer.national_sent"
    url = url_for(endpoint, edition_id=edition.id)
    on_refusal(back_to(url))
    return url


@bp.route("/editions/<int:edition_id>/national-arrivals/<int:origin_id>/withdraw",
          methods=["POST"])
def withdraw_national_arrival(edition_id: int, origin_id: int):
    edition, origin = load_arrival(edition_id, origin_id)
    url, form = page_of(edition), WithdrawArrivalForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Không rút được hồ sơ."), "danger")
        return redirect(url)
    withdraw_arrival(origin=origin, reason=form.reason.data, actor=current_user,
                     now=clock.now())
    flash(_("Đã rút hồ sơ %(code)s khỏi vòng toàn quốc.", code=origin.origin_code), "success")
    return redirect(url)


@bp.route("/editions/<int:edition_id>/national-arrivals/<int:origin_id>/replace",
          methods=["POST"])
def replace_national_arrival(edition_id: int, origin_id: int):
    edition, origin = load_arrival(edition_id, origin_id)
    url, form = page_of(edition), ReplaceArrivalForm()
    if is_national(edition) or not form.validate_on_submit():
        flash(_("Hãy nhập mã hồ sơ thay thế và lý do."), "danger")
        return redirect(url)
    replacement = db.session.scalar(entry_by_code(edition.id, form.code.data))
    if replacement is None:
        flash(_("Không có hồ sơ mã %(code)s trong lần tổ chức này.", code=form.code.data),
              "danger")
        return redirect(url)
    replace_arrival(origin=origin, replacement=replacement, reason=form.reason.data,
                          actor=current_user, now=clock.now())
    flash(_("Đã thay hồ sơ %(old)s bằng %(new)s.", old=origin.origin_code,
            new=replacement.code), "success")
    return redirect(url)
