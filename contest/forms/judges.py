"""Organiser forms about judges: adding or inviting one, and the panels they sit on."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from contest.forms.auth import email_field, strip
from contest.forms.base import FlaskForm
from contest.models import Edition


class PanelsForm(FlaskForm):
    """The fields whose panels a judge sits on in the current round."""

    fields = SelectMultipleField(_l("Tiểu ban (lĩnh vực)"), coerce=int)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.choices = [SelectChoice(f.id, f.name) for f in edition.fields]


class AddJudgeForm(PanelsForm):
    """A judge by e-mail: an existing judge account, or a new one invited by e-mail."""

    email = email_field()
    full_name = StringField(_l("Họ và tên (khi mời tài khoản mới)"), filters=[strip],
                            validators=[Optional(), Length(min=2, max=200)])
    unit = StringField(_l("Đơn vị công tác"), filters=[strip],
                       validators=[Optional(), Length(max=255)])
    fields = SelectMultipleField(_l("Tiểu ban (lĩnh vực)"), coerce=int, validators=[
        InputRequired(_l("Hãy chọn ít nhất một lĩnh vực."))])
