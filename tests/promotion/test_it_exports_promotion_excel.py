"""The funnel and the target table as Excel sheets in the bureau's layout: title, units row, header, figures."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from tuijin.promotion import actions
from tuijin.promotion.models import LeadStage, Metric
from tuijin.promotion.periods import Period

from .conftest import make_lead, move, sign

D = dt.date


def sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def rows(worksheet):
    return [[cell.value for cell in row] for row in worksheet.iter_rows()]


def test_it_exports_the_target_table(client, coordinator, chain, district):
    sign(make_lead(coordinator, chain=chain, on=D(2025, 1, 2)), coordinator, D(2025, 2, 3), amount="15000")
    actions.set_target(Period.year(2025), district, Metric.SIGNINGS, Decimal(4), actor=coordinator)
    actions.set_target(Period.quarter(2025, 1), district, Metric.SIGNING_VALUE, Decimal(30000), actor=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("promotion_targets"), {"year": 2025, "unit": district.pk, "format": "xlsx"})

    worksheet = sheet(response)
    assert "attachment" in response["Content-Disposition"]
    table = rows(worksheet)
    assert table[0][0] == "测试新区2025年招商引资目标任务完成情况"
    assert table[1][0] == "单位：个、万元"
    assert table[2] == ["序号", "单位", "期间", "指标", "计量单位", "目标值", "完成值", "完成率", "是否完成"]
    assert table[3] == [1, "测试新区", "2025年", "签约项目", "个", 4, 1, 0.25, "否"]
    assert table[4] == [2, "测试新区", "2025年第一季度", "签约金额", "万元", 30000, 15000, 0.5, "否"]
    assert worksheet["H4"].number_format == "0.0%" and worksheet.freeze_panes == "A4"


def test_it_exports_the_funnel(client, coordinator, chain):
    lead = move(make_lead(coordinator, chain=chain, on=D(2025, 1, 1)), LeadStage.CONTACT, coordinator, D(2025, 1, 11))
    make_lead(coordinator, chain=chain, company_name="乙", on=D(2025, 1, 1))
    client.force_login(coordinator)

    response = client.get(reverse("promotion_funnel"), {"format": "xlsx"})

    table = rows(sheet(response))
    assert table[0][0].endswith("招商线索转化漏斗")
    assert table[2] == ["阶段", "线索数", "转化率（较上一阶段）", "距上一阶段中位天数", "计算天数的线索数"]
    assert table[3] == ["线索", 2, None, None, None]
    assert table[4] == ["接洽", 1, 0.5, 10, 1]
    assert [row[0] for row in table[-3:]] == ["履约率（签约→注册）", "开工率（签约→开工）", "资金到位率（到位/协议）"]
    assert lead.stage == LeadStage.CONTACT
