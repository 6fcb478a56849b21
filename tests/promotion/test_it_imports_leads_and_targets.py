"""Leads and targets through the imports framework: a preview with every row's problems, then all or nothing."""

import datetime as dt
from decimal import Decimal

from tuijin.imports.registry import allowed_kinds
from tuijin.imports.models import ImportJob, ImportKind, ImportStatus
from tuijin.promotion.models import Lead, LeadEventKind, LeadStage, Target

from ..imports.sheets import page_text, upload, xlsx
from .conftest import make_lead, move

D = dt.date
HEADER = ["序号", "企业名称", "意向项目", "来源", "产业链", "环节", "预计投资", "园区", "阶段", "下一步", "登记日期"]


def lead_rows(*, fixed=False):
    return [
        HEADER,
        [1, "华东氧化锆材料股份有限公司", "氧化锆瓷块生产线", "展会招商", "口腔医疗器械", "原材料", "1.2亿", "高新园", "接洽",
         "邀请来区考察", "2025-03-02"],
        [2, "深圳数字口腔科技有限公司", "口扫设备研发中心", "以商招商", "口腔医疗器械", "数字化设备", "8000万", "高新园",
         "在谈", "", "2025年3月"],
        [3, "广州义齿加工有限公司", "义齿加工中心", "小分队" if fixed else "朋友介绍", "口腔医疗器械",
         "种植体" if fixed else "不存在的环节", "", "", "线索", "", ""],
        [4, "北方种植体有限公司", "种植体基地", "情报", "口腔医疗器械", "种植体", "3亿", "", "洽谈" if fixed else "签约",
         "", ""],
    ]


def test_it_previews_every_problem_and_writes_nothing(client, coordinator, chain, park):
    client.force_login(coordinator)

    response = upload(client, xlsx(lead_rows(), title="2025年招商线索台账"), "线索.xlsx", kind="leads")

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED
    assert sorted((p["row"], p["column"]) for p in job.problems) == [
        (5, "产业链环节"), (5, "线索来源"), (6, "当前阶段")]
    page = page_text(response)
    assert "无法识别的线索来源“朋友介绍”" in page
    assert "导入只能登记到“洽谈”及以前的阶段；“签约”须在线索页中推进并提供依据" in page
    assert not Lead.objects.exists()


def test_it_imports_the_fixed_sheet_and_updates_on_a_second_import(client, coordinator, chain, park):
    client.force_login(coordinator)
    content = xlsx(lead_rows(fixed=True), title="2025年招商线索台账")

    upload(client, content, "线索.xlsx", kind="leads")
    job = ImportJob.objects.get()
    assert job.problems == [] and job.summary["create"] == 4
    client.post(f"/imports/{job.pk}/apply/")

    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    lead = Lead.objects.get(company_name="华东氧化锆材料股份有限公司")
    assert (lead.stage, lead.expected_investment, lead.park, lead.segment.name, lead.stage_entered_on) == (
        LeadStage.CONTACT, Decimal(12000), park, "原材料", D(2025, 3, 2))
    assert lead.events.get().kind == LeadEventKind.IMPORTED
    assert Lead.objects.get(company_name="深圳数字口腔科技有限公司").stage == LeadStage.NEGOTIATION

    # A second import of the same sheet, with one lead further on, updates instead of duplicating
    rows = lead_rows(fixed=True)
    rows[1][8] = "考察"
    upload(client, xlsx(rows, title="2025年招商线索台账"), "线索（更新）.xlsx", kind="leads")
    second = ImportJob.objects.latest("pk")
    assert (second.summary["create"], second.summary["update"], second.summary["unchanged"]) == (0, 1, 3)
    client.post(f"/imports/{second.pk}/apply/")
    lead.refresh_from_db()
    assert Lead.objects.count() == 4 and lead.stage == LeadStage.VISIT
    assert lead.events.first().from_stage == LeadStage.CONTACT


def test_an_import_cannot_move_a_lead_back_or_past_negotiation(client, coordinator, chain):
    client.force_login(coordinator)
    lead = move(make_lead(coordinator, chain=chain, company_name="北方种植体有限公司", name="种植体基地"),
                LeadStage.CONTACT, coordinator, D(2025, 1, 10))
    rows = [HEADER, [1, lead.company_name, lead.name, "情报", "", "", "", "", "线索", "", ""]]

    upload(client, xlsx(rows), "线索.xlsx", kind="leads")

    job = ImportJob.objects.get()
    assert [p["reason"] for p in job.problems] == ["线索当前为“接洽”，导入不能改为“线索”"]


def test_park_staff_import_leads_into_their_park_only(client, users, chain, other_park):
    client.force_login(users["park_staff"])
    rows = [HEADER, [1, "甲公司", "甲项目", "情报", "", "", "", other_park.name, "", "", ""],
            [2, "乙公司", "乙项目", "情报", "", "", "", "", "", "", ""]]

    upload(client, xlsx(rows), "线索.xlsx", kind="leads")

    job = ImportJob.objects.get()
    assert [(p["row"], p["reason"]) for p in job.problems] == [(2, "您只能导入本园区的线索")]


def test_it_imports_targets_per_unit_and_period(client, coordinator, park, district):
    client.force_login(coordinator)
    rows = [
        ["单位", "期间", "签约项目数", "亿元以上签约项目数", "签约金额", "开工项目数", "实际到位资金"],
        ["测试新区", "2025年", 40, 12, "150亿", 20, "80亿"],
        ["高新园", "2025年第一季度", 5, "", "10亿元", "", ""],
        ["高新园", "2025年3月", 2, "", "", "", ""],
        ["不存在的园区", "2025年", 1, "", "", "", ""],
    ]

    upload(client, xlsx(rows, title="2025年招商引资目标任务"), "目标.xlsx", kind="targets")
    job = ImportJob.objects.get()
    assert [(p["row"], p["reason"]) for p in job.problems] == [(6, "未找到单位“不存在的园区”（部门不设招商目标）")]

    upload(client, xlsx(rows[:-1], title="2025年招商引资目标任务"), "目标.xlsx", kind="targets")
    job = ImportJob.objects.latest("pk")
    client.post(f"/imports/{job.pk}/apply/")

    targets = {(t.unit.name, t.period_kind, t.period_start, t.metric): t.value for t in Target.objects.all()}
    assert len(targets) == 8
    assert targets[("测试新区", "year", D(2025, 1, 1), "signing_value")] == Decimal(1500000)
    assert targets[("高新园", "quarter", D(2025, 1, 1), "signing_value")] == Decimal(100000)
    assert targets[("高新园", "month", D(2025, 3, 1), "signings")] == Decimal(2)


def test_only_the_bureau_imports_targets(users):
    assert ImportKind.TARGETS in allowed_kinds(users["coordinator"])
    assert ImportKind.LEADS in allowed_kinds(users["park_staff"])
    assert ImportKind.TARGETS not in allowed_kinds(users["park_staff"])
    assert allowed_kinds(users["leader"]) == []


def test_the_templates_name_the_columns(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/imports/template/leads.xlsx")

    assert response.status_code == 200
    from openpyxl import load_workbook
    import io

    header = [cell.value for cell in load_workbook(io.BytesIO(response.content)).active[3]]
    assert header[:3] == ["线索编号", "*意向项目", "*企业名称"]
    assert page_text(client.get("/imports/")).count("招商") >= 2
