"""Hypothesis strategies for hostile form posts, built from a form's own fields.

A post starts from values the form accepts (what its page shows) and replaces some of them by
hostile values: numbers with hundreds of digits, 1e309, NaN, control characters, RTL marks,
emoji, 100,000 characters, unknown choices; fields go missing, come twice, or are joined by
unknown ones. (Lone surrogates cannot travel in HTTP form data, so they are not generated.)
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from hypothesis import strategies as st
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    FileField,
    FloatField,
    FormField,
    IntegerField,
    PasswordField,
    SelectFieldBase,
    SelectMultipleField,
    SubmitField,
)
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields import EmailField

from tests import factories
from tests.sample_files import image_bytes, pdf_bytes

HUGE = "9" * 400
NUMBERS = [
    HUGE, "-" + HUGE, "0." + HUGE, HUGE + ".5", "1e309", "-1e309", "1e-400", "NaN", "nan",
    "Infinity", "-Infinity", "inf", "-0", "-0.0", "0", "-1", "1e5", "1E5", "2.5e3", "1e+2",
    "0x1F", "1_000", "1,5", "12,5", " 7 ", "+3", "0007", str(2**31), str(2**63), str(-2**63 - 1),
    "١٢٣", "１２", "½", "3.", ".5", "1.2.3",
]
TEXTS = [
    "", " ", "\t", "\x00", "Tên\x00giải pháp", "".join(map(chr, range(1, 32))),
    "".join(map(chr, range(0x7F, 0xA0))), "\u202eđảo chiều\u202c", "\u200fשלום\u200f",
    "\u200b\u200c\u200d\ufeff", "😀" * 20, "👨‍👩‍👧‍👦🇻🇳", "\uffff\ufffe", "\r\n\r\n", "a\rb",
    "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"http://x\")", "../../etc/passwd",
    "%s%n{0}{{7*7}}", "ǅǈǋ", "x" * 100_000, "Ư" * 3000,
]
NUMERIC = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")
SWEEP_NUMBERS = ["1e309", HUGE, "NaN"]
SWEEP_TEXTS = ["Tên\x00giải pháp", "\u202e" + "x" * 100_000, "😀\u200f\x01\x9f"]
CHOICES = ["xyz", "999999", "-1", "0", "None", "true", "[]", "1; DROP TABLE entry"]
NAMES = ["ảnh.png", "", "a" * 300 + ".pdf", "\x00.pdf", "..\\..\\boot.ini", "😀.jpg", "x"]


class Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = Missing()


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart post."""

    content: bytes
    filename: str

    def part(self) -> tuple[io.BytesIO, str]:
        return io.BytesIO(self.content), self.filename

    def __repr__(self) -> str:
        return f"<file {self.filename[:40]!r}, {len(self.content)} bytes>"


@dataclass(frozen=True)
class Post:
    """The (key, value) pairs of one form post; its repr is short enough to read."""

    pairs: tuple[tuple[str, object], ...]
    csrf: str  # "ok", "missing" or "wrong"

    @property
    def multipart(self) -> bool:
        return any(isinstance(value, Upload) for _key, value in self.pairs)

    def __repr__(self) -> str:
        def short(value):
            text = repr(value)
            return text if len(text) <= 60 else f"{text[:40]}…({len(text)} chars)"
        return f"Post(csrf={self.csrf}, {', '.join(f'{k}={short(v)}' for k, v in self.pairs)})"


@dataclass(frozen=True)
class Spec:
    """What the fuzzer knows of one input: its name, kind and a value it accepts."""

    name: str
    accepted: object
    file: bool = False
    select: bool = False
    multiple: bool = False
    numeric: bool = False


def specs(form) -> list[Spec]:
    """The inputs of a form (inside a request context), each with a value it accepts."""
    return [Spec(f.name, baseline(f), file=isinstance(f, FileField),
                 select=isinstance(f, SelectFieldBase), multiple=isinstance(f, SelectMultipleField),
                 numeric=is_numeric(f))
            for f in leaf_fields(form)]


def is_numeric(field) -> bool:
    """A number input: an IntegerField or DecimalField, or text that holds a number (scores)."""
    if isinstance(field, IntegerField | DecimalField | FloatField):
        return True
    return bool(NUMERIC.match(str(baseline(field)))) or "score" in field.name


def sweep(fields: list[Spec], raw: dict[str, tuple]) -> list[Post]:
    """One post per input, the others accepted: the input gets a value its kind must refuse
    or take harmlessly (deterministic, so every input meets one in every run)."""
    found = []
    for index, spec in enumerate(fields):
        if spec.file:
            continue
        hostile_value = (SWEEP_NUMBERS if spec.numeric else SWEEP_TEXTS)[index % 3]
        pairs = [(f.name, hostile_value if f is spec else f.accepted) for f in fields]
        pairs += [(name, values[0]) for name, values in raw.items() if values[0] is not None]
        found.append(Post(tuple(_flat(pairs)), "ok"))
    return found


