"""Saving score sheets: reopened sheets, two tabs, autosaves with versions."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from contest.extensions import db
from contest.models import Assignment, Edition, Role, SheetStatus
from contest.services.scoring import reopen_sheet
from tests import factories
from tests.conftest import csrf_token
from tests.views.judge_sheets.world import assignments_of, stored_sheet


def test_reopened_sheet_can_be_corrected(client, auth, app, judging):
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        criteria = [c.id for c in db.session.get(Edition, judging["edition"]).criteria]
    scores = {f"score_{cid}": "5" for cid in criteria}
    auth.post(f"/judge/assignments/{first}", {"version": "0", **scores, "finalise": "1"})
    with app.app_context():
        organiser = factories.make_user(Role.ORGANIZER)
        reopen_sheet(sheet=db.session.get(Assignment, first).sheet, actor=organiser,
                     reason="Giám khảo nhập nhầm điểm tiêu chí 1")
        db.session.commit()
    page = client.get(f"/judge/assignments/{first}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    fixed = auth.post(f"/judge/assignments/{first}", {"version": version, **scores,
                                                      f"score_{criteria[0]}": "6", "save": "1"})
    assert fixed.status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, first).sheet.total == Decimal(26)


def test_two_tabs_second_save_gets_a_conflict(client, auth, app, judging):
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        moi = db.session.get(Edition, judging["edition"]).criteria[0].id
    token = csrf_token(client)
    one = client.post(f"/judge/assignments/{first}/autosave",
                      data={"version": "0", f"score_{moi}": "20", "csrf_token": token})
    assert one.get_json() == {"ok": True, "version": 1, "total": "20.00"}
    two = client.post(f"/judge/assignments/{first}/autosave",
                      data={"version": "0", f"score_{moi}": "25", "csrf_token": token})
    assert two.status_code == 409
    assert "vừa được lưu ở một cửa sổ hoặc thiết bị khác" in two.get_json()["message"]
    form = auth.post(f"/judge/assignments/{first}", {"version": "0", f"score_{moi}": "26",
                                                     "save": "1"})
    assert 'value="26"' in form.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assignment, first).sheet.total == Decimal(20)


@pytest.mark.parametrize("version", [None, "", "abc", "1.0", "9" * 5000])
def test_an_autosave_without_a_usable_version_is_refused_and_changes_nothing(
        auth, app, drafted, version):
    first, criteria = drafted["assignment"], drafted["criteria"]
    data = {f"score_{criteria['moi']}": "", f"comment_{criteria['moi']}": "", "comment": ""}
    if version is not None:
        data["version"] = version
    refused = auth.post(f"/judge/assignments/{first}/autosave", data)
    assert refused.status_code == 400
    assert refused.get_json() == {"ok": False, "message": (
        "Chưa lưu: yêu cầu lưu không kèm số phiên bản của phiếu chấm. Hãy tải lại trang rồi "
        "nhập lại.")}
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]


def test_a_page_save_without_a_version_is_refused_with_a_message(auth, app, drafted):
    first, criteria = drafted["assignment"], drafted["criteria"]
    page = auth.post(f"/judge/assignments/{first}", {
        f"score_{criteria['moi']}": "", "comment": "", "save": "1"})
    assert page.status_code == 200
    assert ("Chưa lưu: yêu cầu lưu không kèm số phiên bản của phiếu chấm. Hãy tải lại trang rồi "
            "nhập lại.") in page.get_data(as_text=True)
    finalised = auth.post(f"/judge/assignments/{first}", {"finalise": "1"})
    assert finalised.status_code == 200
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]
        assert db.session.get(Assignment, first).sheet.status == SheetStatus.DRAFT


def test_a_partial_autosave_changes_only_the_fields_it_carries(auth, app, drafted):
    first, criteria = drafted["assignment"], drafted["criteria"]
    scores, comment, _version, saves = drafted["before"]

    nothing = auth.post(f"/judge/assignments/{first}/autosave", {"version": "1"})
    assert nothing.get_json() == {"ok": True, "version": 1, "total": "40.00"}
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]

    one = auth.post(f"/judge/assignments/{first}/autosave", {
        "version": "1", f"score_{criteria['moi']}": "20"})
    assert one.get_json() == {"ok": True, "version": 2, "total": "52.00"}
    with app.app_context():
        assert stored_sheet(first) == (
            {**scores, "moi": (Decimal(20), "Nhận xét moi")}, comment, 2, saves + 1)

    # Present but empty is not absent: it clears that score, that comment, that field only.
    cleared = auth.post(f"/judge/assignments/{first}/autosave", {
        "version": "2", f"score_{criteria['ap-dung']}": "", f"comment_{criteria['moi']}": ""})
    assert cleared.get_json() == {"ok": True, "version": 3, "total": "44.00"}
    with app.app_context():
        assert stored_sheet(first) == (
            {**scores, "moi": (Decimal(20), ""), "ap-dung": (None, "Nhận xét ap-dung")},
            comment, 3, saves + 2)
