"""政策匹配: Tuijin's rule engine beside OpenFisca and a plain Python loop, on one shared workload.

The workload is ../shared/bench/policy_workload.py: 200,000 enterprises × 300 clauses of 2–5
conditions, benefit min(rate × equipment_investment, cap). Its clauses are translated into
Tuijin's rule format (the same YAML/JSON a policy clause is written in) and run through:

- Tuijin's batch engine (tuijin/policies/batch.py): eligibility, amounts (rounded to 分) and the
  gaps of every near miss (short of exactly one condition: which, and by how much), columnar;
- OpenFisca (openfisca-core, via ../shared/bench/openfisca_peer.py): eligibility and amounts;
- a plain Python loop: eligibility and amounts, pair by pair (on a sample, extrapolated);
- one enterprise against all 300 clauses with reasons and gaps (Tuijin's scalar path), beside
  OpenFisca for one enterprise and the loop for one enterprise.

All three must agree on every clause (eligible count; benefit sum within the rounding to 分 and
OpenFisca's float32 storage). Standalone: ``.venv/bin/python bench/policies.py [--enterprises N]``.

``--run`` measures 免申即享 instead, end to end on a database: N enterprises with the demo's profiles
(``build_run``) and the policy library, then in a fresh process (so its peak RSS is the run's own) the facts
read (``facts.load``, column-wise), and the whole job (``autogrant.run``: facts, matching, reasons, every
row written in batches, the event) — targets ≤ 1 s, ≤ 5 s and ≤ 300 MB; ``--before`` also times the
in-request code of HEAD~ (``git show``) for the figure it replaces.
``.venv/bin/python bench/policies.py --run [--enterprises N] [--keep DIR] [--database-url URL]``.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TUIJIN_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED))

import numpy as np  # noqa: E402

from tuijin.policies import batch, engine, rules  # noqa: E402

ON = dt.date(2026, 1, 1)  # the workload's CURRENT_YEAR is 2026: years since founding = 2026 − founded_year
TARGET_BATCH_MS = 1500
TARGET_ONE_MS = 2.0
LOOP_SAMPLE = 20_000


def translate(clause) -> dict:
    """One workload clause in Tuijin's rule format."""
    conditions = []
    for kind, p in clause["conds"]:
        conditions.append({
            "rev_ge": lambda: {"field": "revenue", "op": ">=", "value": p},
            "rd_intensity_banded": lambda: {"field": "rd_ratio", "op": ">=",
                                            "value": {"field": "high_tech_rd_ratio_required"}},
            "emp_ge": lambda: {"field": "employees", "op": ">=", "value": p},
            "industry_in": lambda: {"field": "industry_code", "op": "in", "value": list(p)},
            "is_high_tech": lambda: {"field": "is_high_tech", "op": "is_true"},
            "age_le": lambda: {"field": "years_since_founding", "op": "<=", "value": p},
            "hightech_share_ge": lambda: {"field": "hightech_revenue_ratio", "op": ">=", "value": p},
            "is_srdi": lambda: {"field": "is_srdi", "op": "is_true"},
            "rd_staff_ratio_ge": lambda: {"field": "rd_staff_ratio", "op": ">=", "value": p},
        }[kind]())
    return {"eligibility": {"all": conditions},
            "benefit": {"rate": clause["rate"], "base": "equipment_investment", "cap": clause["cap"]}}


def plan_for(clauses):
    return rules.compile_plan([(j, f"条款{j}", 1, translate(c)) for j, c in enumerate(clauses)], ON)


def columns_of(data):
    return {name: np.asarray(values, dtype=np.float64) for name, values in data.items()}


def facts_of(data, row):
    return {name: float(values[row]) for name, values in data.items()}


def tuijin_batch(plan, data, repeat):
    runner = batch.Batch(plan)
    columns = columns_of(data)
    samples, results = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        results = runner.run(columns)
        samples.append(time.perf_counter() - started)
    counts = [len(r.rows) for r in results]
    sums = [float(np.nansum(r.amounts)) for r in results]
    near = sum(len(r.near.rows) for r in results)
    return samples, counts, sums, near


def tuijin_one(plan, data, runs=2000):
    """Median and p95 of one enterprise against every clause, reasons and gaps included."""
    scalar = engine.Scalar(plan)
    rng = np.random.default_rng(7)
    rows = rng.integers(0, len(data["revenue"]), size=runs)
    facts = [facts_of(data, int(row)) for row in rows]
    samples, listed = [], 0
    for one in facts:
        started = time.perf_counter()
        outcomes = scalar.evaluate(one)
        samples.append(time.perf_counter() - started)
        listed += len(outcomes)
    return samples, listed / runs


