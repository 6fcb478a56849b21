"""Department scorecards against the hand-computed fixture in ``scorecard_fixture``."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.coordination import calculations

from . import scorecard_fixture
from .clock import at


@pytest.fixture
def problems(users, coordinator, project, category, department, other_department, clerk, other_clerk):
    return scorecard_fixture.build(users, coordinator, project, category, department, other_department, clerk,
                                   other_clerk)


def cards_for(departments, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30), as_of=None):
    turns = calculations.lead_turns(start, end)
    return calculations.scorecards(turns, departments, as_of or at(6, 24, 9))


def figures(card):
    return {key: figure.value for key, figure in card.figures.items()}


def test_it_scores_each_department_on_its_own_turns(problems, department, other_department):
    p1, p2, p3, p4 = problems

    housing, ecology = cards_for([department, other_department])

    assert figures(housing) == {"received": 3, "on_time": Decimal("33.3"), "response": Decimal("10.5"),
                                "closed": Decimal("66.7"), "solved": Decimal("33.3"), "overdue": Decimal("33.3"),
                                "rating": Decimal("3.5")}
    assert figures(ecology) == {"received": 2, "on_time": Decimal("100.0"), "response": Decimal("0.8"),
                                "closed": Decimal("50.0"), "solved": Decimal("50.0"), "overdue": Decimal("50.0"),
                                "rating": Decimal("4.0")}
    # Each figure names the problems behind it, for the drill-down
    assert sorted(housing["received"].problems) == sorted([p1.pk, p2.pk, p3.pk])
    assert housing["on_time"].problems == [p1.pk]
    assert sorted(housing["closed"].problems) == sorted([p1.pk, p2.pk]) and housing["solved"].problems == [p1.pk]
    assert housing["overdue"].problems == [p2.pk] and ecology["overdue"].problems == [p4.pk]
    assert sorted(ecology["rating"].problems) == [p3.pk]


def test_it_counts_only_turns_that_started_in_the_period(problems, department):
    # The period 16–30 June holds only P3's first turn for 住建局
    (housing,) = cards_for([department], start=dt.date(2026, 6, 16))

    assert figures(housing)["received"] == 1 and figures(housing)["on_time"] == Decimal("0.0")
    assert figures(housing)["response"] is None and figures(housing)["rating"] is None


def test_it_shows_nothing_for_a_department_without_problems(db, park):
    (card,) = cards_for([park])

    assert figures(card) == {"received": 0, "on_time": None, "response": None, "closed": None, "solved": None,
                             "overdue": None, "rating": None}


def test_it_sorts_with_missing_values_last(problems, department, other_department, park):
    cards = cards_for([park, department, other_department])

    by_rating = calculations.sort_scorecards(cards, "rating", descending=True)
    assert [card.department for card in by_rating] == [other_department, department, park]
    by_rating_up = calculations.sort_scorecards(cards, "rating", descending=False)
    assert [card.department for card in by_rating_up] == [department, other_department, park]
