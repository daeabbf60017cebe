"""Organiser forms about accounts and the audit log."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from contest.forms.auth import REQUIRED, email_field, strip
from contest.forms.base import FilterForm, FlaskForm
from contest.models import Role

ROLE_LABELS = {
    Role.ENTRANT: _l("Thí sinh"),
    Role.JUDGE: _l("Giám khảo"),
    Role.ORGANIZER: _l("Ban tổ chức"),
    Role.ADMIN: _l("Quản trị viên"),
}


class InviteForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), filters=[strip], validators=[
        InputRequired(REQUIRED), Length(min=2, max=200)])
    email = email_field()
    role = SelectField(_l("Vai trò"), validators=[InputRequired(REQUIRED)],
                       choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    # The organisation a new organiser or judge acts within (the view lists the inviter's own).
    organisation = SelectField(_l("Tổ chức"), validators=[Optional()], choices=[])


class UserFilterForm(FilterForm):
    q = StringField(_l("Tìm theo tên hoặc e-mail"), filters=[strip], validators=[Optional()])
    role = SelectField(_l("Vai trò"), validators=[Optional()], choices=[
        SelectChoice("", _l("Tất cả")),
        *(SelectChoice(r.value, label) for r, label in ROLE_LABELS.items())])


class AuditFilterForm(FilterForm):
    action = StringField(_l("Hành động"), filters=[strip], validators=[Optional()])
    object_type = StringField(_l("Loại đối tượng"), filters=[strip], validators=[Optional()])
    actor = StringField(_l("Người thực hiện (e-mail)"), filters=[strip], validators=[Optional()])
    date_from = DateField(_l("Từ ngày"), validators=[Optional()])
    date_to = DateField(_l("Đến ngày"), validators=[Optional()])
