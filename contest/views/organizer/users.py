"""Organiser pages: the overview and the accounts."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import notifications
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.users import ROLE_LABELS, InviteForm, UserFilterForm
from contest.models import MemberRole, Organisation, Role
from contest.permissions import can_invite_role, can_manage_user
from contest.queries.accounts import edition_count, role_counts, users_list
from contest.queries.audit import audit_events
from contest.queries.editions import organised_contests
from contest.queries.organisations import acting_organisations, memberships_of
from contest.security import is_safe_path
from contest.services import accounts
from contest.services.organisations import add_membership
from contest.views.loaders import load_user
from contest.views.organizer import bp
from contest.views.params import paginate
from contest.views.transaction import back_to, on_refusal, page_again

# An invited organiser or judge acts within the organisation chosen on the form (entrant
# accounts are global, the admin is bound to none).
MEMBER_ROLES = {Role.ORGANIZER: MemberRole.ORGANIZER, Role.JUDGE: MemberRole.JUDGE}


@bp.route("/")
def dashboard():
    contests = db.session.scalars(organised_contests(current_user)).all()
    counts, editions = role_counts(current_user), edition_count(current_user)
    recent = db.session.scalars(audit_events(viewer=current_user).limit(10)).all()
    return render_template("organizer/dashboard.html", contests=contests, counts=counts,
                           editions=editions, recent=recent)


@bp.route("/users")
def users():
    filters = UserFilterForm(request.args)
    filters.validate()
    page = paginate(users_list(current_user, q=filters.q.data, role=filters.role.data or None))
    organisations: dict[int, list[Organisation]] = {}
    for user_id, organisation in db.session.execute(
            memberships_of([user.id for user in page.items])):
        organisations.setdefault(user_id, []).append(organisation)
    return render_template("organizer/users.html", page=page, filters=filters,
                           organisations=organisations,
                           confirm=ConfirmForm(), can_manage=can_manage_user,
                           role_labels=ROLE_LABELS)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    form = InviteForm()
    form.role.choices = [
        choice for choice in form.role.choices if can_invite_role(current_user, Role(choice.value))]
    organisations = {str(o.id): o for o in db.session.scalars(acting_organisations(current_user))}
    form.organisation.choices = [("", "—")] + [(key, o.name) for key, o in organisations.items()]
    if len(organisations) == 1 and not form.organisation.data:
        form.organisation.data = next(iter(organisations))  # their one organisation
    if form.validate_on_submit() and not (
            Role(form.role.data) in MEMBER_ROLES and form.organisation.data not in organisations):
        on_refusal(page_again(lambda: render_template("organizer/invite.html", form=form),
                              at=form.email))
        user, token = accounts.invite_user(
            actor=current_user, email=form.email.data, full_name=form.full_name.data,
            role=Role(form.role.data), hours=current_app.config["INVITE_TOKEN_HOURS"])
        if user.role in MEMBER_ROLES:
            add_membership(user, organisations[form.organisation.data], MEMBER_ROLES[user.role])
        notifications.send_invitation(user, token, current_user)
        flash(_("Đã gửi lời mời đến %(email)s.", email=user.email), "success")
        return redirect(url_for("organizer.users"))
    if form.is_submitted() and not form.errors and form.organisation.data not in organisations:
        form.organisation.errors = [_("Hãy chọn tổ chức mà người được mời làm việc.")]
    return render_template("organizer/invite.html", form=form)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_user_active(user_id: int):
    user = load_user(user_id)
    if not can_manage_user(current_user, user):
        abort(404)
    target = request.form.get("next")
    back = target if is_safe_path(target) else url_for("organizer.users")
    on_refusal(back_to(back))
    if ConfirmForm().validate_on_submit():
        active = request.form.get("active") == "1"
        accounts.set_user_active(actor=current_user, user=user, active=active)
        flash(_("Đã mở khóa tài khoản %(email)s.", email=user.email) if active
              else _("Đã khóa tài khoản %(email)s.", email=user.email), "success")
    return redirect(back)
