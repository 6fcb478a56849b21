"""``manage.py import_projects FILE``: check and list problems as 第N行 列名: 原因; --apply writes."""

import io

import pytest
from django.core.management import CommandError, call_command

from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.projects.models import Project
from tuijin.progress.models import YearlyPlan

from .sheets import xlsx
from .test_it_previews_an_import import sheet_rows


def run(*args):
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.fixture
def bad_file(tmp_path, enterprise, park):
    path = tmp_path / "项目清单.xlsx"
    path.write_bytes(xlsx(sheet_rows(enterprise), title="2026年重大项目清单", unit="万元"))
    return path


@pytest.fixture
def good_file(tmp_path, enterprise, park):
    path = tmp_path / "项目清单.xlsx"
    path.write_bytes(xlsx(sheet_rows(enterprise, fixed=True), title="2026年重大项目清单", unit="万元"))
    return path


def test_it_prints_every_problem_and_exits_non_zero(db, bad_file, coordinator):
    output, error = run("import_projects", str(bad_file), "--user", "coordinator", "--apply")

    # Then every problem is one line "第N行 列名: reason", N as Excel numbers the row
    lines = output.splitlines()
    assert lines[0] == "已读取 项目清单.xlsx：7 行数据。"
    assert lines[1:] == [
        "第9行 项目单位: 未找到企业“不存在的新能源有限公司”，请先在企业库中登记",
        "第10行 总投资: 无法识别的金额“一大笔”，应为数字，可带单位 元/万元/亿元（如 23400、2.34亿元、5000万）",
        "第11行 实际开工日期: 当前阶段为“在建”，须填写实际开工日期",
    ]
    # And the exit status is 1 with a summary, and nothing is written even with --apply
    assert error is not None and error.returncode == 1
    assert str(error) == "发现 3 个问题，未写入任何数据"
    assert Project.objects.count() == 0


def test_it_previews_without_apply_and_writes_with_it(db, good_file, coordinator):
    output, error = run("import_projects", str(good_file), "--user", "coordinator")
    assert error is None
    assert "校验通过，共 7 行：将新增 7，更新 0，无变化 0。加 --apply 写入。" in output
    assert Project.objects.count() == 0

    output, error = run("import_projects", str(good_file), "--user", "coordinator", "--apply")
    assert error is None
    assert "已导入：新增 7，更新 0，无变化 0。" in output
    assert Project.objects.count() == 7
    assert Project.objects.filter(events__actor=coordinator).distinct().count() == 7

    # Applied twice, the second run changes nothing
    output, error = run("import_projects", str(good_file), "--apply")
    assert "已导入：新增 0，更新 0，无变化 7。" in output
    assert Project.objects.count() == 7
    assert list(ImportJob.objects.values_list("status", flat=True).order_by("pk")) == [
        ImportStatus.PREVIEWED, ImportStatus.APPLIED, ImportStatus.APPLIED]


def test_the_plans_command_imports_yearly_plans(db, tmp_path, project, coordinator):
    path = tmp_path / "2026年度投资计划.csv"
    path.write_text(f"2026年度重大项目投资计划\n项目编号,项目名称,年度计划投资\n{project.code},{project.name},3000\n",
                    encoding="utf-8-sig")
    output, error = run("import_plans", str(path), "--apply")
    assert error is None, output
    assert YearlyPlan.objects.get(project=project, year=2026).planned_investment == 3000


@pytest.mark.parametrize(("args", "message"), [
    (["/nonexistent/清单.xlsx"], "找不到文件：/nonexistent/清单.xlsx"),
    (["{tmp}/清单.docx"], "不支持的文件类型“.docx”，请使用 .xlsx、.xls 或 .csv 文件"),
    (["{tmp}/清单.xlsx", "--user", "nobody"], "找不到用户“nobody”"),
    (["{tmp}/清单.xlsx", "--user", "leader"], "用户 leader 无权导入项目信息"),
])
def test_it_refuses_what_it_cannot_do(db, tmp_path, users, args, message):
    for name in ("清单.docx", "清单.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    output, error = run("import_projects", *[arg.format(tmp=tmp_path) for arg in args])
    assert str(error) == message


def test_an_unreadable_file_is_one_problem_on_the_command_line(db, tmp_path):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(b"this is not a workbook")
    output, error = run("import_projects", str(path))
    assert "第1行 文件: 无法读取该表格文件" in output
    assert error.returncode == 1
