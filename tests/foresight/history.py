"""A hand-made history: 60 past projects of one class at two steady paces with a December rush.

Pace A: 60 万元 a month for eleven months and 240 in December (900 in the year); pace B: 100 and 400
(1,500). Every plan is 1,200. Each past project keeps its own pace (no month-to-month noise), so
Bühlmann's credibility of a run rate is 1, the profile after May is rest / done = 1,600 / 800 = 2,
December is 640 / 2,400 = 26.7% of the year, and the past errors are all zero.
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
