"""Every endpoint that accepts POST: who posts there, at which objects, with which forms.

The forms are built as their views build them (same constructor arguments, and on pages that
show stored values, the stored values), inside a test request context; their field names are
what the fuzzer posts. `raw` names keys a view reads from request.form outside any form.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_wtf import FlaskForm

from contest.extensions import db
from contest.forms.assignments import AutoAssignForm, ReopenSheetForm
from contest.forms.attachments import AttachmentForm
from contest.forms.auth import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    RegisterForm,
)
from contest.forms.dossier import BulkScreeningForm, NewEntryForm, ScreeningForm
from contest.forms.editions import CreateEditionForm, EditionSettingsForm, PhaseForm
from contest.forms.imports import ImportConfirmForm, ImportUploadForm
from contest.forms.judges import AddJudgeForm, PanelsForm
from contest.forms.national import (
    FeedForm,
    PackageConfirmForm,
    PackageUploadForm,
    ReplaceArrivalForm,
    WithdrawArrivalForm,
)
from contest.forms.objections import ObjectionForm
from contest.forms.organisations import OrganisationSettingsForm
from contest.forms.results import (
    AddPickForm,
    AnswerObjectionForm,
    CloseObjectionsForm,
    NewVersionForm,
    OverrideAwardForm,
    RemovePickForm,
    RunRankingForm,
)
from contest.forms.scoring import RecuseForm
from contest.forms.users import InviteForm
from contest.models import Assignment, Edition, Entry, Judge, Role
from contest.services.organisations import default_organisation
from contest.views.dossier_form import build_form
from contest.views.judge.sheet import sheet_form
from contest.views.organizer.judging import judge_form
from tests.fuzz.world import World

Forms = Callable[[World], list[FlaskForm]]


@dataclass(frozen=True)
class Target:
    role: Role | None  # None: an anonymous visitor
    args: Callable[[World], dict] = lambda w: {}
    forms: Forms = lambda w: [ConfirmForm()]
    # Keys the view reads from request.form itself -> the values it understands (first: sent by
    # default; None: absent).
    raw: dict[str, tuple] = field(default_factory=dict)


def get(model, ident):
    return db.session.get(model, ident)


def edition_settings(w: World) -> list[FlaskForm]:
    edition = get(Edition, w.open_edition)
    form = EditionSettingsForm(formdata=None, obj=edition)
    form.set_tier_choices(edition)
    return [form]


def invite_form() -> InviteForm:
    """The invitation as the organiser sees it: their one organisation to choose."""
    form = InviteForm(full_name="Lê Văn Mời", email="moi-them@example.vn", role="judge")
    organisation = default_organisation()
    form.organisation.choices = [(str(organisation.id), organisation.name)]
    form.organisation.data = str(organisation.id)
    return form


def organisation_settings(w: World) -> list[FlaskForm]:
    """The organiser's own organisation's settings as the page shows them."""
    return [OrganisationSettingsForm(obj=default_organisation())]


def import_forms(w: World) -> list[FlaskForm]:
    return [ImportUploadForm(), ImportConfirmForm()]


ENTRANT, JUDGE, ORGANIZER = Role.ENTRANT, Role.JUDGE, Role.ORGANIZER
on_draft = {"args": lambda w: {"entry_id": w.draft}}
on_open = {"args": lambda w: {"edition_id": w.open_edition}}
on_judging = {"args": lambda w: {"edition_id": w.judging_edition}}
on_provisional = {"args": lambda w: {"edition_id": w.provisional_edition}}
on_assignment = {"args": lambda w: {"assignment_id": w.assignment}}
on_judge = {"args": lambda w: {"judge_id": w.judge}}
dossier = {"forms": lambda w: [build_form(get(Entry, w.draft))]}
attachment = {"forms": lambda w: [AttachmentForm(authors=get(Entry, w.draft).authors)]}
delete_photo = {"args": lambda w: {"entry_id": w.draft, "attachment_id": w.photo}}

TARGETS: dict[str, Target] = {
    "auth.login": Target(None, forms=lambda w: [LoginForm()]),
    "auth.logout": Target(ENTRANT),
    "auth.register": Target(None, forms=lambda w: [RegisterForm()]),
    "auth.forgot_password": Target(None, forms=lambda w: [ForgotPasswordForm()]),
    "auth.reset_password": Target(None, args=lambda w: {"token": w.reset_token},
                                  forms=lambda w: [NewPasswordForm()]),
    "auth.accept_invitation": Target(None, args=lambda w: {"token": w.invite_token},
                                     forms=lambda w: [NewPasswordForm()]),
    "auth.account": Target(ENTRANT, forms=lambda w: [ChangePasswordForm()]),
    "public.set_language": Target(ENTRANT, forms=lambda w: [LanguageForm(lang="en", next="/")]),
    "organisations.settings": Target(
        ORGANIZER, args=lambda w: {"code": default_organisation().code},
        forms=organisation_settings),
    "entrant.new_entry": Target(ENTRANT, **on_open, forms=lambda w: [NewEntryForm.fresh()]),
    "entrant.edit_entry": Target(ENTRANT, **on_draft, **dossier),
    "entrant.submit": Target(ENTRANT, **on_draft),
    "entrant.withdraw": Target(ENTRANT, args=lambda w: {"entry_id": w.submitted}),
    "entrant.upload_attachment": Target(ENTRANT, **on_draft, **attachment),
    "entrant.delete_attachment": Target(ENTRANT, **delete_photo),
    "entrant.file_objection": Target(
        ENTRANT, args=lambda w: {"entry_id": w.objection_entry}, forms=lambda w: [
            ObjectionForm(reason="Điểm tiêu chí khả năng áp dụng chưa đúng.")]),
    "judge.score": Target(JUDGE, **on_assignment,
                          forms=lambda w: [sheet_form(get(Assignment, w.assignment))]),
    "judge.autosave": Target(JUDGE, **on_assignment,
                             forms=lambda w: [sheet_form(get(Assignment, w.assignment))]),
    "judge.recuse_assignment": Target(JUDGE, **on_assignment, forms=lambda w: [RecuseForm(
        reason="Tác giả là học sinh của tôi.")]),
    "organizer.create_edition": Target(
        ORGANIZER, forms=lambda w: [CreateEditionForm(prefix="youth", number=901,
                                                      year_label="2031–2032")],
        raw={"contest": ("youth", "technical", None)}),
    "organizer.edition_settings": Target(
        ORGANIZER, **on_open, forms=edition_settings,
        raw={"add_row": (None, "criteria", "fields", "award_tiers")}),
    "organizer.set_edition_phase": Target(ORGANIZER, **on_open,
                                          forms=lambda w: [PhaseForm(phase="closed")]),
    "organizer.edit_entry": Target(ORGANIZER, **on_draft, **dossier),
    "organizer.submit_entry": Target(ORGANIZER, **on_draft),
    "organizer.upload_attachment": Target(ORGANIZER, **on_draft, **attachment),
    "organizer.delete_attachment": Target(ORGANIZER, **delete_photo),
    "organizer.new_paper_entry": Target(ORGANIZER, **on_open,
                                        forms=lambda w: [NewEntryForm.fresh()]),
    "organizer.screen": Target(ORGANIZER, args=lambda w: {"entry_id": w.submitted},
                               forms=lambda w: [ScreeningForm(decision="ineligible",
                                                              reason="Thiếu bản thuyết minh.")]),
    "organizer.screen_many": Target(
        ORGANIZER, **on_open, forms=lambda w: [BulkScreeningForm(entry_ids=[w.submitted])],
        raw={"next": ("/organizer/", None, "//evil.example")}),
    "organizer.import_entries": Target(ORGANIZER, **on_open, forms=import_forms),
    "organizer.import_judges": Target(ORGANIZER, **on_judging, forms=import_forms),
    "organizer.import_scores": Target(ORGANIZER, **on_judging, forms=import_forms),
    "organizer.invite_user": Target(ORGANIZER, forms=lambda w: [invite_form()]),
    "organizer.set_user_active": Target(
        ORGANIZER, args=lambda w: {"user_id": w.other_user},
        raw={"active": ("0", "1", None), "next": ("/organizer/users", None)}),
    "organizer.judges": Target(ORGANIZER, **on_judging, forms=lambda w: [AddJudgeForm(
        edition=get(Edition, w.judging_edition), email="gk-moi@example.vn",
        full_name="Phạm Văn Chấm")]),
    "organizer.judge_panels": Target(ORGANIZER, **on_judge, forms=lambda w: [
        PanelsForm(edition=get(Judge, w.judge).edition)]),
    "organizer.remove_judge": Target(ORGANIZER, args=lambda w: {"judge_id": w.spare_judge}),
    "organizer.remind_judge": Target(ORGANIZER, **on_judge),
    "organizer.assign_judges": Target(ORGANIZER, **on_judging,
                                      forms=lambda w: [AutoAssignForm(seed=7)]),
    "organizer.reopen_sheet": Target(ORGANIZER, args=lambda w: {"sheet_id": w.final_sheet},
                                     forms=lambda w: [ReopenSheetForm(
                                         reason="Giám khảo nhập nhầm điểm.")]),
    "organizer.add_assignment": Target(ORGANIZER, args=lambda w: {"entry_id": w.judged_entry},
                                       forms=lambda w: [judge_form(get(Entry, w.judged_entry))]),
    "organizer.swap_assignment": Target(
        ORGANIZER, args=lambda w: {"assignment_id": w.other_assignment},
        forms=lambda w: [judge_form(get(Assignment, w.other_assignment).entry)]),
    "organizer.remove_assignment": Target(ORGANIZER, **on_assignment),
    "organizer.run_ranking": Target(ORGANIZER, **on_judging, forms=lambda w: [RunRankingForm(
        edition=get(Edition, w.judging_edition), method="median", round=1)]),
    "organizer.mark_provisional": Target(ORGANIZER, args=lambda w: {"run_id": w.run}),
    "organizer.override_award": Target(ORGANIZER, args=lambda w: {"row_id": w.row},
                                       forms=lambda w: [OverrideAwardForm(
                                           edition=get(Edition, w.judging_edition),
                                           reason="Hội đồng quyết định.")]),
    "organizer.advance_round": Target(ORGANIZER, args=lambda w: {"run_id": w.run}),
    "organizer.publish_provisional": Target(ORGANIZER, **on_judging),
    "organizer.publish_final": Target(ORGANIZER, **on_provisional),
    "organizer.publish_version": Target(ORGANIZER, **on_provisional, forms=lambda w: [
        NewVersionForm(reason="Sửa điểm sau khi trả lời khiếu nại.")]),
    "organizer.close_objections": Target(Role.ADMIN, **on_provisional, forms=lambda w: [
        CloseObjectionsForm(reason="Mọi thí sinh đã xác nhận kết quả.")]),
    "organizer.answer_objection": Target(
        ORGANIZER, args=lambda w: {"objection_id": w.objection},
        forms=lambda w: [AnswerObjectionForm(answer="Đã chấm lại, điểm giữ nguyên.")]),
    "organizer.propose_national": Target(ORGANIZER, **on_provisional),
    "organizer.add_pick": Target(ORGANIZER, **on_provisional, forms=lambda w: [AddPickForm(
        code=w.unpicked_code, reason="Giải pháp có triển vọng.")]),
    "organizer.remove_pick": Target(ORGANIZER, args=lambda w: {"pick_id": w.pick},
                                    forms=lambda w: [RemovePickForm(reason="Trùng lĩnh vực.")]),
    "organizer.lock_national": Target(ORGANIZER, **on_provisional),
    "organizer.outbox_resend": Target(ORGANIZER, args=lambda w: {"mail_id": w.dead_mail}),
    "organizer.remind_judges": Target(ORGANIZER, **on_judging),
    "organizer.national_zip_job": Target(ORGANIZER, **on_provisional),
    # The world has no job: a restart of an unknown job must be a clean 404 whatever is posted.
    "organizer.restart": Target(ORGANIZER, args=lambda w: {"job_id": 1}),
    # The world has no national edition nor arrival: the national intake's actions on a
    # provincial edition, and on an unknown arrival, must be clean 404s whatever is posted.
    "organizer.set_national_feed": Target(ORGANIZER, **on_provisional,
                                          forms=lambda w: [FeedForm(quota=5)]),
    "organizer.withdraw_national_arrival": Target(
        ORGANIZER, args=lambda w: {"edition_id": w.provisional_edition, "origin_id": 1},
        forms=lambda w: [WithdrawArrivalForm(reason="Tác giả xin rút.")]),
    "organizer.replace_national_arrival": Target(
        ORGANIZER, args=lambda w: {"edition_id": w.provisional_edition, "origin_id": 1},
        forms=lambda w: [ReplaceArrivalForm(code="TTN-2026-0001", reason="Thay hồ sơ.")]),
    "organizer.upload_national_package": Target(ORGANIZER, **on_provisional,
                                                forms=lambda w: [PackageUploadForm()]),
    "organizer.import_uploaded_package": Target(
        ORGANIZER, **on_provisional, forms=lambda w: [PackageConfirmForm(token="0" * 32)]),
}
