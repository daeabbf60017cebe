"""Command-line parameter types: whole numbers the database can hold, refused in Vietnamese."""
from __future__ import annotations

import click

from contest.forms.base import MAX_DIGITS, bounded_int


class WholeNumber(click.ParamType):
    """An id or a count of at most 9 digits (a PostgreSQL integer); anything else is refused
    before any query runs."""

    name = "number"

    def convert(self, value, param, ctx):
        try:
            return bounded_int(value)
        except ValueError:
            self.fail(f"“{value}” không phải là một số nguyên có tối đa {MAX_DIGITS} chữ số.",
                      param, ctx)


WHOLE_NUMBER = WholeNumber()
