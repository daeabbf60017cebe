"""Importing judges (FORMATS.md "judges"): every row checked first, then all or nothing.

New e-mails become invited judge accounts; the caller sends the invitations after the commit.
Every judge gets seats on the listed fields' panels in the edition's current round.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.extensions import db
from contest.imports import cells
from contest.imports.entries import ImportRejected
from contest.imports.plan import Plan, slices
from contest.imports.reader import Cell, Table
from contest.imports.schema import CellError, Column, ParsedRow, RowError, Spec, validate
from contest.models import Edition, Field, ImportRun, Judge, Role, User
from contest.services.audit import record_event
from contest.services.judges import enrol_judge

LOOKUP_BATCH = 500
OTHER_ROLES = {
    Role.ENTRANT: _l("thí sinh"),
    Role.ORGANIZER: _l("ban tổ chức"),
    Role.ADMIN: _l("quản trị viên"),
}


@dataclass
class JudgesContext:
    edition: Edition
    fields: dict[str, Field]  # by lower-case code


@dataclass
class JudgesImportResult:
    judges: list[Judge] = field(default_factory=list)
    # New accounts and their invitation tokens: e-mail them once the import is committed.
    invitations: list[tuple[User, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.judges)


def parse_fields(value: Cell, context: JudgesContext) -> list[Field]:
    """Field codes of the edition separated by ';' (a code written twice counts once)."""
    found: list[Field] = []
    for code in cells.text_list(value):
        field_ = context.fields.get(code.lower())
        if field_ is None:
            raise CellError(_l("Mã lĩnh vực “%(code)s” không có trong cuộc thi này. Các mã dùng "
                               "được: %(codes)s.", code=code,
                               codes=", ".join(f.code for f in context.edition.fields)))
        if field_ not in found:
            found.append(field_)
    return found


COLUMNS = (
    Column("email", "E-mail", required=True, parse=cells.email, unique=True,
           example="hoa.le@example.vn", aliases=("Thư điện tử",)),
    Column("full_name", "Họ và tên", required=True, parse=cells.text(200),
           example="TS. Lê Thị Hoa", aliases=("Họ tên", "Tên giám khảo")),
    Column("unit", "Đơn vị", parse=cells.text(255), example="Trường Đại học Trà Vinh",
           aliases=("Đơn vị công tác", "Cơ quan")),
    Column("fields", "Lĩnh vực", required=True, parse=parse_fields,
           example="moi-truong; hoc-tap", aliases=("Mã lĩnh vực", "Tiểu ban")),
)
SPEC = Spec(COLUMNS)


def template_rows() -> tuple[list[str], list[list[str]]]:
    """The downloadable template: Vietnamese column titles and one example row."""
    return [c.title for c in COLUMNS], [[c.example for c in COLUMNS]]


def validate_judges(*, edition: Edition, table: Table
                    ) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row parsed and checked, e-mails against the existing accounts; nothing is written."""
    context = JudgesContext(edition=edition,
                            fields={f.code.lower(): f for f in edition.fields})
    rows, errors = validate(table, SPEC, context)
    if rows:
        errors = sorted(errors + list(_account_errors(rows)), key=lambda error: error.row)
    return rows, errors


def import_judges(*, edition: Edition, actor: User | None, table: Table, invite_hours: int,
                  progress: Callable[[int], None] | None = None) -> JudgesImportResult:
    """Seat one judge per row in the current round, inviting new e-mails; or raise
    ImportRejected and change nothing. All in the caller's transaction."""
    return plan_judges(edition=edition, actor=actor, table=table, invite_hours=invite_hours,
                       batch_rows=LOOKUP_BATCH).run_all(progress)


def plan_judges(*, edition: Edition, actor: User | None, table: Table, batch_rows: int,
                invite_hours: int) -> Plan:
    """Check every row (ImportRejected if any is bad), then plan the judges' batches."""
    rows, errors = validate_judges(edition=edition, table=table)
    if errors:
        raise ImportRejected(errors, _l("Tệp có %(n)s lỗi; chưa nhập giám khảo nào.",
                                        n=len(errors)))
    result = JudgesImportResult()

    def batch(chunk: list[ParsedRow]):
        def write(run: ImportRun | None) -> int:
            for row in chunk:
                values = row.values
                judge, token = enrol_judge(
                    edition=edition, email=values["email"], full_name=values["full_name"],
                    fields=values["fields"], round=edition.current_round, actor=actor,
                    invite_hours=invite_hours, unit_name=values["unit"])
                result.judges.append(judge)
                if token is not None:
                    result.invitations.append((judge.user, token))
            db.session.flush()
            return len(chunk)
        return write

    def finish(run: ImportRun | None) -> JudgesImportResult:
        record_event(actor=actor, action="edition.import_judges", target=edition, after={
            "count": result.count, "invited": len(result.invitations), "file": table.name,
            "round": edition.current_round, **({"import": run.id} if run else {})})
        return result

    return Plan(len(rows), [batch(chunk) for _start, chunk in slices(rows, batch_rows)], finish)


def _account_errors(rows: list[ParsedRow]) -> Iterator[RowError]:
    """Rows whose e-mail already belongs to an entrant, organiser or administrator."""
    emails = sorted({row.values["email"].lower() for row in rows if row.values.get("email")})
    roles: dict[str, Role] = {}
    for start in range(0, len(emails), LOOKUP_BATCH):
        batch = emails[start:start + LOOKUP_BATCH]
        roles.update(db.session.execute(
            select(func.lower(User.email), User.role).where(func.lower(User.email).in_(batch))
        ).all())
    for row in rows:
        email = row.values.get("email")
        role = roles.get(email.lower()) if email else None
        if role is not None and role != Role.JUDGE:
            yield RowError(row.number, COLUMNS[0].title, str(_l(
                "%(email)s đã là tài khoản %(role)s; tài khoản này không làm giám khảo được. "
                "Hãy dùng một địa chỉ e-mail khác.", email=email, role=OTHER_ROLES[role])))
