"""The public list of awards a page at a time: by field and tier across pages, links to each
field's first page, and the same statements on any page at 10 and 1,000 entries."""
from __future__ import annotations

import re

from contest.extensions import db
from contest.models import Edition
from tests.querycount import count_queries
from tests.views.leaks.world import final_edition_with_awards

TITLE = re.compile(r"<td>Giải pháp (\d+)</td>")


def expected_order(edition: Edition, count: int) -> list[int]:
    """The fixture's entry n is in field n % fields and tier n % tiers, ranked n + 1."""
    fields = len(edition.fields)
    codes = [t.code for t in edition.award_tiers]
    best_first = [t.code for t in sorted(edition.award_tiers,
                                         key=lambda t: (-t.min_score, t.position))]
    return sorted(range(count), key=lambda n: (n % fields, best_first.index(codes[n % len(codes)]),
                                               n))


def test_results_page_runs_the_same_statements_on_any_page_at_10_and_1000_entries(client, app):
    with app.app_context():
        small_id = final_edition_with_awards(10)
        large_id = final_edition_with_awards(1000)
        order = expected_order(db.session.get(Edition, large_id), 1000)
    per_page = app.config["PAGE_SIZE"]
    counts, pages = [], {}
    for url in (f"/vinh-long/editions/{small_id}/results",
                f"/vinh-long/editions/{large_id}/results",
                f"/vinh-long/editions/{large_id}/results?page=7"):
        with count_queries(app) as counter:
            pages[url] = client.get(url).get_data(as_text=True)
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2]
    small, first, later = pages.values()
    assert small.count("Đồng tác giả") == 10 and 'aria-label="Phân trang"' not in small
    assert [int(n) for n in TITLE.findall(first)] == order[:per_page]
    assert [int(n) for n in TITLE.findall(later)] == order[6 * per_page:7 * per_page]
    assert f'href="/vinh-long/editions/{large_id}/results?page=8"' in later


def test_each_field_links_to_the_page_it_starts_on_and_keeps_its_heading(client, app):
    with app.app_context():
        edition_id = final_edition_with_awards(1000)
        edition = db.session.get(Edition, edition_id)
        fields = [(f.id, f.name) for f in edition.fields]
    per_page = app.config["PAGE_SIZE"]
    page = client.get(f"/vinh-long/editions/{edition_id}/results").get_data(as_text=True)
    sizes = [len(range(n, 1000, len(fields))) for n in range(len(fields))]  # dealt round
    for (field_id, name), before in zip(fields, [sum(sizes[:n]) for n in range(len(fields))],
                                        strict=True):
        assert (f'href="/vinh-long/editions/{edition_id}/results'
                f'?page={before // per_page + 1}'
                f'#field-{field_id}">{name}</a>') in page
    second_id, second_name = fields[1]
    later = client.get(f"/vinh-long/editions/{edition_id}/results"
                       f"?page={sizes[0] // per_page + 1}").get_data(as_text=True)
    assert f'<h2 class="h4" id="field-{second_id}">{second_name}</h2>' in later


def test_an_edition_without_award_tiers_lists_no_award(client, app):
    with app.app_context():
        edition_id = final_edition_with_awards(3)
        edition = db.session.get(Edition, edition_id)
        edition.award_tiers.clear()
        db.session.commit()
    page = client.get(f"/vinh-long/editions/{edition_id}/results").get_data(as_text=True)
    assert "Không có hồ sơ nào đạt giải." in page and "Giải pháp 0" not in page
