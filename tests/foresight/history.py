"""A hand-made history: 60 past projects of one class at two steady paces with a December rush.

Pace A: 60 万元 a month for eleven months and 240 in December (900 in the year); pace B: 100 and 400
(1,500). Every plan is 1,200. Sixty series are fewer than a class needs on its own (100), so every
forecast reads 全部项目, and 2√60 rounds below the floor: each reads its 20 nearest. After May, A had
done 300 / 1,200 = 25% of its plan and B 500 / 1,200 = 42%; after it A did 600 more and B 1,000.
December is 640 / 2,400 = 26.7% of the year. Each past project keeps its own pace (no noise), so
the outcomes of one pace are all equal and the intervals have no width.
"""

from tuijin.foresight.calculations import Panel

PAST_YEAR, YEAR = 2025, 2026
PLAN = 1200.0


def pace(monthly, december):
    return [monthly] * 11 + [december]


def past_rows(count=60):
    rows = []
    for n in range(count):
        months = pace(60.0, 240.0) if n % 2 else pace(100.0, 400.0)
        rows.append((f"past-{n}", PAST_YEAR, PLAN, months, "产业化", 3000, f"园区{n % 3}", "装备制造"))
    return rows


def current_rows():
    """Two projects of 园区X after May: one at 90 万元 a month, one at 40."""
    return [
        ("fast", YEAR, PLAN, [90.0] * 5 + [0.0] * 7, "产业化", 3000, "园区X", "装备制造"),
        ("slow", YEAR, PLAN, [40.0] * 5 + [0.0] * 7, "产业化", 3000, "园区X", "装备制造"),
    ]


def past_panel():
    return Panel.from_rows(past_rows())


def current_panel():
    return Panel.from_rows(current_rows())
