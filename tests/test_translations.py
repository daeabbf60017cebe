"""The English catalog: complete, in step with the source, and switched on by the language form.

Vietnamese is the source language (the msgids), so it needs no catalog of its own. After adding
or changing text, run `make extract-messages`, translate the new entries in
contest/translations/en/LC_MESSAGES/messages.po, and `make translations` compiles them.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import render_template_string

from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "contest" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as in `make extract-messages`
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
VI_HEADING = "Các cuộc thi sáng tạo"
EN_HEADING = "Innovation contests"


def load_en_catalog():
    with EN_PO.open("rb") as handle:
        return read_po(handle, locale="en")


def as_tuple(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def extract_source_msgids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    return {
        as_tuple(message)[0]
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS)
    }


def test_english_catalog_is_complete_and_keeps_placeholders():
    catalog = load_en_catalog()
    assert not catalog.fuzzy, "the catalog header is marked fuzzy; compile would skip it"
    untranslated, fuzzy, mismatched = [], [], []
    for message in catalog:
        if not message.id:
            continue
        msgids, msgstrs = as_tuple(message.id), as_tuple(message.string)
        if message.fuzzy:
            fuzzy.append(msgids[0])
        if not all(msgstrs):
            untranslated.append(msgids[0])
            continue
        expected = Counter(PLACEHOLDER.findall(msgids[0]))
        if any(Counter(PLACEHOLDER.findall(text)) != expected for text in msgstrs):
            mismatched.append(msgids[0])
    assert not untranslated, f"untranslated in {EN_PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {EN_PO.name}: {fuzzy}"
    assert not mismatched, f"placeholders differ from the msgid: {mismatched}"


def test_every_source_string_is_in_the_english_catalog():
    catalog = load_en_catalog()
    known = {as_tuple(message.id)[0] for message in catalog if message.id}
    extracted = extract_source_msgids()
    assert extracted, "extraction found no messages: is babel.cfg still valid?"
    missing = sorted(extracted - known)
    assert not missing, (
        "run `make extract-messages` and translate these in "
        f"contest/translations/en/LC_MESSAGES/messages.po: {missing}")


def switch_language(client, lang: str):
    return client.post("/language", data={"lang": lang, "next": "/",
                                          "csrf_token": csrf_token(client)},
                       follow_redirects=True)


def test_language_switch_between_vietnamese_and_english(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi"' in page
    assert VI_HEADING in page
    assert EN_HEADING not in page

    response = switch_language(client, "en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.request.path == "/"
    assert '<html lang="en"' in page
    assert EN_HEADING in page
    assert VI_HEADING not in page
    assert client.get("/").get_data(as_text=True).count(EN_HEADING) == 1  # the choice sticks

    page = switch_language(client, "vi").get_data(as_text=True)
    assert '<html lang="vi"' in page
    assert VI_HEADING in page
    assert EN_HEADING not in page


def test_dates_are_day_month_year_in_both_languages(app):
    template = "{{ day|show_date }} · {{ moment|show_datetime }}"
    values = {"day": date(2025, 7, 31), "moment": datetime(2025, 7, 31, 17, 30, tzinfo=UTC)}
    for lang in ("vi", "en"):
        with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
            # 17:30 UTC is 00:30 the next day in Asia/Ho_Chi_Minh.
            assert render_template_string(template, **values) == "31/07/2025 · 00:30 01/08/2025"
