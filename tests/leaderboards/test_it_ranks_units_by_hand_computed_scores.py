"""Every score of a small league recomputed by hand, the ranks, the red and black lists, and the drill-downs."""

import re
from decimal import Decimal

from django.urls import reverse

from tuijin.leaderboards import calculations
from tuijin.leaderboards.calculations import Span

from ..pages import text
from .conftest import NOW

SPAN = Span.parse("2026-01", "2026-06")


def by_unit(rows):
    return {row.unit.name: row for row in rows}


def weighted(terms):
    """Σ(weight × points) ÷ Σ weight, one decimal, half up — the rule the page states, computed here by hand."""
    total = sum(Decimal(w) * Decimal(p) for w, p in terms) / sum(w for w, _ in terms)
    return total.quantize(Decimal("0.1"), "ROUND_HALF_UP")


def test_each_park_measure_and_score_is_what_the_records_give(league):
    # Given three parks with targets, signings, landings, starts, plans and reports from January to June 2026
    # When the park board is computed for the span
    rows = by_unit(calculations.leaderboard(league["parks"], SPAN, now=NOW))
    a, b, east = rows["高新园"], rows["临港园"], rows["东区"]

    # Then each measure is what the fixture's records give:
    # signings A 3 of a Q1 target of 4 = 75.0 %, B 1 of 1+1 = 50.0 %; East has no target and is not scored
    assert (a.scores["signings"].value, b.scores["signings"].value) == (Decimal("75.0"), Decimal("50.0"))
    assert east.scores["signings"].points is None
    # landings A 2, B 1 → against the best (2): 100.0 and 50.0; starts A 1, B 2 → 50.0 and 100.0
    assert (a.scores["landings"].value, b.scores["landings"].value, east.scores["landings"].value) == (2, 1, 0)
    assert (a.scores["landings"].points, b.scores["landings"].points) == (Decimal("100.0"), Decimal("50.0"))
    assert (a.scores["starts"].points, b.scores["starts"].points) == (Decimal("50.0"), Decimal("100.0"))
    # investment: A (6×50 + 100) ÷ (1000 + 1000) = 20.0 %, B (125 + 125) ÷ 500 = 50.0 % (July does not count)
    assert (a.scores["investment"].value, b.scores["investment"].value) == (Decimal("20.0"), Decimal("50.0"))
    # punctuality: A 6 of 12 reports on time (a2 sent February's late, nothing else) = 50.0 %, B 2 of 6 = 33.3 %
    assert (a.scores["punctuality"].value, b.scores["punctuality"].value) == (Decimal("50.0"), Decimal("33.3"))

    # And the scores are the weighted means of the points over the measures each park has
    assert a.score == weighted([(30, 75), (10, 100), (20, 50), (20, 20), (20, 50)]) == Decimal("56.5")
    assert b.score == weighted([(30, 50), (10, 50), (20, 100), (20, 50), (20, "33.3")]) == Decimal("56.7")
    assert east.score == weighted([(10, 0), (20, 0)]) == Decimal("0.0")
    assert a.formula == "(30×75.0 + 10×100.0 + 20×50.0 + 20×20.0 + 20×50.0) ÷ 100 = 56.5"
    assert a.scores["signings"].formula == "签约 3 个 ÷ 目标 4 个 = 75.0%"


def test_ranks_start_at_one_and_the_rules_put_units_on_the_red_and_black_lists(league):
    # Given the same league
    # When it is ranked
    rows = calculations.leaderboard(league["parks"], SPAN, now=NOW)

    # Then B is first and on the red list, A second, East last and on the black list — each with its rule
    assert [(row.unit.name, row.rank) for row in rows] == [("临港园", 1), ("高新园", 2), ("东区", 3)]
    assert rows[0].red == "得分前1名且不低于50.0分（第1名，56.7分）"
    assert not rows[1].red and not rows[1].black
    assert rows[2].black == "得分低于10.0分（0.0分）"


def test_departments_with_equal_scores_share_a_rank(league):
    # Given department (p1 on time and solved, p2 late and open) and other_department (p3 on time, not solved)
    # When the department board is computed
    rows = by_unit(calculations.leaderboard(league["departments"], SPAN, now=NOW))
    one, other = rows["住房和城乡建设局"], rows["生态环境局"]

    # Then 解决率 1/2 = 50.0 and 按时报到率 1/2 = 50.0 against 0/1 = 0.0 and 1/1 = 100.0: both score 50.0, both first
    assert (one.scores["solved"].value, one.scores["on_time"].value) == (Decimal("50.0"), Decimal("50.0"))
    assert (other.scores["solved"].value, other.scores["on_time"].value) == (Decimal("0.0"), Decimal("100.0"))
    assert one.score == other.score == weighted([(50, 50), (50, 50)])
    assert one.rank == other.rank == 1


def records_on_page(client, board, unit, measure):
    url = reverse("leaderboards_drill", args=[board.pk, unit.pk, measure]) + "?from=2026-01&to=2026-06"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('data-testid="records"'):]
    return set(re.findall(r'<tr data-record="([^"]+)"', table)), text(response), html


def test_each_drill_down_lists_exactly_the_records_counted(client, coordinator, league, park, department):
    # Given a coordinator
    client.force_login(coordinator)
    projects, parks = league["projects"], league["parks"]

    # When they open what is behind each of 高新园's numbers, and behind the department's 解决率
    # Then each page lists exactly the records the figure counted
    signed, page, _ = records_on_page(client, parks, park, "signings")
    assert signed == {str(c.pk) for c in league["signed"]["A"]}
    assert "签约 3 个 ÷ 目标 4 个 = 75.0%" in page
    landed, _, _ = records_on_page(client, parks, park, "landings")
    assert landed == {str(lead.pk) for lead in league["landed"]["A"]}
    started, _, _ = records_on_page(client, parks, park, "starts")
    assert started == {str(projects["a1"].pk)}
    planned, _, _ = records_on_page(client, parks, park, "investment")
    assert planned == {str(projects["a1"].pk), str(projects["a2"].pk)}
    due, _, html = records_on_page(client, parks, park, "punctuality")
    assert due == {f"{p.pk}-2026-{m}" for p in (projects["a1"], projects["a2"]) for m in range(1, 7)}
    statuses = re.findall(r'<span class="badge text-bg-(?:success|danger)">([^<]+)</span>', html)
    assert sorted(statuses) == sorted(["按时报送"] * 6 + ["逾期报送"] + ["未报送"] * 5)
    solved, _, _ = records_on_page(client, league["departments"], department, "solved")
    assert solved == {str(league["problems"]["p1"].pk)}
