"""An organisation's settings page (name, place on documents, logo) for its organisers and
the platform's admins."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.forms.organisations import OrganisationSettingsForm
from contest.models import Organisation
from contest.permissions import ORGANIZERS
from contest.security import guard_blueprint
from contest.services.organisation_settings import update_organisation
from contest.views import loaders
from contest.views.transaction import on_refusal, page_again

bp = Blueprint("organisations", __name__, url_prefix="/organisations")
guard_blueprint(bp, ORGANIZERS)


def load_organisation(code: str) -> Organisation:
    """The organisation an organiser acts within (the admin: any), or 404."""
    return loaders.load_organisation(code)


@bp.route("/<code>/settings", methods=["GET", "POST"])
def settings(code: str):
    organisation = load_organisation(code)
    form = OrganisationSettingsForm(obj=organisation)

    def render():
        return render_template("organisations/settings.html", organisation=organisation,
                               form=form)

    if form.validate_on_submit():
        on_refusal(page_again(render, at=form.logo))
        logo = form.logo.data or None
        update_organisation(organisation=organisation, actor=current_user, name=form.name.data,
                            document_place=form.document_place.data or "",
                            logo=logo.stream if logo else None,
                            logo_name=logo.filename if logo else "")
        flash(_("Đã lưu cài đặt của tổ chức."), "success")
        return redirect(url_for("organisations.settings", code=organisation.code))
    return render()
