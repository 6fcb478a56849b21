"""重点企业监测: growth tables for 5,000 key enterprises × 36 months, target ≤ 300 ms.

Timed: (1) the growth tables from the figures already read — the district row, one row per park (8) and
per chain (12) with their draggers, and the enterprise table with 同比/环比/contribution for every
enterprise (``calculations.group_table`` and ``enterprise_table``, what the overview computes);
(2) the same including turning the 180,000 rows the database returns into the panel
(``calculations.build_panel``); both are pure, with synthetic figures (about 3 % of months missing).
The database read itself is reported by ``make bench`` through the page table.

Part of ``make bench`` (``bench/run.py``); standalone: ``.venv/bin/python bench/monitoring.py``.
"""

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 300
ENTERPRISES, MONTHS = 5000, 36


def rows(seed=7):
    """(enterprise, year, month, 产值, 营收, 税收, 用电, 人数, 能耗) rows as ``services.panels`` reads them
    (figures cast to float in SQL, None where not reported)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    base = rng.lognormal(7, 1, ENTERPRISES)
    out = []
    for e in range(ENTERPRISES):
        for m in range(MONTHS):
            if rng.random() < 0.03:
                continue
            value = base[e] * (1 + 0.005 * m) * rng.normal(1, 0.08)
            out.append((e + 1, 2024 + m // 12, m % 12 + 1, round(value, 2), round(value * 0.9, 2),
                        round(value * 0.05, 2), round(value * 0.02, 2), float(int(base[e] / 20) + 1), None))
    return out


def tables(panel, parks, chains, labels):
    from tuijin.monitoring import calculations

    calculations.group_table(panel, {"all": panel.ids}, {"all": "全区"}, 2026, 12)
    calculations.group_table(panel, parks, labels, 2026, 12)
    calculations.group_table(panel, chains, labels, 2026, 12)
    return calculations.enterprise_table(panel, 2026, 12)


def measure(repeat=15):
    from tuijin.monitoring import calculations

    from .run import timings

    data = rows()
    months = calculations.months_between((2024, 1), (2026, 12))
    panel = calculations.build_panel(data, months)["output"]
    parks = {p: list(range(p + 1, ENTERPRISES + 1, 8)) for p in range(8)}
    chains = {100 + c: list(range(c + 1, ENTERPRISES + 1, 12)) for c in range(12)}
    labels = {**{p: f"园区{p}" for p in parks}, **{c: f"产业链{c}" for c in chains}}
    assert len(tables(panel, parks, chains, labels)) == ENTERPRISES
    pure = timings(lambda: tables(panel, parks, chains, labels), repeat)
    whole = timings(lambda: tables(calculations.build_panel(data, months)["output"], parks, chains, labels),
                    max(3, repeat // 3))
    name = f"重点企业监测 {ENTERPRISES} 家 × {MONTHS} 个月增速表（全区、8 园区、12 产业链、企业明细）"
    return [{"name": name, "median": pure[0], "p95": pure[1], "target": f"≤ {TARGET_MS} ms", "ok": pure[1] <= TARGET_MS},
            {"name": name + "，含 17.5 万行转为矩阵", "median": whole[0], "p95": whole[1], "target": f"≤ {TARGET_MS} ms",
             "ok": whole[1] <= TARGET_MS}]


def main():
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from .run import format_table

    print(format_table(measure(args.repeat)))


if __name__ == "__main__":
    main()
