"""An organisation's code is the first segment of its addresses: none of the app's own."""
from __future__ import annotations

import pytest

from contest.models import OrganisationKind
from contest.services import DomainError
from contest.services.organisation_codes import RESERVED_CODES
from contest.services.organisations import create_organisation


def test_every_first_path_segment_of_the_app_is_reserved(app):
    segments = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}
    segments -= {"", "<code>"}
    assert segments <= RESERVED_CODES, segments - RESERVED_CODES


@pytest.mark.parametrize("code", ["login", "organizer", "judge", "entrant", "static", "healthz",
                                  "editions", "organisations", "Files"])
def test_a_reserved_code_is_refused(ctx, code):
    with pytest.raises(DomainError) as refused:
        create_organisation(code=code, name="Liên hiệp hội thử", kind=OrganisationKind.PROVINCIAL)
    assert str(refused.value) == (f"Mã “{code.lower()}” trùng với một địa chỉ của hệ thống; "
                                  "hãy chọn mã khác.")


def test_an_ordinary_code_is_accepted(ctx):
    made = create_organisation(code="can-tho", name="Liên hiệp hội TP Cần Thơ",
                               kind=OrganisationKind.PROVINCIAL)
    assert made.code == "can-tho"
