"""Throughput: 50 sessions working at once against gunicorn on PostgreSQL, and 50 simultaneous logins.

Bounded and loopback-only: gunicorn binds 127.0.0.1 on a free port, the clients stop after ``--requests``
requests or ``--seconds`` seconds, whichever comes first, and gunicorn is stopped at the end.

1. The bench district (bench/datasets.py, default 50,000 projects × 36 months) on ``--database-url``
   (PostgreSQL), ``ANALYZE``d; then the load's own rows: ``--sessions`` department clerks (包保单位), each
   the 包保 official of one project of its unit whose 2026-11 report is opened as a draft to save, and enough 吹哨 problems
   assigned to and accepted by its unit for every reply it may send.
2. gunicorn (``--worker-class``, ``--workers``, ``--threads``) with the production settings (DEBUG off).
3. 50 logins released at the same instant (a barrier); their median, p95 and the time until the last.
4. The mix, per session in a loop: 项目清单 35 %, 项目详情 30 %, 挂图作战 data.json 15 % (reads);
   月报保存 10 %, 问题答复 10 % (writes). Each write carries a token; afterwards every write answered
   as successful is looked up in the database (the report's edit event, the problem's reply) —
   a success whose token is missing is a lost write. An answer other than 200/302 is an error.

``.venv/bin/python bench/load.py --database-url postgres://… [--projects N] [--workers 4] [--threads 1]
[--worker-class sync|gthread]``; prints a table for docs/benchmarks.md and the ``uptime`` load average.
"""

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load-test-Pass-2026"
REPORT_YEAR, REPORT_MONTH = 2026, 11
MIX = [("list", 35), ("detail", 30), ("dashboard", 15), ("report", 10), ("reply", 10)]
WRITES = {"report", "reply"}
TARGET_RPS = 150
TARGET_READ_P95_MS = 300
TARGET_WRITE_P95_MS = 500


def _setup(args):
    os.environ["TUIJIN_VAR_DIR"] = args.workdir
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-load")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    import django

    django.setup()


