"""Province scale on PostgreSQL: 1,000,000 projects in 180 districts, 12 million monthly reports (not in CI).

    DATABASE_URL=postgres://… .venv/bin/python bench/province.py [--projects 1000000] [--compare-url URL]

DATABASE_URL must name an empty (or an earlier run's) PostgreSQL database; it is filled with COPY
(bench/province_data.py) and then measured: the battle map's whole payload for the province and for
one district, the project list filtered and searched, the warning scan, an ``import_ledger`` of one
district's 5,000-project file, and monthly reports partitioned by year against the plain table
(on copies, bench/partitioning.py). ``--compare-url`` names a second database built the same way
with 50,000 projects (``--projects 50000`` into it once), measured in the same run so each figure
stands beside its 50,000-project one. A throwaway cluster: ``PG_THROWAWAY_PORT=… scripts/pg_throwaway.sh start``.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DB_CONN_MAX_AGE"] = "0"
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--build-only", action="store_true", help="generate the data and stop")
    parser.add_argument("--compare-url", help="a database with the 50,000-project district, measured alongside")
    parser.add_argument("--ledger", help="a district's export_ledger file to time import_ledger with")
    parser.add_argument("--json", help="write this run's rows here (the side-by-side table reads two of them)")
    parser.add_argument("--only", default="scan,dashboard,lists,import,partitioning",
                        help="comma-separated parts: scan, dashboard, lists, import, partitioning")
    parser.add_argument("--side-by-side", nargs=2, metavar=("SMALL", "LARGE"),
                        help="print the table from saved --json files (each a comma-separated list) and stop")
    args = parser.parse_args()
    if args.side_by_side:
        _setup(os.environ.get("DATABASE_URL") or "postgres://localhost/unused")  # the modules import models
        from bench import province_measure

        small, large = ([row for path in paths.split(",") for row in province_measure.load(path)]
                        for paths in args.side_by_side)
        print(province_measure.side_by_side(small, large))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (see the docstring)")
    _setup(url)
    from bench import province_data

    province_data.build(args.projects)
    if args.build_only:
        return
    from bench import province_measure

    rows = province_measure.measure(args.repeat, ledger=args.ledger, parts=args.only.split(","))
    load = os.getloadavg()
    print(f"负载（uptime）：{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.json:
        province_measure.save(rows, args.json)
    if args.compare_url:
        # The other database is measured by a second process (Django holds one settings module per process).
        other = Path(args.json or "/tmp/province-main.json").with_suffix(".compare.json")
        command = [sys.executable, __file__, "--repeat", str(args.repeat), "--json", str(other), "--projects", "50000",
                   "--only", args.only]
        if args.ledger:
            command += ["--ledger", args.ledger]
        subprocess.run(command, check=True, env={**os.environ, "DATABASE_URL": args.compare_url})
        print(province_measure.side_by_side(province_measure.load(other), rows))
    else:
        from bench.run import format_table

        print(format_table(rows))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"总用时 {time.perf_counter() - started:.0f} s")
