"""擂台赛: the ranking of every unit for a period, computed through the other pages' functions.

On the demo district (``seed_demo``: 3 parks, 17 bureaus and departments, 500 projects with plans and monthly
reports, and with ``--problems`` the ``seed_problems`` set of problems), timed: the park board (signings against
target, landings, starts, investment completion, report punctuality) and the department board (解决率, 按时报到率,
punctuality) for January to the last month, as the page and ``manage.py leaderboard`` compute them, with the
number of queries each takes. There is no target in the issue; the page should answer within a second.

Part of ``make bench`` (``bench/run.py``); standalone: ``.venv/bin/python bench/leaderboards.py``.
"""

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_MS = 1000


def measure(repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tuijin.leaderboards import calculations
    from tuijin.leaderboards.models import Board

    from .run import timings

    span = calculations.default_span(timezone.localdate())
    if not Board.objects.exists():  # the big bench district has no demo boards: the demo's two
        from tuijin.accounts.models import Role, User
        from tuijin.demo.matchmaking import BOARDS
        from tuijin.leaderboards import actions

        actor = User.objects.filter(role=Role.COORDINATOR).first() or User.objects.create(
            username="bench-board", role=Role.COORDINATOR)
        for name, kind, red_top, weights, below in BOARDS:
            actions.save_board(actor=actor, weights=dict(weights), data={
                "name": name, "unit_kind": kind, "red_top": red_top, "red_min_score": 60, "black_bottom": 1,
                "black_below": below})
    rows = []
    for board in Board.objects.prefetch_related("measures"):
        with CaptureQueriesContext(connection) as queries:
            ranked = calculations.leaderboard(board, span)
        took = timings(lambda: calculations.leaderboard(board, span), repeat)
        rows.append({"name": f"擂台赛 {board.name}：{len(ranked)} 个单位 × {board.measures.count()} 项指标"
                             f"（{span.label}，{len(queries)} 次查询）",
                     "median": took[0], "p95": took[1], "target": f"≤ {TARGET_MS} ms", "ok": took[1] <= TARGET_MS})
    return rows


def main():
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="tuijin-bench-leaderboards-")
    os.environ["TUIJIN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    from .run import format_table

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("seed_problems", verbosity=0)
    print(format_table(measure(args.repeat)))


if __name__ == "__main__":
    main()
