"""The rules a project row must pass before anything is written, each reported on its row and column."""

import datetime as dt

import pytest

from tuijin.projects.importers import ProjectImporter
from tuijin.lib.uscc import make_uscc
from tuijin.projects.models import Stage

from ..factories import EnterpriseFactory, ProjectFactory
from .sheets import xlsx

TODAY = dt.date(2026, 6, 30)


def problems(rows, user=None):
    outcome = ProjectImporter(user, today=TODAY).validate(xlsx(rows), "清单.xlsx")
    return [(p["row"], p["column"], p["reason"]) for p in outcome.problems], outcome


def test_a_code_repeated_in_the_file_is_an_error_on_the_second_row(db, enterprise, park):
    found, _ = problems([["项目编号", "项目名称", "总投资"], ["XM-1", "甲项目", 1], ["XM-1", "乙项目", 2]])
    assert found == [(3, "项目编号", "项目编号“XM-1”与第2行重复")]


def test_a_project_listed_twice_without_a_code_is_an_error_on_the_second_row(db, enterprise):
    found, _ = problems([["项目名称", "项目单位", "总投资"], ["甲项目", enterprise.name, 1],
                         ["甲项目", enterprise.name, 2]])
    assert found == [(3, "项目名称", "项目“甲项目”与第2行重复（同一项目单位）")]


def test_an_unknown_code_for_a_project_that_exists_under_another_code_is_refused(db, project, enterprise):
    found, _ = problems([["项目编号", "项目名称", "项目单位", "总投资"], ["XM-NEW", project.name, enterprise.name, 1]])
    assert found == [(2, "项目编号", f"项目编号“XM-NEW”不存在，但该项目单位已有同名项目（编号 {project.code}）；"
                                    f"如为同一项目，请将编号改为 {project.code}")]


def test_rows_match_existing_projects_by_code_else_by_name_and_enterprise(db, project, enterprise, other_enterprise):
    _, outcome = problems([
        ["项目编号", "项目名称", "项目单位", "总投资"],
        [project.code, "改名后的项目", "", 12000],  # by code: an update (a rename)
        ["", project.name, enterprise.name, 12000],  # by name + enterprise: … but the same project again
        ["", project.name, other_enterprise.name, 100],  # same name, another enterprise: a new project
    ])
    assert [(item.row, item.action) for item in outcome.planned] == [(2, "update"), (4, "create")]
    assert outcome.problems[0]["reason"] == f"与第2行是同一项目（{project.code}），请合并为一行"


def test_enterprises_are_found_by_uscc_or_exact_name(db, enterprise):
    wrong_check = enterprise.uscc[:17] + ("0" if enterprise.uscc[17] != "0" else "1")
    unknown = make_uscc("91510115MA9999999")
    found, _ = problems([
        ["项目名称", "项目单位", "统一社会信用代码", "总投资"],
        ["甲项目", "", enterprise.uscc, 1],
        ["乙项目", "成都锦程新材料有限公司", "", 1],
        ["丙项目", "", wrong_check, 1],
        ["丁项目", "", unknown, 1],
        ["戊项目", "另一家公司", enterprise.uscc, 1],
    ])
    assert [(row, column) for row, column, _ in found] == [
        (4, "统一社会信用代码"), (5, "统一社会信用代码"), (6, "项目单位")]
    assert found[0][2].startswith("统一社会信用代码校验位错误")
    assert found[1][2] == f"未找到统一社会信用代码为“{unknown}”的企业，请先在企业库中登记"
    assert found[2][2] == "项目单位“另一家公司”与统一社会信用代码对应的企业“成都锦程新材料有限公司”不一致，请核对"


def test_two_enterprises_of_the_same_name_need_the_uscc(db, park):
    EnterpriseFactory(name="同名科技有限公司")
    EnterpriseFactory(name="同名科技有限公司")
    found, _ = problems([["项目名称", "项目单位", "总投资"], ["甲项目", "同名科技有限公司", 1]])
    assert found == [(2, "项目单位", "企业库中有2家名为“同名科技有限公司”的企业，请增加“统一社会信用代码”列加以区分")]


def test_parks_are_found_by_name_or_short_name(db, park, other_park):
    other_park.short_name = "临港"
    other_park.save()
    found, outcome = problems([["项目名称", "园区", "总投资"], ["甲", "临港", 1], ["乙", "高新园", 1], ["丙", "东区", 1]])
    assert found == [(4, "所在园区", "未找到园区“东区”，现有园区：临港园、高新园")]