def scalar_agrees(plan, data, results_rows, sample=300):
    """The scalar path gives the same eligible clauses and amounts as the batch, on a sample of rows."""
    scalar = engine.Scalar(plan)
    eligible = {}
    for j, (rows, amounts) in enumerate(results_rows):
        for row, amount in zip(rows.tolist(), amounts.tolist()):
            eligible[(row, j)] = amount
    rng = np.random.default_rng(11)
    mismatches = 0
    for row in rng.integers(0, len(data["revenue"]), size=sample).tolist():
        found = {o.clause.ref: o.amount for o in scalar.evaluate(facts_of(data, row), explain=False)
                 if o.status == engine.Status.ELIGIBLE}
        expected = {j: amount for (r, j), amount in eligible.items() if r == row}
        if set(found) != set(expected) or any(f"{expected[j]:.2f}" != f"{found[j]}" for j in found):
            mismatches += 1
    return mismatches


def naive_loop(data, clauses, rows):
    """The plain Python loop of the README: each enterprise, each clause, each condition."""
    table = {name: values.tolist() for name, values in data.items()}
    return _loop([{name: column[i] for name, column in table.items()} for i in rows], clauses)


def _loop(enterprises, clauses):
    from policy_workload import CURRENT_YEAR, rd_threshold_scalar

    counts, sums = [0] * len(clauses), [0.0] * len(clauses)
    for e in enterprises:
        for j, clause in enumerate(clauses):
            ok = True
            for kind, p in clause["conds"]:
                if kind == "rev_ge":
                    ok = e["revenue"] >= p
                elif kind == "rd_intensity_banded":
                    ok = e["rd_spend"] / e["revenue"] >= rd_threshold_scalar(e["revenue"])
                elif kind == "emp_ge":
                    ok = e["employees"] >= p
                elif kind == "industry_in":
                    ok = e["industry_code"] in p
                elif kind == "is_high_tech":
                    ok = e["is_high_tech"]
                elif kind == "age_le":
                    ok = CURRENT_YEAR - e["founded_year"] <= p
                elif kind == "hightech_share_ge":
                    ok = e["hightech_revenue"] / e["revenue"] >= p
                elif kind == "is_srdi":
                    ok = e["is_srdi"]
                else:
                    ok = e["rd_staff"] / e["employees"] >= p
                if not ok:
                    break
            if ok:
                counts[j] += 1
                sums[j] += min(clause["rate"] * e["equipment_investment"], clause["cap"])
    return counts, sums


def openfisca_batch(n, repeat):
    """openfisca_peer.run, but keeping each clause's benefit sum too (its run() returns only the total)."""
    import openfisca_peer as peer
    from openfisca_core.simulations import SimulationBuilder
    from policy_workload import gen_clauses, gen_data

    clauses, data = gen_clauses(), gen_data(n)
    tbs = peer.build_system(clauses)
    samples = []
    for _ in range(repeat):
        sim = SimulationBuilder().build_default_simulation(tbs, n)
        for name in peer.INPUT_TYPES:
            sim.set_input(name, peer.PERIOD, data[name])
        started = time.perf_counter()
        eligible = [np.asarray(sim.calculate(f"elig_{j}", peer.PERIOD)) for j in range(len(clauses))]
        benefits = [np.asarray(sim.calculate(f"benefit_{j}", peer.PERIOD), dtype=np.float64)
                    for j in range(len(clauses))]
        samples.append(time.perf_counter() - started)
    return samples, [int(m.sum()) for m in eligible], [float(b.sum()) for b in benefits], tbs, data


def openfisca_one(tbs, data, runs=15):
    import openfisca_peer as peer
    from openfisca_core.simulations import SimulationBuilder

    samples = []
    for run in range(runs):
        started = time.perf_counter()
        sim = SimulationBuilder().build_default_simulation(tbs, 1)
        for name in peer.INPUT_TYPES:
            sim.set_input(name, peer.PERIOD, data[name][run:run + 1])
        for j in range(300):
            sim.calculate(f"elig_{j}", peer.PERIOD)
            sim.calculate(f"benefit_{j}", peer.PERIOD)
        samples.append(time.perf_counter() - started)
    return samples


