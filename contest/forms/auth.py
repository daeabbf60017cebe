"""Forms for signing in, registering and managing one's password."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField, TelField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from contest.forms.base import FlaskForm
from contest.services.passwords import password_problem

REQUIRED = _l("Vui lòng nhập thông tin này.")
BAD_EMAIL = _l("Địa chỉ e-mail không hợp lệ.")


def strip(value):
    return value.strip() if isinstance(value, str) else value


class PasswordPolicy:
    """Refuses short, common and guessable passwords (the typed e-mail and name are a guesser's
    first tries), with the reason in the user's language."""

    def __init__(self, email_field: str | None = "email", name_field: str = "full_name"):
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form, field):
        email = ""
        if self.email_field and self.email_field in form:
            email = form[self.email_field].data or ""
        name = (form[self.name_field].data or "") if self.name_field in form else ""
        problem = password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)


def email_field():
    return EmailField(_l("E-mail"), filters=[strip], validators=[
        InputRequired(REQUIRED), Length(max=254), Email(BAD_EMAIL, check_deliverability=False),
    ])


def new_password_fields():
    return (
        PasswordField(_l("Mật khẩu mới"), validators=[InputRequired(REQUIRED), PasswordPolicy()]),
        PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
            InputRequired(REQUIRED), EqualTo("password", _l("Hai mật khẩu không khớp nhau."))]),
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Mật khẩu"), validators=[InputRequired(REQUIRED)])
    next = HiddenField()


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), filters=[strip], validators=[
        InputRequired(REQUIRED),
        Length(min=2, max=200, message=_l("Họ và tên từ 2 đến 200 ký tự."))])
    email = email_field()
    phone = TelField(_l("Số điện thoại"), filters=[strip], validators=[
        Optional(), Length(max=30, message=_l("Số điện thoại quá dài."))])
    password = PasswordField(_l("Mật khẩu"), validators=[InputRequired(REQUIRED), PasswordPolicy()])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        InputRequired(REQUIRED), EqualTo("password", _l("Hai mật khẩu không khớp nhau."))])


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class NewPasswordForm(FlaskForm):
    """Reset link and invitation: the e-mail is known from the token, not typed."""

    password, confirm = new_password_fields()

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.known_email = email

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self.known_email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[InputRequired(REQUIRED)])
    password, confirm = new_password_fields()


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[InputRequired()])
    next = HiddenField()


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token: one-button POSTs (logout, deactivate)."""
