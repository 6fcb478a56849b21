"""Amounts: rate × base rounded half-up to 分, caps, tiers, fixed sums — the same in batch and one by one."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from tuijin.policies import batch, engine, rules

TIERS = {"eligibility": {"field": "revenue", "op": ">=", "value": 2000},
         "benefit": {"tiers": {"by": "revenue", "brackets": [{"from": 2000, "amount": 20}, {"from": 5000, "amount": 30},
                                                             {"from": 10000, "rate": 0.005}]},
                     "base": "revenue", "cap": 80}}
RATE = {"eligibility": {"field": "equipment_investment", "op": ">=", "value": 0},
        "benefit": {"rate": 0.1, "base": "equipment_investment", "cap": 500}}


def amounts(definition, **column):
    """(scalar amounts, batch amounts) for each value of one column."""
    plan = rules.compile_plan([("c", "c", 1, definition)], dt.date(2026, 1, 1))
    name, values = next(iter(column.items()))
    scalar = [engine.Scalar(plan).evaluate({name: v})[0].amount for v in values]
    result = batch.Batch(plan).run({name: np.asarray(values, dtype=float)})[0]
    return scalar, [Decimal(f"{a:.2f}") for a in result.amounts]


@pytest.mark.parametrize(("revenue", "expected"), [
    (1999.99, None), (2000, "20.00"), (4999.99, "20.00"), (5000, "30.00"), (9999.99, "30.00"),
    (10000, "50.00"), (12345.67, "61.73"), (16000, "80.00"), (50000, "80.00"),
])
def test_tiers_step_at_each_threshold_and_the_cap_holds(revenue, expected):
    scalar, vector = amounts(TIERS, revenue=[revenue])

    if expected is None:
        assert vector == []
    else:
        assert scalar == vector == [Decimal(expected)]


def test_rates_round_half_up_to_the_fen():
    # 10 % of 123.45 is 12.345: half-up gives 12.35 (banker's rounding would give 12.34)
    scalar, vector = amounts(RATE, equipment_investment=[123.45, 0.05, 4999.99, 5000.01, 1e6])

    assert scalar == vector == [Decimal("12.35"), Decimal("0.01"), Decimal("500.00"), Decimal("500.00"),
                                Decimal("500.00")]
    assert scalar[0] == Decimal("123.45") * Decimal("0.1") + Decimal("0.005")


def test_a_missing_base_gives_no_amount_rather_than_zero():
    plan = rules.compile_plan([("c", "c", 1, {"eligibility": {"field": "revenue", "op": ">=", "value": 1},
                                              "benefit": {"rate": 0.1, "base": "equipment_investment"}})],
                              dt.date(2026, 1, 1))

    outcome = engine.Scalar(plan).evaluate({"revenue": 10.0})[0]

    assert outcome.amount is None and outcome.amount_note == "金额无法计算，缺少数据：设备投资"


def test_a_per_person_rate_with_a_cap():
    definition = {"eligibility": {"field": "new_talent", "op": ">=", "value": 1},
                  "benefit": {"rate": 5, "base": "new_talent", "cap": 50}}

    scalar, vector = amounts(definition, new_talent=[1, 3, 10, 11])

    assert scalar == vector == [Decimal("5.00"), Decimal("15.00"), Decimal("50.00"), Decimal("50.00")]