def loop_one(data, clauses, runs=2000):
    table = {name: values[:runs].tolist() for name, values in data.items()}
    enterprises = [{name: column[i] for name, column in table.items()} for i in range(runs)]
    samples = []
    for e in enterprises:
        started = time.perf_counter()
        _loop([e], clauses)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def compare(name, counts, sums, ours_counts, ours_sums, slack):
    """Clauses where ``name`` disagrees with Tuijin: a different count, or sums apart by more than ``slack``."""
    bad = []
    for j, (count, total, mine, my_total) in enumerate(zip(counts, sums, ours_counts, ours_sums)):
        if count != mine or abs(total - my_total) > slack(count, total):
            bad.append((j, count, mine, round(total, 2), round(my_total, 2)))
    if bad:
        print(f"  ✗ {name} 与推进不一致的条款 {len(bad)} 条，例：{bad[:5]}")
    else:
        print(f"  ✓ {name} 与推进逐条一致（300 条：符合企业数相同，金额合计差 ≤ 舍入到分的误差）")
    return not bad


def measure(enterprises=200_000, repeat=5):
    from policy_workload import gen_clauses, gen_data

    print(f"\n政策匹配：{enterprises:,} 家企业 × 300 条款")
    clauses, data = gen_clauses(), gen_data(enterprises)
    started = time.perf_counter()
    plan = plan_for(clauses)
    compile_ms = (time.perf_counter() - started) * 1000
    print(f"  规则编译 {compile_ms:.0f} ms（{len(plan.leaves)} 个不同条件，每个日期编译一次）")

    samples, counts, sums, near = tuijin_batch(plan, data, repeat)
    ours = statistics.median(samples)
    print(f"  推进 批量：中位 {ours * 1000:.0f} ms（{repeat} 次：{', '.join(f'{s * 1000:.0f}' for s in samples)}），"
          f"符合 {sum(counts):,} 对，差一项（附差距）{near:,} 对，金额 {sum(sums):,.2f} 万元")
    runner = batch.Batch(plan)
    results = runner.run(columns_of(data), gaps=False)
    mismatched = scalar_agrees(plan, data, [(r.rows, r.amounts) for r in results])
    print(f"  {'✓' if not mismatched else '✗'} 单企业路径与批量路径在 300 家抽样企业上"
          f"{'完全一致' if not mismatched else f'有 {mismatched} 家不一致'}")

    of_samples, of_counts, of_sums, tbs, of_data = openfisca_batch(enterprises, max(1, repeat // 2))
    of = statistics.median(of_samples)
    print(f"  OpenFisca 批量：中位 {of * 1000:.0f} ms（{', '.join(f'{s * 1000:.0f}' for s in of_samples)}）")
    ok = compare("OpenFisca", of_counts, of_sums, counts, sums,
                 lambda count, total: 0.005 * count + 1e-6 * abs(total) + 1e-6)

    sample = min(LOOP_SAMPLE, enterprises)
    started = time.perf_counter()
    loop_counts, loop_sums = naive_loop(data, clauses, range(sample))
    loop_seconds = time.perf_counter() - started
    loop_full = loop_seconds * enterprises / sample
    sample_results = batch.Batch(plan).run({k: v[:sample] for k, v in columns_of(data).items()}, gaps=False)
    ok &= compare(f"朴素循环（前 {sample:,} 家）", loop_counts, loop_sums, [len(r.rows) for r in sample_results],
                  [float(np.nansum(r.amounts)) for r in sample_results],
                  lambda count, total: 0.005 * count + 1e-9 * abs(total) + 1e-6)
    print(f"  朴素循环：{sample:,} 家用时 {loop_seconds:.2f} s，按比例推算全量 {loop_full:.1f} s（未实跑全量）")

    one_samples, listed = tuijin_one(plan, data)
    one_samples.sort()
    one_median = statistics.median(one_samples) * 1000
    one_p95 = one_samples[int(0.95 * (len(one_samples) - 1))] * 1000
    of_one = statistics.median(openfisca_one(tbs, of_data)) * 1000
    loop_one_ms = loop_one(data, clauses) * 1000
    print(f"  单企业（含理由与差距，平均列出 {listed:.0f} 条）：推进 中位 {one_median:.3f} ms，p95 {one_p95:.3f} ms；"
          f"OpenFisca {of_one:.1f} ms；朴素循环（仅资格与金额）{loop_one_ms:.3f} ms")
    print(f"  倍数：OpenFisca / 推进 批量 = {of / ours:.1f}×；朴素循环（推算）/ 推进 批量 = {loop_full / ours:.0f}×；"
          f"OpenFisca 单企业 / 推进 单企业 = {of_one / one_median:.0f}×")
    batch_ok = ours * 1000 <= TARGET_BATCH_MS and ours <= of and ok
    return [
        {"name": "政策匹配 批量 20万×300（资格+金额+差距）", "median": ours * 1000,
         "p95": sorted(samples)[-1] * 1000, "target": f"≤ {TARGET_BATCH_MS} ms 且不慢于 OpenFisca",
         "peer": f"OpenFisca {of * 1000:.0f} ms；循环≈{loop_full:.0f} s", "ok": batch_ok},
        {"name": "政策匹配 单企业（含理由与差距）", "median": one_median, "p95": one_p95,
         "target": f"≤ {TARGET_ONE_MS:g} ms", "peer": f"OpenFisca {of_one:.0f} ms；循环 {loop_one_ms:.3f} ms",
         "ok": one_median <= TARGET_ONE_MS},
    ]


RUN_FACTS_TARGET_MS = 1000
RUN_TARGET_MS = 5000
RUN_MEMORY_TARGET_MB = 300
RUN_ON = dt.date.today()  # the demo profiles are dated from today: last year's figures, qualifications in force
RUN_YEAR = RUN_ON.year - 1


def _django(workdir, database_url):
    os.environ["TUIJIN_VAR_DIR"] = workdir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def _rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


BEFORE = "d566687"  # the commit before 免申即享 became a job


def _before(path, name):
    """``path`` as it was at ``BEFORE``, loaded from git as a module of tuijin.policies (for the before figure)."""
    import subprocess
    import types

    source = subprocess.run(["git", "show", f"{BEFORE}:{path}"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    module = types.ModuleType(f"tuijin.policies.{name}")
    module.__package__ = "tuijin.policies"
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)
    return module


def _old_create_run():
    """The in-request ``actions.create_run`` with the ``facts.load`` of then (every figure, Python per row)."""
    from tuijin.policies import matching

    matching.facts_module = _before("tuijin/policies/facts.py", "facts_before")
    return _before("tuijin/policies/actions.py", "actions_before").create_run


def run_child(args):
    """In a fresh process: the facts read, then the job (and, asked, the old in-request run); JSON out."""
    import json

    _django(args.keep, args.database_url)
    from django.db import connection

    from tuijin.enterprises.models import Enterprise
    from tuijin.policies import autogrant, facts
    from tuijin.policies.models import AutoGrantJob, AutoGrantRun

    out = {"rss_start_mb": _rss_mb()}
    if args.before:
        from tuijin.accounts.models import User

        started = time.perf_counter()
        old = _old_create_run()(actor=User.objects.filter(is_superuser=True).first(), data_year=RUN_YEAR,
                                as_of=RUN_ON, enterprises=Enterprise.objects.all())
        out.update(before_ms=(time.perf_counter() - started) * 1000, before_items=old.items.count(),
                   before_rss_mb=_rss_mb())
        AutoGrantRun.objects.filter(pk=old.pk).delete()
        print(json.dumps(out))
        return
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        ids, columns = facts.load(Enterprise.objects.all(), RUN_YEAR, RUN_ON)
        samples.append((time.perf_counter() - started) * 1000)
    del columns
    out["facts_ms"] = sorted(samples)
    out["enterprises"] = len(ids)
    out["rss_after_facts_mb"] = _rss_mb()
    runs = []
    for _ in range(2):
        job = AutoGrantJob.objects.create(title="测速批次", data_year=RUN_YEAR, as_of=RUN_ON)
        started = time.perf_counter()
        job = autogrant.run(job.pk)
        runs.append((time.perf_counter() - started) * 1000)
        assert job.status == "done", job.message
        out["items"], out["eligible"] = job.done, job.eligible_enterprises
        # the runs are kept: deleting 200,000 rows through the ORM's cascade takes minutes and is not the job
    out["run_ms"] = sorted(runs)
    out["cpu_s"] = time.process_time()
    out["rss_peak_mb"] = _rss_mb()
    out["vendor"] = connection.vendor
    print(json.dumps(out))


def build_run(enterprises, seed=2026):
    """N enterprises (industries, scales, parks as bench/simulation.py makes them) given the demo's profiles
    (``demo.policies.seed_policies``: two years of figures, qualifications), so the library's clauses find
    about as many eligible rows per enterprise as in the demo district (~0.9)."""
    import random

    from django.db import transaction

    from tuijin.accounts.models import Organisation
    from tuijin.demo.policies import seed_policies
    from tuijin.enterprises.models import Enterprise, EnterpriseYearFigures, Industry, Scale
    from tuijin.lib.uscc import make_uscc

    if Enterprise.objects.count() >= enterprises and EnterpriseYearFigures.objects.exists():
        return
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        district = Organisation.objects.create(name="测速新区", kind="district")
        parks = [Organisation.objects.create(name=f"测速园区{i}", kind="park", parent=district) for i in range(6)]
        codes = ["39", "38", "34", "36", "27", "13", "65", "72", "51", "44"]
        industries = [Industry.objects.get_or_create(code=code, defaults={"name": f"行业{code}"})[0] for code in codes]
        scales = [Scale.LARGE, Scale.MEDIUM, Scale.SMALL, Scale.SMALL, Scale.MICRO]
        for start in range(0, enterprises, 5000):
            Enterprise.objects.bulk_create([
                Enterprise(name=f"测速企业{n:06d}有限公司", uscc=make_uscc(f"91510100MB{n:07d}"),
                           industry=rng.choice(industries), scale=rng.choice(scales), park=rng.choice(parks))
                for n in range(start, min(start + 5000, enterprises))], batch_size=5000)
        seed_policies(seed=seed)
    print(f"已生成 {enterprises} 家企业及画像，用时 {time.perf_counter() - started:.0f} 秒", flush=True)


def measure_run(enterprises, workdir, database_url=None, before=False):
    """Build (once) then measure in a child process; the table rows for docs/benchmarks.md."""
    import json
    import subprocess

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build_run(enterprises)
    from tuijin.policies import library

    library.load()
    from django.db import connection

    connection.close()
    command = [sys.executable, str(Path(__file__).resolve()), "--run-child", "--keep", workdir]
    if database_url:
        command += ["--database-url", database_url]
    result = {}
    if before:
        done = subprocess.run(command + ["--before"], capture_output=True, text=True, check=True, timeout=1800)
        result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800)
    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(result, ensure_ascii=False))
    facts_ms, run_ms = result["facts_ms"], result["run_ms"]
    label = f"免申即享 {result['enterprises']:,} 家企业（{result['vendor']}）"
    rows = [
        {"name": f"{label}：读取企业事实（列式）", "median": statistics.median(facts_ms), "p95": facts_ms[-1],
         "target": f"≤ {RUN_FACTS_TARGET_MS} ms", "ok": facts_ms[-1] <= RUN_FACTS_TARGET_MS},
        {"name": f"{label}：整个任务（含写入 {result['items']:,} 条名单）", "median": statistics.median(run_ms),
         "p95": run_ms[-1], "target": f"≤ {RUN_TARGET_MS} ms",
         "peer": f"原请求内测算 {result['before_ms']:.0f} ms" if "before_ms" in result else "",
         "ok": run_ms[-1] <= RUN_TARGET_MS},
        {"name": f"{label}：峰值内存 RSS（MB，进程起始 {result['rss_start_mb']:.0f}）", "median": result["rss_peak_mb"],
         "p95": result["rss_peak_mb"], "target": f"≤ {RUN_MEMORY_TARGET_MB} MB",
         "peer": f"原 {result['before_rss_mb']:.0f} MB" if "before_rss_mb" in result else "",
         "ok": result["rss_peak_mb"] <= RUN_MEMORY_TARGET_MB},
    ]
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--run", action="store_true", help="measure 免申即享 on a database instead")
    parser.add_argument("--run-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--before", action="store_true", help="with --run: also time the old in-request run")
    parser.add_argument("--keep", help="with --run: keep the database in this directory (reused when it exists)")
    parser.add_argument("--database-url", help="with --run: measure on this database instead of SQLite")
    args = parser.parse_args()
    if args.run_child:
        run_child(args)
        return
    if args.run:
        import tempfile

        args.keep = args.keep or tempfile.mkdtemp(prefix="tuijin-bench-autogrant-")
        os.makedirs(args.keep, exist_ok=True)
        _django(args.keep, args.database_url)
        from bench.run import format_table

        print(format_table(measure_run(args.enterprises, args.keep, args.database_url, args.before)))
        return
    rows = measure(args.enterprises, args.repeat)
    from bench.run import format_table

    print()
    print(format_table(rows))


if __name__ == "__main__":
    main()
