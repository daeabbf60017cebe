"""What every form shares: clean text, WTForms' messages in the visitor's language, and
numbers the database can hold.

Every form derives from Form or FlaskForm here, never from WTForms or Flask-WTF directly:
their Meta puts `clean_text` first among the filters of every text field, and gives WTForms'
built-in messages ("Not a valid choice." ...) from contest/translations/<lang>/wtforms.po.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path

import flask_wtf
import wtforms
from babel import support
from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields import PasswordField, StringField, TextAreaField

from contest.i18n import show_number
from contest.text import clean_text, plain_decimal

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
MAX_DIGITS = 9  # whole numbers: a PostgreSQL integer holds 2,147,483,647
WHOLE = re.compile(r"[+-]?[0-9]+")
# Points are stored as hundredths in an integer column: below 100,000, two decimals at most,
# leaves room for totals of 30 criteria, averages and spreads.
POINTS_DIGITS = 5
NOT_WHOLE = _l("Hãy nhập một số nguyên.")
TOO_LONG = _l("Hãy nhập một số nguyên có tối đa %(n)s chữ số.", n=MAX_DIGITS)
NOT_POINTS = _l("Hãy nhập một số, ví dụ 27,5.")
TOO_MANY_POINTS = _l("Hãy nhập một số nhỏ hơn 100.000, ví dụ 27,5.")
TOO_FINE = _l("Tối đa hai chữ số thập phân.")


def bounded_int(value) -> int:
    """A whole number of at most 9 digits (`coerce=` of id choices, `type=` of query
    parameters); anything else, "1e3", "²" and 400 nines included, raises ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError(value)
    if not WHOLE.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise ValueError(value)
    return int(text)


class _Catalog:
    """WTForms' own messages in the visitor's language; English is WTForms' text."""

    def gettext(self, string):
        return _catalog().ugettext(string)

    def ngettext(self, singular, plural, n):
        return _catalog().ungettext(singular, plural, n)


def _catalog() -> support.NullTranslations:
    locale = get_locale() if has_app_context() else None
    return _load(str(locale) if locale else "en")


@functools.cache
def _load(locale: str) -> support.NullTranslations:
    return support.Translations.load(str(TRANSLATIONS), [locale], domain="wtforms")


class _Meta:
    """Mixed into the Meta of both base forms."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            # Passwords are hashed, never stored or shown: they stay exactly as typed.
            multiline = issubclass(field_class, TextAreaField)
            options["filters"] = (functools.partial(_clean, multiline=multiline),
                                  *unbound_field.kwargs.get("filters", ()))
        return super().bind_field(form, unbound_field, options)

    def get_translations(self, form):
        # Flask-WTF's own lookup reads WTForms' catalogs, which have no Vietnamese.
        if has_app_context() and not current_app.config.get("WTF_I18N_ENABLED", True):
            return None
        return _Catalog()


def _clean(value, *, multiline: bool):
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


class Form(wtforms.Form):
    """A sub-form (a row of a table, an author); its parent holds the CSRF token."""

    class Meta(_Meta):
        pass


class FlaskForm(flask_wtf.FlaskForm):
    class Meta(_Meta):
        pass


class FilterForm(FlaskForm):
    """The filters of a list, read from the query string: a value the form refuses (an
    unknown choice, a malformed number) is dropped after validate(), so the list ignores it."""

    class Meta:
        csrf = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if field.errors:
                field.data = None
        return valid


class IntegerField(wtforms.IntegerField):
    """A whole number of at most 9 digits; "1e3", "1.5", "²" and longer numbers get the
    field's message instead of reaching the database."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip() if isinstance(valuelist[0], str) else ""
        self.data = None
        if not WHOLE.fullmatch(text):
            raise ValueError(self.invalid_value_message or NOT_WHOLE)
        if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            raise ValueError(TOO_LONG)
        self.data = int(text)


class PointsField(StringField):
    """A score such as 27,5 or 27.5: either decimal mark, shown in the visitor's notation.

    Below 100,000 with at most two decimals (the Points column); NaN, Infinity, exponents and
    hundreds of digits are refused; -0 is 0.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = clean_text(valuelist[0]).strip() if isinstance(valuelist[0], str) else ""
        self.data = None
        if not text:
            return
        value = plain_decimal(text)
        if value is None:
            raise ValueError(NOT_POINTS)
        whole, _, fraction = text.lstrip("+-").replace(",", ".").partition(".")
        if len(whole.lstrip("0")) > POINTS_DIGITS:
            raise ValueError(TOO_MANY_POINTS)
        if len(fraction.rstrip("0")) > 2:
            raise ValueError(TOO_FINE)
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return show_number(Decimal(self.data))