@pytest.mark.parametrize(("cells", "column", "reason"), [
    ({"当前阶段": "开建"}, "当前阶段", "无法识别的项目阶段“开建”，应为 谋划储备、在谈、已签约、已注册、前期手续、在建、已竣工、已投产、已达产、停缓建、已终止 之一"),
    ({"项目类别": "工业"}, "项目类别", "无法识别的项目类别“工业”，应为 产业化、基础设施、社会民生 之一"),
    ({"投资项目统一代码": "2023-51"}, "投资项目统一代码", "投资项目统一代码格式应为“年份-6位行政区划-2位行业-2位类型-6位流水号”，如 2023-510115-27-03-012345"),
    ({"总投资": "-5"}, "总投资", "总投资不能为负数"),
    ({"纬度": "130.5"}, "纬度", "纬度应在 3 到 54 之间（中国境内）"),
    ({"当前阶段": "已签约"}, "实际签约日期", "当前阶段为“已签约”，须填写实际签约日期"),
    ({"当前阶段": "在谈", "实际开工日期": "2026-01-05"}, "实际开工日期", "当前阶段为“在谈”，尚未开工，不应填写实际开工日期"),
    ({"当前阶段": "在建", "实际开工日期": "2026-07-01"}, "实际开工日期", "实际日期不能晚于今天（2026-06-30）"),
    ({"计划开工日期": "2026年5月", "计划竣工日期": "2026年3月"}, "计划竣工日期",
     "计划竣工日期（2026-03-01）不能早于计划开工日期（2026-05-01）"),
    ({"项目名称": "长" * 151}, "项目名称", "“项目名称”不能超过150个字，当前151个字"),
])
def test_each_rule_is_reported_on_its_column(db, cells, column, reason):
    header = ["项目名称", "总投资", *[key for key in cells if key not in ("项目名称", "总投资")]]
    row = [cells.get("项目名称", "甲项目"), cells.get("总投资", 100), *[cells[key] for key in header[2:]]]
    found, _ = problems([header, row])
    assert found == [(2, column, reason)]


def test_stage_words_people_use_are_understood(db):
    _, outcome = problems([["项目名称", "总投资", "项目状态", "实际开工"], ["甲", 1, "续建", "2025-03-01"],
                           ["乙", 1, "储备", None], ["丙", 1, "停缓建", "2025-03-01"]])
    stages = [item.data["stage"] for item in outcome.planned]
    assert stages == [Stage.CONSTRUCTION, Stage.PLANNING, Stage.SUSPENDED]
    assert outcome.planned[2].data["suspended_from"] == Stage.CONSTRUCTION


def test_an_update_is_checked_against_what_the_project_already_has(db, enterprise):
    started = ProjectFactory(stage=Stage.CONSTRUCTION, actual_start_date=dt.date(2025, 5, 1), enterprise=enterprise)
    # A planned completion before the start already on record is caught, though the start is not in the file
    found, _ = problems([["项目编号", "项目名称", "总投资", "实际竣工日期", "当前阶段"],
                         [started.code, started.name, 12000, "2025-04-01", "已竣工"]])
    assert found == [(2, "实际竣工日期", "实际竣工日期（2025-04-01）不能早于实际开工日期（2025-05-01）")]


def test_a_project_changed_between_checking_and_writing_stops_the_whole_import(db, project, enterprise):
    from django.db import transaction

    from tuijin.imports.importers import StaleImport
    from tuijin.projects.models import Project

    importer = ProjectImporter(None, today=TODAY)
    outcome = importer.validate(xlsx([["项目编号", "项目名称", "总投资"], [project.code, project.name, 1],
                                      ["", "新项目", 2]]), "清单.xlsx")
    assert [item.action for item in outcome.planned] == ["update", "create"]
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)  # a colleague saved meanwhile

    with pytest.raises(StaleImport), transaction.atomic():
        importer.apply(outcome, actor=None)
    assert Project.objects.count() == 1
    project.refresh_from_db()
    assert project.total_investment != 1


def test_a_new_project_without_a_park_sits_in_its_enterprises_park(db, enterprise, park):
    _, outcome = problems([["项目名称", "项目单位", "总投资"], ["甲项目", enterprise.name, 1]])
    assert outcome.planned[0].data["park_id"] == park.pk
    assert outcome.planned[0].preview[3] == "高新园"


def test_checking_and_writing_take_as_many_queries_for_300_rows_as_for_3(db, enterprise, park, project):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        rows = [["项目编号", "项目名称", "项目单位", "统一社会信用代码", "所在园区", "总投资", "当前阶段"],
                [project.code, project.name, enterprise.name, enterprise.uscc, "高新园", count, "谋划储备"]]
        rows += [["", f"批量项目{count}-{n}", enterprise.name, enterprise.uscc, "高新园", n, "在谈"]
                 for n in range(1, count)]
        importer = ProjectImporter(None, today=TODAY)
        with CaptureQueriesContext(connection) as checking:
            outcome = importer.validate(xlsx(rows), "清单.xlsx")
        assert outcome.problems == []
        with CaptureQueriesContext(connection) as writing, transaction.atomic():
            importer.apply(outcome, actor=None)
        return len(checking), len(writing)

    # Given one project updated and others created, the number of queries does not depend on the rows
    assert queries(3) == queries(300)
