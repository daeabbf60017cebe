"""Spreadsheet exports: the rows builders, the XLSX and CSV files they make, formula text kept
inert, the entries list importing back, and a fixed number of statements."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from contest.exports import csv_bytes
from contest.exports import spreadsheets as sheets
from contest.exports.xlsx import xlsx_bytes
from contest.extensions import db
from contest.imports.entries import template_rows, validate_entries
from contest.imports.reader import read_table
from contest.models import (
    Assignment,
    AwardOverride,
    Entry,
    Judge,
    NationalPick,
    RankingRun,
    ScoreSheet,
    SheetStatus,
)
from contest.queries.editions import edition_with_setup
from contest.services.results import mark_provisional, run_ranking
from contest.text import fold
from tests import factories
from tests.exports.bulk import ranked_edition
from tests.querycount import count_queries

EVIL = '=HYPERLINK("http://evil.example","x")'
SHEETS = [(75, 72, 78), (95, 93, 91), (50, 55, 52)]


def workbook_rows(data: bytes) -> tuple[list, list[list]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


def scored_run(sheets_given=SHEETS, **settings) -> tuple:
    edition = factories.make_scored_edition(sheets_given, **settings)
    run = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
    mark_provisional(edition=edition, run=run, actor=None)
    db.session.flush()
    entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                 .order_by(Entry.id)).all()
    return edition, run, entries


def test_ranking_has_vietnamese_headers_numbers_and_each_judges_name_beside_the_total(app):
    with app.app_context():
        edition, run, entries = scored_run()
        last = edition.award_tiers[-1]
        db.session.add(AwardOverride(edition_id=edition.id, entry_id=entries[2].id,
                                     award=last.code, reason="Quyết định của BTC"))
        db.session.flush()
        headers, rows = sheets.ranking_table(edition, run)
        assert headers == ["Hạng", "Mã hồ sơ", "Tên giải pháp", "Lĩnh vực", "Điểm", "Số phiếu",
                           "Độ lệch", "Cảnh báo", "Giải", "Giám khảo 1", "Điểm giám khảo 1",
                           "Giám khảo 2", "Điểm giám khảo 2", "Giám khảo 3",
                           "Điểm giám khảo 3"]
        assert [r[1] for r in rows] == [entries[1].code, entries[0].code, entries[2].code]
        first = rows[0]
        assert first[0] == 1 and first[4] == Decimal("93") and first[5] == 3
        assert first[6] == Decimal("4") and first[8] == "Giải Nhất"
        assert first[9:] == ["Giám khảo 1", Decimal(95), "Giám khảo 2", Decimal(93),
                             "Giám khảo 3", Decimal(91)]
        assert rows[2][8] == last.name  # the committee's override wins

        header_cells, body = workbook_rows(xlsx_bytes(headers, rows))
        assert [c.value for c in header_cells] == headers
        assert all(c.font.bold for c in header_cells)
        assert body[0][0].value == 1 and body[0][0].data_type == "n"
        assert body[0][4].value == 93 and body[0][4].data_type == "n"
        assert body[0][9].value == "Giám khảo 1" and body[0][9].data_type == "s"
        assert body[0][10].value == 95 and body[0][10].data_type == "n"
        assert load_workbook(io.BytesIO(xlsx_bytes(headers, rows))).active.freeze_panes == "A2"


def test_ranking_has_one_column_pair_per_judge_of_the_entry_in_name_order(app):
    with app.app_context():
        # Four judges in the edition, each entry scored by two of them: two pairs of columns,
        # not four, and each entry's judges in name order whoever they are.
        edition = factories.make_scored_edition([], judges=4)
        judges = db.session.scalars(select(Judge).where(Judge.edition_id == edition.id)
                                    .order_by(Judge.id)).all()
        for judge, name in zip(judges, ("Trần Bình", "Lê An", "Phạm Chi", "Đỗ Dũng"),
                               strict=True):
            judge.user.full_name, judge.user.search_name = name, fold(name)
        entries = [factories.make_eligible_entry(edition) for _ in range(3)]
        for entry, (first, second), given in zip(entries, ((0, 1), (1, 2), (2, 3)),
                                                 ((80, 70), (60, 92), (75, 85)), strict=True):
            factories.add_sheets(entry, [judges[first], judges[second]], given)
        run = run_ranking(edition=edition, round_number=1, method="mean", actor=None)
        headers, rows = sheets.ranking_table(edition, run)
        assert headers[9:] == ["Giám khảo 1", "Điểm giám khảo 1", "Giám khảo 2",
                               "Điểm giám khảo 2"]
        by_code = {row[1]: row[9:] for row in rows}
        assert by_code == {
            entries[0].code: ["Lê An", Decimal(70), "Trần Bình", Decimal(80)],
            entries[1].code: ["Lê An", Decimal(60), "Phạm Chi", Decimal(92)],
            entries[2].code: ["Đỗ Dũng", Decimal(85), "Phạm Chi", Decimal(75)]}
        lines = csv_bytes(headers, rows).decode("utf-8-sig").splitlines()
        assert lines[0].endswith(",Giám khảo 1,Điểm giám khảo 1,Giám khảo 2,Điểm giám khảo 2")
        cells = lines[1].split(",")
        assert cells[:2] == ["1", entries[2].code]
        assert cells[-4::2] == ["Đỗ Dũng", "Phạm Chi"]
        assert [Decimal(c) for c in cells[-3::2]] == [85, 75]


def test_summary_table_has_mean_and_spread_from_finished_sheets(app):
    with app.app_context():
        edition = factories.make_scored_edition([(80, 70, 90), (60, 61)])
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                     .order_by(Entry.id)).all()
        # A draft sheet does not count.
        sheet = db.session.scalar(select(ScoreSheet).join(ScoreSheet.assignment).where(
            Assignment.entry_id == entries[1].id).order_by(ScoreSheet.id))
        sheet.status = SheetStatus.DRAFT
        db.session.flush()
        headers, rows = sheets.summary_table(edition, 1)
        assert headers == ["Mã hồ sơ", "Tên giải pháp", "Lĩnh vực", "GK: Giám khảo 1",
                           "GK: Giám khảo 2", "GK: Giám khảo 3", "Số phiếu", "Trung bình",
                           "Độ lệch"]
        assert rows[0][3:] == [Decimal(80), Decimal(70), Decimal(90), 3, Decimal("80.00"),
                               Decimal(20)]
        assert rows[1][3:] == [None, Decimal(61), None, 1, Decimal("61.00"), Decimal(0)]
        _headers, body = workbook_rows(xlsx_bytes(headers, rows))
        assert body[0][7].value == 80 and body[0][7].data_type == "n"


def test_a_judges_sheet_lists_entries_by_criteria_with_totals(app):
    with app.app_context():
        edition = factories.make_scored_edition([(83,), (40,)])
        judge = db.session.scalar(select(Judge).where(Judge.edition_id == edition.id))
        extra = factories.make_eligible_entry(edition)
        db.session.add(Assignment(entry=extra, judge=judge, round=1))
        db.session.flush()
        headers, rows = sheets.judge_sheet_table(judge, 1)
        criteria = edition.criteria
        assert headers[:3] == ["Mã hồ sơ", "Tên giải pháp", "Lĩnh vực"]
        assert headers[3].startswith(criteria[0].name + " (tối đa")
        assert headers[-2:] == ["Tổng điểm", "Trạng thái"]
        assert len(headers) == 5 + len(criteria)
        assert rows[0][3:-2] == factories.split_total(83, criteria)
        assert rows[0][-2:] == [Decimal(83), "Đã nộp"]
        assert rows[2][-2:] == [None, "Chưa chấm"] and rows[2][1] == extra.title


def test_entries_export_imports_back_into_a_fresh_edition(app):
    with app.app_context():
        # The birth window is set here: the factories' year labels run up to 2099, whose
        # window would lie in the future, where the import refuses birth dates.
        window = {"birth_date_from": date(2008, 8, 1), "birth_date_to": date(2020, 7, 31)}
        edition, fresh = factories.make_edition(**window), factories.make_edition(**window)
        born = date(2011, 5, 1)
        unit = factories.make_unit("Trường THCS Lê Quý Đôn")
        for title in ("Máy lọc nước mưa", EVIL):
            entry = factories.make_eligible_entry(edition, title=title)
            entry.authors[0].birth_date = born
            entry.authors[0].unit = unit
            entry.contact_email, entry.contact_phone = "an@example.vn", "0912345678"
            entry.teacher_name = "Lê Thị Hoa"
        db.session.flush()
        headers, rows = sheets.entries_table(edition)
        assert headers == template_rows()[0]
        assert rows[0][1:] == ["Máy lọc nước mưa", edition.fields[0].code,
                               rows[0][3], born.strftime("%d/%m/%Y"), "Trường THCS Lê Quý Đôn",
                               "Lê Thị Hoa", "an@example.vn", "0912345678"]
        for data, name in ((csv_bytes(headers, rows), "ho-so.csv"),
                           (xlsx_bytes(headers, rows), "ho-so.xlsx")):
            parsed, errors = validate_entries(edition=fresh, table=read_table(data, name))
            assert errors == []
            assert [row.values["title"] for row in parsed] == ["Máy lọc nước mưa", EVIL]


def test_formula_text_is_inert_in_csv_and_xlsx_but_negative_numbers_stay_numbers(app):
    headers, rows = ["Mã hồ sơ", "Tên giải pháp", "Điểm"], [["A-1", EVIL, Decimal("-1.5")],
                                                           ["-x", "@cmd", -3]]
    text = csv_bytes(headers, rows)
    assert text.startswith("\ufeff".encode())
    decoded = text.decode("utf-8-sig")
    assert "'" + EVIL.replace('"', '""') in decoded
    assert ",-1.5" in decoded and ",-3" in decoded and "'-x" in decoded and "'@cmd" in decoded
    _header, body = workbook_rows(xlsx_bytes(headers, rows))
    assert body[0][1].value == "'" + EVIL and body[0][1].data_type == "s"
    assert body[0][2].value == -1.5 and body[0][2].data_type == "n"
    assert body[1][2].value == -3 and body[1][0].value == "'-x"
    _header, body = workbook_rows(xlsx_bytes(["Tên giải pháp", "Ghi chú"], [["#REF!", ""]]))
    assert body[0][0].value == "#REF!" and body[0][0].data_type == "s"  # text, not an error
    assert body[0][1].value is None  # an empty text is an empty cell


def test_national_list_has_position_award_authors_units_and_contacts(app):
    with app.app_context():
        edition, _run, entries = scored_run()
        unit = factories.make_unit("Trường THPT Chuyên Bến Tre")
        entries[1].authors[0].unit = unit
        entries[1].contact_phone = "0987654321"
        db.session.add_all([
            NationalPick(edition_id=edition.id, entry_id=entries[1].id, position=1),
            NationalPick(edition_id=edition.id, entry_id=entries[2].id, position=2,
                         proposed=False, reason="BTC bổ sung")])
        db.session.flush()
        headers, rows = sheets.national_table(edition)
        assert headers == ["STT", "Mã hồ sơ", "Tên giải pháp", "Lĩnh vực", "Giải", "Tác giả",
                           "Đơn vị", "Điện thoại", "E-mail", "Ghi chú"]
        assert rows[0] == [1, entries[1].code, entries[1].title, edition.fields[0].name,
                           "Giải Nhất", entries[1].authors[0].full_name,
                           "Trường THPT Chuyên Bến Tre", "0987654321", "", ""]
        assert rows[1][0] == 2 and rows[1][4] == "" and rows[1][-1] == "BTC bổ sung"


def test_ranking_export_runs_the_same_statements_at_10_and_1000_entries(app):
    counts = []
    for size in (10, 1000):
        with app.app_context():
            edition_id, run_id = ranked_edition(size)
        with app.app_context(), count_queries(app) as counter:
            edition = db.session.scalar(edition_with_setup(edition_id))
            run = db.session.get(RankingRun, run_id)
            headers, rows = sheets.ranking_table(edition, run)
            xlsx_bytes(headers, rows)
        assert len(rows) == size and headers[-2:] == ["Giám khảo 3", "Điểm giám khảo 3"]
        counts.append(counter.count)
    assert counts[0] == counts[1]
