"""Signing in and out, registration, e-mail confirmation, passwords and invitations."""
from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from contest import notifications
from contest.extensions import limiter
from contest.forms.auth import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    RegisterForm,
)
from contest.models import TokenPurpose, User
from contest.permissions import PUBLIC, home_endpoint
from contest.security import SESSION_TOKEN_KEY, guard_blueprint, is_safe_path
from contest.services import DomainError, accounts, sessions, tokens
from contest.services.passwords import MIN_LENGTH
from contest.text import fold
from contest.views.transaction import on_refusal, page_again, roll_back

bp = Blueprint("auth", __name__)
guard_blueprint(bp, PUBLIC)


def _account_key() -> str:
    return "login-account:" + fold(request.form.get("email", ""))


def _login_failed(response) -> bool:
    """Only a refused password (or an unverified account, whose attempt mails a link) counts
    toward the login limits: a server error is no guess."""
    return g.get("login_refused", False)


def sign_in(user: User) -> None:
    """Open a server-side session for `user` in this browser (the request commits it)."""
    raw = sessions.start_session(user=user, ip=request.remote_addr,
                                 user_agent=request.headers.get("User-Agent"))
    session.clear()
    session.permanent = True
    session[SESSION_TOKEN_KEY] = raw
    login_user(user)


def landing(user: User, target: str | None = None):
    return redirect(target if is_safe_path(target) else url_for(home_endpoint(user)))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_login_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key, deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return landing(current_user, request.args.get("next"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(email=form.email.data, password=form.password.data)
        if user is not None and user.email_verified_at is None:
            g.login_refused = True
            token = tokens.issue_token(user=user, purpose=TokenPurpose.VERIFY,
                                       hours=accounts.VERIFY_TOKEN_HOURS)
            notifications.send_verification(user, token)
            form.email.errors.append(_("Bạn cần xác nhận địa chỉ e-mail trước khi đăng nhập. "
                                       "Chúng tôi vừa gửi lại liên kết xác nhận."))
        elif user is not None:
            sign_in(user)
            flash(_("Xin chào %(name)s!", name=user.full_name), "success")
            return landing(user, form.next.data)
        else:
            roll_back()
            g.login_refused = True
            form.password.errors.append(_("E-mail hoặc mật khẩu không đúng."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if ConfirmForm().validate_on_submit():
        sessions.end_session(session.get(SESSION_TOKEN_KEY))
        logout_user()
        session.clear()
        flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return landing(current_user)
    form = RegisterForm()

    def page():
        return render_template("auth/register.html", form=form, min_password_length=MIN_LENGTH)
    if form.validate_on_submit():
        on_refusal(page_again(page, at=form.password))
        user, token = accounts.register_entrant(
            email=form.email.data, full_name=form.full_name.data,
            password=form.password.data, phone=form.phone.data)
        email = form.email.data
        if user is None:
            notifications.send_already_registered(email)
        else:
            notifications.send_verification(user, token)
        return render_template("auth/check_email.html", email=form.email.data)
    return page()


@bp.route("/verify/<token>")
def verify_email(token: str):
    on_refusal(_link_invalid)
    accounts.verify_email(token)
    flash(_("Đã xác nhận e-mail. Mời bạn đăng nhập."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        found = accounts.request_password_reset(
            form.email.data, hours=current_app.config["RESET_TOKEN_HOURS"])
        if found:
            notifications.send_password_reset(*found)
        flash(_("Nếu địa chỉ này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu. "
                "Hãy kiểm tra hộp thư của bạn."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _password_from_link(token, TokenPurpose.RESET, accounts.reset_password,
                               _("Đã đặt mật khẩu mới. Mời bạn đăng nhập."))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _password_from_link(
        token, TokenPurpose.INVITE,
        lambda raw_token, new: accounts.accept_invitation(raw_token=raw_token, password=new),
        _("Tài khoản đã sẵn sàng. Mời bạn đăng nhập."))


def _link_invalid(error: DomainError):
    return render_template("auth/link_invalid.html", message=str(error)), 400


def _password_from_link(token: str, purpose: TokenPurpose, use_link, done_message: str):
    on_refusal(_link_invalid)
    user = tokens.find_token(token, purpose).user
    form = NewPasswordForm(email=user.email)
    template = "reset_password" if purpose == TokenPurpose.RESET else "invitation"

    def page():
        return render_template(f"auth/{template}.html", form=form, user=user)
    if form.validate_on_submit():
        on_refusal(page_again(page, at=form.password))
        use_link(raw_token=token, new=form.password.data)
        logout_user()
        session.clear()
        flash(done_message, "success")
        return redirect(url_for("auth.login"))
    return page()


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = ChangePasswordForm()

    def page():
        return render_template("auth/account.html", form=form)
    if form.validate_on_submit():
        on_refusal(page_again(page, at=form.current))
        accounts.change_password(user=current_user, current=form.current.data,
                                 new=form.password.data)
        sign_in(current_user._get_current_object())
        flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
        return redirect(url_for("auth.account"))
    return page()
