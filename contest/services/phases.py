"""An edition's phases and the guarded transitions between them.

The chain is draft → open → closed → screening → judging → provisional → final, one step
forward at a time. One step back is allowed: closed → open reopens submissions, for example
after the deadline was extended (the new deadline must then lie in the future).

Date guards (skipped with force=True): opening needs the registration and deadline dates and
a deadline still ahead; closing needs the deadline passed; judging needs its start date set.
Structural guards are never skipped: judging needs fields and criteria worth more than zero.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from contest.models import Edition, Phase, User
from contest.services import DomainError
from contest.services.audit import record_event

TRANSITIONS: dict[Phase, tuple[Phase, ...]] = {
    Phase.DRAFT: (Phase.OPEN,),
    Phase.OPEN: (Phase.CLOSED,),
    Phase.CLOSED: (Phase.SCREENING, Phase.OPEN),
    Phase.SCREENING: (Phase.JUDGING,),
    Phase.JUDGING: (Phase.PROVISIONAL,),
    Phase.PROVISIONAL: (Phase.FINAL,),
    Phase.FINAL: (),
}

PHASE_NAMES = {
    Phase.DRAFT: _l("Bản nháp"),
    Phase.OPEN: _l("Đang nhận hồ sơ"),
    Phase.CLOSED: _l("Đã hết hạn nộp"),
    Phase.SCREENING: _l("Đang thẩm định"),
    Phase.JUDGING: _l("Đang chấm"),
    Phase.PROVISIONAL: _l("Kết quả tạm thời"),
    Phase.FINAL: _l("Đã công bố kết quả"),
}

# What each transition means for the people using the system (button text and confirmation).
TRANSITION_ACTIONS = {
    (Phase.DRAFT, Phase.OPEN): (
        _l("Mở nhận hồ sơ"),
        _l("Cuộc thi hiện trên trang công khai và thí sinh bắt đầu nộp hồ sơ được.")),
    (Phase.OPEN, Phase.CLOSED): (
        _l("Đóng nhận hồ sơ"),
        _l("Thí sinh không thể nộp, sửa hay rút hồ sơ nữa.")),
    (Phase.CLOSED, Phase.OPEN): (
        _l("Mở lại nhận hồ sơ"),
        _l("Dùng khi gia hạn nộp hồ sơ: thí sinh lại nộp và sửa hồ sơ được đến hạn mới.")),
    (Phase.CLOSED, Phase.SCREENING): (
        _l("Bắt đầu thẩm định"),
        _l("Ban tổ chức xét từng hồ sơ hợp lệ hay không hợp lệ.")),
    (Phase.SCREENING, Phase.JUDGING): (
        _l("Bắt đầu chấm điểm"),
        _l("Giám khảo chấm các hồ sơ hợp lệ. Từ đây không sửa được tiêu chí, thang điểm, "
           "số giám khảo mỗi hồ sơ và chế độ chấm ẩn danh.")),
    (Phase.JUDGING, Phase.PROVISIONAL): (
        _l("Công bố kết quả tạm thời"),
        _l("Kết quả được niêm yết để nhận ý kiến phản hồi trước khi có quyết định chính thức.")),
    (Phase.PROVISIONAL, Phase.FINAL): (
        _l("Công bố kết quả chính thức"),
        _l("Kết quả trở thành chính thức và công khai; không quay lại được.")),
}


def next_phases(phase: Phase) -> tuple[Phase, ...]:
    """The phases an edition in `phase` may move to."""
    return TRANSITIONS[phase]


def set_phase(*, edition: Edition, phase: Phase, actor: User | None, now: datetime,
              force: bool = False) -> Edition:
    """Move the edition along the chain; force skips the date checks, never the order."""
    current = edition.phase
    if phase not in TRANSITIONS[current]:
        raise DomainError(_l(
            "Không thể chuyển từ giai đoạn “%(current)s” sang “%(wanted)s”.",
            current=PHASE_NAMES[current], wanted=PHASE_NAMES[phase]))
    problem = structure_problem(edition, phase)
    if problem is None and not force:
        problem = date_problem(edition, phase, now)
    if problem is not None:
        raise DomainError(_l("Chưa thể chuyển sang giai đoạn “%(wanted)s”: %(reason)s",
                             wanted=PHASE_NAMES[phase], reason=problem))
    edition.phase = phase
    # Results become visible exactly when these phases start (see services/publication.py).
    if phase == Phase.PROVISIONAL:
        edition.provisional_published_at = now
    elif phase == Phase.FINAL:
        edition.final_published_at = now
    record_event(actor=actor, action="edition.phase", target=edition,
                 before={"phase": current.value},
                 after={"phase": phase.value, "force": force})
    return edition


def structure_problem(edition: Edition, phase: Phase) -> str | None:
    """What the edition lacks for this phase; not a date, so force does not skip it."""
    if phase in (Phase.PROVISIONAL, Phase.FINAL) and edition.provisional_run_id is None:
        return str(_l("chưa chọn lần xếp hạng làm kết quả."))
    if phase != Phase.JUDGING:
        return None
    if not edition.fields:
        return str(_l("cuộc thi chưa có lĩnh vực nào."))
    if edition.max_total <= 0:
        return str(_l("tổng điểm tối đa của các tiêu chí phải lớn hơn 0."))
    return None


def date_problem(edition: Edition, phase: Phase, now: datetime) -> str | None:
    """Why the edition's dates do not allow this phase now, or None."""
    if phase == Phase.OPEN:
        if edition.registration_opens_at is None or edition.submission_deadline_at is None:
            return str(_l("hãy đặt ngày mở đăng ký và hạn nộp hồ sơ."))
        if edition.submission_deadline_at <= now:
            return str(_l("hạn nộp hồ sơ đã qua; hãy gia hạn trước khi mở nhận hồ sơ."))
    elif phase == Phase.CLOSED:
        if edition.submission_deadline_at is None:
            return str(_l("chưa đặt hạn nộp hồ sơ."))
        if now < edition.submission_deadline_at:
            return str(_l("chưa đến hạn nộp hồ sơ."))
    elif phase == Phase.JUDGING and edition.judging_starts_at is None:
        return str(_l("hãy đặt ngày bắt đầu chấm."))
    return None
