"""The entrant's objection to a provisional result."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from contest.forms.auth import strip
from contest.forms.base import FlaskForm


class ObjectionForm(FlaskForm):
    reason = TextAreaField(_l("Nội dung khiếu nại"), filters=[strip], validators=[
        InputRequired(_l("Hãy trình bày lý do khiếu nại.")),
        Length(min=10, max=5000, message=_l("Lý do khiếu nại từ 10 đến 5.000 ký tự."))])
