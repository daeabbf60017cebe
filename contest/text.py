"""Text helpers shared by models, services, forms, imports and search."""
import re
import unicodedata
from decimal import Decimal


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces, for search keys."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# Control characters (C0, DEL, C1) and lone surrogates are never stored. In one-line text the
# whitespace ones become a space; multi-line text keeps tabs and newlines (\r\n becomes \n).
_CONTROLS = {code: None for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_ONE_LINE = _CONTROLS | {ord(ch): " " for ch in "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"}
_MULTI_LINE = _CONTROLS | {ord("\t"): "\t"} | {ord(ch): "\n" for ch in "\n\v\f\r\x85\u2028\u2029"}
_SURROGATES = re.compile("[\ud800-\udfff]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """The text without control characters; newlines and tabs kept only when multi-line."""
    text = _SURROGATES.sub("", text.replace("\r\n", "\n"))
    return text.translate(_MULTI_LINE if multiline else _ONE_LINE)


def plain_decimal(text: str) -> Decimal | None:
    """A number as people type it, 27,5 or 27.5 (-0 is 0); None for anything else: exponents,
    NaN, Infinity, thousands separators, digits of other scripts."""
    text = text.strip()
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ".")) + 0
