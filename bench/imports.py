"""Importing a 10,000-row project sheet in the bureau's layout: validate (preview), then apply atomically."""

import datetime as dt
import io
import random
import time

from openpyxl import Workbook

from tuijin.accounts.models import Role, User
from tuijin.enterprises.models import Enterprise
from django.core.files.base import ContentFile

from tuijin.imports import runner
from tuijin.imports.models import ImportJob, ImportKind

ROWS = 10_000
TARGET_S = 3.0


def _sheet(enterprises, rng):
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年重大项目清单"])
    sheet.append(["", "", "单位：万元"])
    sheet.append(["序号", "项目名称", "项目单位", "统一社会信用代码", "所在园区", "总投资", "当前阶段", "计划开工日期",
                  "实际开工日期", "计划竣工日期", "所属产业链", "项目类别", "项目级别", "建设内容"])
    for number in range(ROWS):
        name, uscc, park = enterprises[number % len(enterprises)]
        stage = ["谋划储备", "在谈", "在建"][number % 3]
        amount = rng.choice([f"{rng.randint(1, 90)}亿元", rng.randint(500, 90000), f"约{rng.randint(1, 9)}.{rng.randint(0, 9)}亿"])
        sheet.append([number + 1, f"基准导入项目{number}", name, uscc, park, amount, stage, "2025年3月",
                      dt.date(2025, 5, 1) if stage == "在建" else None, "2027.12", "新材料", "产业化", "区重点",
                      "厂房及配套设施"])
    sheet.append(["合计"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure():
    rng = random.Random(7)
    user = User.objects.filter(role=Role.COORDINATOR).first()
    enterprises = list(Enterprise.objects.filter(park__isnull=False).values_list("name", "uscc", "park__name")[:300])
    data = _sheet(enterprises, rng)
    job = ImportJob.objects.create(kind=ImportKind.PROJECTS, original_name="bench.xlsx", created_by=user,
                                   file=ContentFile(data, name="bench.xlsx"))
    started = time.perf_counter()
    runner.validate_job(job)
    previewed = time.perf_counter()
    runner.apply_job(job)
    applied = time.perf_counter()
    job.refresh_from_db()
    assert job.status == "applied", (job.status, job.message, job.problems[:3])
    preview_s, apply_s = previewed - started, applied - previewed
    print(f"导入 {ROWS} 行：预览校验 {preview_s:.2f} s，应用（重新校验并写入）{apply_s:.2f} s，{job.summary}")
    return [
        {"name": f"导入 {ROWS} 行：预览校验", "median": preview_s * 1000, "p95": preview_s * 1000,
         "target": "—", "ok": True},
        {"name": f"导入 {ROWS} 行：应用（校验+写入）", "median": apply_s * 1000, "p95": apply_s * 1000,
         "target": f"≤ {TARGET_S:.0f} s", "ok": apply_s <= TARGET_S},
    ]
