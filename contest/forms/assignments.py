"""Organiser forms about judging: automatic assignment, manual changes, reopening a sheet."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from contest.forms.auth import REQUIRED, strip
from contest.forms.base import FlaskForm, IntegerField
from contest.models import Judge


class AutoAssignForm(FlaskForm):
    """The seed makes a run repeatable: the same entries, judges and seed give the same plan."""

    seed = IntegerField(_l("Hạt giống ngẫu nhiên"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=2**31 - 1)])


class JudgeChoiceForm(FlaskForm):
    """One judge of the edition, chosen from a list (adding or swapping a judge by hand)."""

    judge = SelectField(_l("Giám khảo"), coerce=int,
                        validators=[InputRequired(_l("Hãy chọn một giám khảo."))])

    def __init__(self, *args, judges: list[tuple[Judge, bool]], **kwargs):
        """judges: (judge, sits on the entry field's panel) pairs, in the order shown."""
        super().__init__(*args, **kwargs)
        self.judge.choices = [SelectChoice(judge.id, judge_label(judge, on_panel))
                              for judge, on_panel in judges]


class ReopenSheetForm(FlaskForm):
    reason = TextAreaField(_l("Lý do mở lại"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do mở lại phiếu chấm.")), Length(max=1000)])


def judge_label(judge: Judge, on_panel: bool = True) -> str:
    """“Name — unit”: the unit is what decides conflicts, so the organiser sees it."""
    user = judge.user
    label = f"{user.full_name} — {user.unit.name}" if user.unit else user.full_name
    return label if on_panel else str(_l("%(judge)s (ngoài tiểu ban)", judge=label))
