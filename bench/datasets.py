"""The benchmark district: N projects, each with plans for 2024–2026 and 36 approved monthly reports."""

import time

from django.core.management import call_command

from tuijin.demo import district as demo
from tuijin.progress.actions import rebuild_rollups
from tuijin.demo.progress import seed_progress
from tuijin.projects.models import Project

YEARS = [2024, 2025, 2026]


def _progress(label, done, total):
    print(f"\r{label} {done}/{total} ({done * 100 // max(total, 1)}%)", end="\n" if done >= total else "", flush=True)


def build(projects):
    call_command("migrate", verbosity=0)
    if Project.objects.exists():
        print(f"沿用已有数据：{Project.objects.count()} 个项目；重算汇总")
        rebuild_rollups(YEARS, progress=_progress)
        return
    started = time.perf_counter()
    demo.seed(projects=projects, enterprises=None, seed=2026, progress=_progress)
    reports = seed_progress(YEARS, every_project=True, progress=_progress, seed=2026)
    print(f"已生成 {projects} 个项目、{reports} 条月报，用时 {time.perf_counter() - started:.0f} 秒")