def prepare(args):
    """The district, then the sessions' users, draftable reports and replyable problems (idempotent)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.db.models import Count

    from bench import datasets
    from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
    from tuijin.coordination import actions as coordination
    from tuijin.coordination.models import Problem, ProblemCategory, ProblemStatus, seed_categories
    from tuijin.lib.context import Source, acting
    from tuijin.progress.models import MonthlyReport, ReportStatus
    from tuijin.projects.models import Project

    if Project.objects.count() < args.projects:
        datasets.build(args.projects)  # an existing district is used as it is (its rollups already built)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    units = list(Project.objects.filter(responsible_unit__kind=OrganisationKind.DEPARTMENT).values("responsible_unit").annotate(n=Count("pk"))
                 .filter(n__gte=3).order_by("-n").values_list("responsible_unit", flat=True)[:args.sessions])
    departments = Organisation.objects.in_bulk(units)
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    seed_categories()
    category = ProblemCategory.objects.order_by("pk").first()
    password = make_password(PASSWORD)  # the hasher the settings prefer, as a real password change would store
    share = dict(MIX)["reply"] / sum(dict(MIX).values())
    replies_each = int(args.requests * share / args.sessions * 2) + 5  # twice the expected replies per session
    sessions = []
    with acting(Source.COMMAND), transaction.atomic():
        for i in range(args.sessions):
            unit = departments[units[i % len(units)]]
            user, _ = User.objects.update_or_create(
                username=f"load{i:02d}", defaults={"role": Role.DEPARTMENT_CLERK, "organisation": unit,
                                                    "is_active": True, "password": password,
                                                    "first_name": f"负载测试{i:02d}"})
            projects = list(Project.objects.filter(responsible_unit=unit).order_by("pk").values_list("pk", flat=True)[:40])
            mine = projects[i // len(units) % len(projects)]
            Project.objects.filter(pk=mine).update(responsible_official=user)  # its 包保 official reports for it
            MonthlyReport.objects.filter(project_id=mine, year=REPORT_YEAR, month=REPORT_MONTH).exclude(
                status=ReportStatus.DRAFT).delete()
            open_ = list(Problem.objects.filter(lead_department=unit, status=ProblemStatus.ACCEPTED,
                                                title__startswith="负载测试").values_list("pk", flat=True))
            missing = replies_each * ((args.sessions + len(units) - 1) // len(units)) - len(open_)
            fresh = []
            for n in range(max(0, missing)):
                fresh.append(coordination.file_problem(actor=coordinator, data={
                    "title": f"负载测试问题{unit.pk}-{n}", "description": "负载测试：等待牵头部门答复",
                    "category": category, "project": Project.objects.get(pk=projects[n % len(projects)])}))
            if fresh:
                coordination.assign_many(Problem.objects.filter(pk__in=[p.pk for p in fresh]), actor=coordinator,
                                         lead=unit, working_days=10)
                for problem in Problem.objects.filter(pk__in=[p.pk for p in fresh]):
                    coordination.accept_problem(problem, actor=user)
            sessions.append({"username": user.username, "user": user.pk, "unit": unit.pk, "projects": projects,
                             "report_project": mine})
    pools = {}
    for unit in {s["unit"] for s in sessions}:
        pools[unit] = list(Problem.objects.filter(lead_department_id=unit, status=ProblemStatus.ACCEPTED,
                                                  title__startswith="负载测试").values_list("pk", flat=True))
    connection.close()
    return sessions, pools


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(args, port):
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    command = [str(Path(sys.executable).with_name("gunicorn")), "tuijin.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads),
               "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    import requests

    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/login/", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn 未能启动")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def logins(base, sessions):
    """Every session logs in at the same instant; (sessions, seconds each, seconds until the last)."""
    barrier = threading.Barrier(len(sessions))
    out = [None] * len(sessions)

    def one(i):
        import requests

        session = requests.Session()
        page = session.get(f"{base}/login/", timeout=30)
        token = CSRF.search(page.text).group(1)
        barrier.wait()
        started = time.perf_counter()
        answer = session.post(f"{base}/login/", data={"username": sessions[i]["username"], "password": PASSWORD,
                                                      "csrfmiddlewaretoken": token},
                              headers={"Referer": f"{base}/login/"}, allow_redirects=False, timeout=120)
        out[i] = (session, time.perf_counter() - started, answer.status_code, started)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [i for i, row in enumerate(out) if row[2] != 302]
    if failed:
        raise RuntimeError(f"{len(failed)} 个会话登录失败（如 {sessions[failed[0]]['username']}：{out[failed[0]][2]}）")
    first = min(row[3] for row in out)
    last = max(row[3] + row[1] for row in out)
    return [row[0] for row in out], [row[1] for row in out], last - first


class Mix:
    """The sessions' loop, bounded by a shared request budget and a deadline."""

    def __init__(self, base, sessions, clients, pools, budget, seconds):
        self.base, self.sessions, self.clients, self.pools = base, sessions, clients, pools
        self.budget, self.deadline = budget, time.perf_counter() + seconds
        self.lock = threading.Lock()
        self.samples = {name: [] for name, _ in MIX}
        self.errors = []
        self.writes = []  # (kind, key, token) of every write answered as successful
        self.sent = 0

    def _take(self):
        with self.lock:
            if self.sent >= self.budget or time.perf_counter() > self.deadline:
                return False
            self.sent += 1
            return True

    def _reply_target(self, unit):
        with self.lock:
            pool = self.pools[unit]
            return pool.pop() if pool else None

    def session(self, i):
        rng = random.Random(i)
        client, me = self.clients[i], self.sessions[i]
        names, weights = zip(*MIX)
        csrf = client.cookies.get("csrftoken")
        n = 0
        while self._take():
            kind = rng.choices(names, weights)[0]
            n += 1
            token = f"负载{i:02d}-{n}"
            data = None
            if kind == "list":
                url = f"{self.base}/projects/?page={rng.randint(1, 20)}"
            elif kind == "detail":
                url = f"{self.base}/projects/{rng.choice(me['projects'])}/"
            elif kind == "dashboard":
                url = f"{self.base}/battle-map/data.json"
            elif kind == "report":
                url = f"{self.base}/progress/projects/{me['report_project']}/report/"
                data = {"year": REPORT_YEAR, "month": REPORT_MONTH, "completed_investment": f"{n}.{i:02d}",
                        "funds_arrived": "1.00", "narrative": token}
                key = me["report_project"]
            else:
                problem = self._reply_target(me["unit"])
                if problem is None:
                    continue
                url = f"{self.base}/coordination/{problem}/reply/"
                data = {"outcome": "solved", "reply": token}
                key = problem
            started = time.perf_counter()
            try:
                if data is None:
                    answer = client.get(url, timeout=60, allow_redirects=False)
                else:
                    answer = client.post(url, data=data, headers={"X-CSRFToken": csrf, "Referer": url},
                                         timeout=60, allow_redirects=False)
                status = answer.status_code
            except Exception as error:  # a refused connection or a timeout is an error, not a crash of the run
                status = repr(error)
            took = (time.perf_counter() - started) * 1000
            ok = status in (200, 302)
            with self.lock:
                self.samples[kind].append(took)
                if not ok:
                    self.errors.append((kind, url, status))
                elif data is not None:
                    self.writes.append((kind, key, token))

    def run(self):
        threads = [threading.Thread(target=self.session, args=(i,)) for i in range(len(self.clients))]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def lost_writes(writes):
    """Successful writes whose token is not in the database."""
    from django.db import connection

    from tuijin.coordination.models import Problem
    from tuijin.progress.models import MonthlyReport, ReportEvent

    lost = []
    by_project = {}
    for kind, key, token in writes:
        if kind == "report":
            by_project.setdefault(key, []).append(token)
    for project, tokens in by_project.items():
        report = MonthlyReport.objects.get(project_id=project, year=REPORT_YEAR, month=REPORT_MONTH)
        # an edit's change list holds the narrative before and after; the save that created the draft logs no
        # change list, so its token is the narrative itself, or the "before" of the next edit
        stored = " ".join([str(changes) for changes in ReportEvent.objects.filter(report=report)
                           .values_list("changes", flat=True)] + [repr(report.narrative)])
        lost += [("report", project, token) for token in tokens if f"'{token}'" not in stored
                 and f'"{token}"' not in stored]
    replies = {key: token for kind, key, token in writes if kind == "reply"}
    stored = dict(Problem.objects.filter(pk__in=replies).values_list("pk", "reply"))
    lost += [("reply", pk, token) for pk, token in replies.items() if stored.get(pk) != token]
    connection.close()
    return lost


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))] if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL (the production database)")
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--requests", type=int, default=6000, help="at most this many requests in the mix")
    parser.add_argument("--seconds", type=float, default=90, help="and at most this long")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="tuijin-bench-load-")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url 须为 PostgreSQL（生产数据库）")
    _setup(args)
    sessions, pools = prepare(args)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(args, port)
    try:
        load_before = os.getloadavg()
        clients, login_seconds, login_span = logins(base, sessions)
        for client in clients:  # warm every worker's caches (templates, URLconf) as a running server has
            client.get(f"{base}/projects/", timeout=60)
        mix = Mix(base, sessions, clients, pools, args.requests, args.seconds)
        elapsed = mix.run()
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    lost = lost_writes(mix.writes)
    reads = [t for kind, values in mix.samples.items() if kind not in WRITES for t in values]
    writes = [t for kind, values in mix.samples.items() if kind in WRITES for t in values]
    total = len(reads) + len(writes)
    rps = total / elapsed
    config = f"gunicorn {args.worker_class} ×{args.workers}" + (f"×{args.threads} 线程" if args.threads > 1 else "")
    print(f"\n负载：{args.sessions} 个会话，{config}，PostgreSQL {args.projects:,} 个项目；"
          f"{total} 个请求用时 {elapsed:.1f} s；负载均值（1 分钟）前 {load_before[0]:.2f} 后 {load_after[0]:.2f}")
    print("| 项目 | 数值 | 目标 | 结论 |\n|---|---|---|---|")
    print(f"| 吞吐 | {rps:.0f} 请求/秒 | ≥ {TARGET_RPS} | {'达标' if rps >= TARGET_RPS else '未达标'} |")
    read_p95, write_p95 = _p95(reads), _p95(writes)
    print(f"| 读 p50 / p95 | {statistics.median(reads):.0f} / {read_p95:.0f} ms | p95 ≤ {TARGET_READ_P95_MS} ms | "
          f"{'达标' if read_p95 <= TARGET_READ_P95_MS else '未达标'} |")
    print(f"| 写 p50 / p95 | {statistics.median(writes):.0f} / {write_p95:.0f} ms | p95 ≤ {TARGET_WRITE_P95_MS} ms | "
          f"{'达标' if write_p95 <= TARGET_WRITE_P95_MS else '未达标'} |")
    for kind, values in mix.samples.items():
        if values:
            print(f"| · {kind}（{len(values)} 次）p50 / p95 | {statistics.median(values):.0f} / {_p95(values):.0f} ms | | |")
    print(f"| 错误 | {len(mix.errors)} | 0 | {'达标' if not mix.errors else '未达标'} |")
    print(f"| 丢失的写入（成功应答但库中无此写入） | {len(lost)}（共核对 {len(mix.writes)} 次写入） | 0 | "
          f"{'达标' if not lost else '未达标'} |")
    print(f"| {args.sessions} 人同时登录 中位 / p95 / 最后一人完成 | {statistics.median(login_seconds):.2f} / "
          f"{_p95(login_seconds):.2f} / {login_span:.2f} s | 不削弱口令哈希 | — |")
    if mix.errors:
        print("错误示例：", mix.errors[:5])
    if lost:
        print("丢失示例：", lost[:5])
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
