"""项目情报 in the browser: paste a report, accept two of its projects, find the new leads on the promotion board;
a second report about one of them is offered as that lead and merged, not duplicated."""

import pytest

from tuijin.promotion.models import Lead

from .csp_watch import Watch

pytestmark = pytest.mark.browser

FIRST = """首页 | 本地新闻 | 论坛 | 登录 | 注册
当前位置：首页 > 经济 > 正文
3月3日，泰和生物发酵项目、鑫源汽车配件项目分别与我区签订投资协议。泰和生物发酵项目由泰和生物科技股份有限公司投资建设，计划总投资13亿元，用地面积约200亩；鑫源汽车配件项目计划总投资1.6亿元，用地面积约35亩。
一季度，全区新签约亿元以上项目12个，协议总投资86.5亿元。
沙发 | 网友甲 发表于 2026-3-4 09:12 听说还有个50亿元的项目？
Copyright © 2026 XX新闻网 版权所有"""
SECOND = "近日，泰和生物发酵一期项目正式开工建设。該項目由泰和生物科技股份有限公司投資，總投資約13億元。"


def paste(page, live_server, text):
    page.goto(f"{live_server.url}/intel/")
    page.get_by_test_id("paste").fill(text)
    page.get_by_test_id("extract").click()
    page.wait_for_selector("[data-testid=article-text]")


def test_it_pastes_accepts_and_merges(page, live_server, log_in, screenshot, users):
    watch = Watch(page)
    log_in("coordinator")

    # Given a copied page pasted into 项目情报
    paste(page, live_server, FIRST)
    text = page.get_by_test_id("article-text").inner_text()
    # Then the article shows without navigation, comment or copyright, its facts highlighted, totals apart
    assert "泰和生物发酵项目" in text and "沙发" not in text and "版权所有" not in text and "登录" not in text
    assert page.locator("mark.fact-investment").count() >= 2
    assert "协议总投资86.5亿元" in page.get_by_test_id("indicators").inner_text()
    screenshot("intel-01-review")

    # When the coordinator accepts both projects (ticks them and accepts in bulk)
    for box in page.locator("input[name=findings]").all():
        box.check()
    page.get_by_test_id("bulk-accept").click()
    page.wait_for_selector("text=已采纳 2 项")
    assert Lead.objects.count() == 2

    # Then both leads are on the promotion board, in the 线索 column
    page.goto(f"{live_server.url}/promotion/")
    column = page.get_by_test_id("column-lead").inner_text()
    assert "泰和生物科技股份有限公司" in column and "鑫源汽车配件" in column
    screenshot("intel-02-board")

    # When a second report (partly in traditional characters) names one of them a little differently
    paste(page, live_server, SECOND)
    match = page.get_by_test_id("match")
    assert "泰和生物发酵项目" in match.inner_text()
    screenshot("intel-03-match")
    page.get_by_test_id("merge").click()
    page.wait_for_selector("text=已并入线索")

    # Then it joined that lead: still two leads, the first now with both sources
    assert Lead.objects.count() == 2
    lead = Lead.objects.get(name="泰和生物发酵项目")
    assert lead.note.count("【项目情报】") == 2
    page.goto(f"{live_server.url}/promotion/")
    assert page.get_by_test_id("column-lead").inner_text().count("泰和生物科技股份有限公司") == 1
    assert not watch.violations()
