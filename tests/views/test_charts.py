"""The organiser's charts: inline SVG with a title, a table alternative, fixed queries."""
from __future__ import annotations

import re

from sqlalchemy import select

from contest.extensions import db
from contest.models import Assignment, Edition, Entry, Role
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.pages import text_of
from tests.querycount import count_queries

ORGANISER = "btc-bieu-do@example.vn"


def table(html: str, chart_id: str) -> list[list[str]]:
    """The rows of a chart's table alternative, as text."""
    body = re.search(rf'<table[^>]*id="{chart_id}-table">(.*?)</table>', html, re.S).group(1)
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)]


def build(app, n: int) -> int:
    """n entries alternating between two fields and two units, each with two finished sheets
    (80 and 70, mean 75); the first entry has a third, unfinished assignment."""
    with app.app_context():
        edition = factories.make_scored_edition([(80, 70)] * n, fields=[i % 2 for i in range(n)])
        school = factories.make_unit("Trường THPT Chuyên Lê Quý Đôn")
        club = factories.make_unit("Nhà Thiếu nhi tỉnh")
        entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)
                                     .order_by(Entry.id)).all()
        for index, entry in enumerate(entries):
            entry.authors[0].unit = school if index % 2 == 0 else club
        late = factories.make_judge(edition, edition.fields)
        db.session.add(Assignment(entry=entries[0], judge=late, round=1))
        db.session.commit()
        return edition.id


def organiser(app, auth):
    with app.app_context():
        factories.make_user(Role.ORGANIZER, email=ORGANISER)
        db.session.commit()
    auth.login(ORGANISER)


def test_charts_have_svg_titles_and_tables_with_the_counts(app, client, auth):
    organiser(app, auth)
    edition_id = build(app, 5)
    html = client.get(f"/organizer/editions/{edition_id}/charts").get_data(as_text=True)
    assert html.count("<svg") == 5  # fields, units, two histograms, progress
    assert '<title id="chart-fields-title">Hồ sơ đã nộp theo lĩnh vực</title>' in html
    assert "style=" not in re.search(r"<svg.*</svg>", html, re.S).group(0)
    with app.app_context():
        fields = [f.name for f in db.session.get(Edition, edition_id).fields[:2]]
    assert table(html, "chart-fields") == [[fields[0], "3"], [fields[1], "2"]]
    assert table(html, "chart-units") == [["Trường THPT Chuyên Lê Quý Đôn", "3"],
                                          ["Nhà Thiếu nhi tỉnh", "2"]]
    histogram = table(html, "chart-scores-1")
    assert len(histogram) == 10
    assert [row for row in histogram if row[1] != "0"] == [["70–80", "3"]]
    assert table(html, "chart-progress") == [[fields[0], "6", "1"], [fields[1], "4", "0"]]


def test_score_distribution_uses_the_chosen_results(app, client, auth):
    organiser(app, auth)
    edition_id = build(app, 2)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        mark_provisional(edition=edition, run=run_ranking(
            edition=edition, round_number=1, method="mean", actor=None), actor=None)
        db.session.commit()
    html = client.get(f"/organizer/editions/{edition_id}/charts").get_data(as_text=True)
    assert "Theo điểm của lần xếp hạng được chọn làm kết quả." in html
    assert [r for r in table(html, "chart-scores-1") if r[1] != "0"] == [["70–80", "1"]]


def test_charts_run_a_fixed_number_of_queries(app, client, auth):
    organiser(app, auth)
    small_id = build(app, 10)
    with count_queries(app) as small:
        assert client.get(f"/organizer/editions/{small_id}/charts").status_code == 200
    large_id = build(app, 200)
    with count_queries(app) as large:
        assert client.get(f"/organizer/editions/{large_id}/charts").status_code == 200
    assert small.count == large.count


def test_entries_page_links_the_charts(app, client, auth):
    organiser(app, auth)
    edition_id = build(app, 1)
    html = client.get(f"/organizer/editions/{edition_id}/entries").get_data(as_text=True)
    assert f'href="/organizer/editions/{edition_id}/charts"' in html