def _flat(pairs):
    for name, value in pairs:
        if value is MISSING:
            continue
        yield from ((name, v) for v in (value if isinstance(value, list) else [value]))


def leaf_fields(form):
    """The fields a browser posts, FieldList/FormField expanded to names like criteria-0-name."""
    for item in form:
        if isinstance(item, FieldList):
            for entry in item.entries:
                yield from leaf_fields([entry] if not isinstance(entry, FormField) else entry)
        elif isinstance(item, FormField):
            yield from leaf_fields(item)
        elif not isinstance(item, CSRFTokenField):
            yield item


def list_names(form) -> list[str]:
    """An index far beyond the rows of each FieldList: a row the page never showed."""
    names = []
    for item in form:
        if isinstance(item, FieldList) and item.entries:
            entry = item.entries[0]
            subs = [f.short_name for f in entry] if isinstance(entry, FormField) else [""]
            names += [f"{item.name}-{index}" + (f"-{sub}" if sub else "")
                      for index in ("99999999999999999999", "-1", "x") for sub in subs[:1]]
    return names


def baseline(field) -> object:
    """A value the field accepts: what its page shows, or a plausible one."""
    if isinstance(field, FileField):
        return Upload(image_bytes(), "san-pham.png")
    if isinstance(field, SubmitField):
        return MISSING
    if isinstance(field, BooleanField):
        return "y" if field.data else MISSING
    if isinstance(field, SelectMultipleField):
        values = [str(v) for v in (field.data or [])]
        return values or [str(c[0]) for c in list(field.iter_choices())[:1]] or MISSING
    if isinstance(field, SelectFieldBase):
        if field.data not in (None, ""):
            return str(field.data)
        choices = [str(c[0]) for c in field.iter_choices()]
        return choices[-1] if choices else ""
    if isinstance(field, PasswordField):
        return factories.PASSWORD
    value = field._value()
    if isinstance(field, EmailField) and not value:
        return "fuzz@example.vn"
    return value


def hostile(spec: Spec) -> st.SearchStrategy:
    """Values an input should refuse (or take harmlessly): typed for its kind of input."""
    base = [st.sampled_from(TEXTS), st.sampled_from(NUMBERS),
            st.text(st.characters(exclude_categories=["Cs"]), max_size=40)]
    if spec.numeric:
        base = [st.sampled_from(NUMBERS), st.sampled_from(NUMBERS), st.sampled_from(TEXTS),
                st.integers(-10**30, 10**30).map(str)]
    if spec.file:
        return st.builds(Upload, st.one_of(st.binary(max_size=2000), st.sampled_from(
            [b"", pdf_bytes(), b"%PDF-1.4\n" + b"\x00" * 100, image_bytes()[:50]])),
            st.sampled_from(NAMES))
    if spec.select:
        base.append(st.sampled_from(CHOICES))
    if spec.multiple:
        base.append(st.lists(st.sampled_from(CHOICES + NUMBERS[:6]), max_size=4))
    return st.one_of(*base)


@st.composite
def posts(draw, fields: list[Spec], raw: dict[str, tuple], extra_names: list[str]):
    """A post: each field kept, replaced, dropped or sent twice; each key the view reads by hand
    (`raw`: the values it understands, the first one sent by default, None meaning absent)
    sometimes changed; sometimes keys no page shows."""
    # Mostly one input changed (the others valid, so the post reaches the deepest checks),
    # sometimes a few, sometimes every one.
    rate = draw(st.sampled_from([0.0, 0.0, 0.0, 0.1, 0.5, 1.0]))
    chosen = draw(st.integers(0, len(fields) - 1)) if fields and rate == 0 else -1
    pairs: list[tuple[str, object]] = []
    for index, field in enumerate(fields):
        value = field.accepted
        if index == chosen or draw(st.floats(0, 1)) < rate:
            value = draw(st.one_of(hostile(field), hostile(field), hostile(field),
                                   st.just(MISSING), st.just("")))
        if value is MISSING:
            continue
        values = value if isinstance(value, list) else [value]
        if not field.file and draw(st.floats(0, 1)) < rate / 4:
            values = [*values, draw(hostile(field))]  # the same key twice
        pairs += [(field.name, v) for v in values]
    for name, meaningful in raw.items():
        value = meaningful[0]
        if draw(st.floats(0, 1)) < max(rate, 0.2):
            value = draw(st.one_of(st.sampled_from(meaningful),
                                   st.sampled_from(TEXTS + NUMBERS + CHOICES)))
        if value is not None:
            pairs.append((name, value))
    for name in extra_names:
        if draw(st.floats(0, 1)) < rate / 2:
            pairs.append((name, draw(st.one_of(st.sampled_from(TEXTS + NUMBERS + CHOICES)))))
    if draw(st.booleans()):
        pairs.append((draw(st.sampled_from(["zz_unknown", "id", "owner_id", "role", "phase"])),
                      draw(st.sampled_from(TEXTS[:12] + NUMBERS[:8]))))
    csrf = draw(st.sampled_from(["ok"] * 18 + ["missing", "wrong"]))
    return Post(tuple(pairs), csrf)
