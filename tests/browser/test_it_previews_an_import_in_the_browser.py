"""A park's sheet with three bad rows: upload it, watch it being checked, read every problem, fix it, apply it."""

import pytest

from tuijin.projects.models import Project

from ..imports.sheets import xlsx
from ..imports.test_it_previews_an_import import sheet_rows

pytestmark = pytest.mark.browser


def test_it_previews_problems_then_applies_the_fixed_sheet(page, live_server, log_in, screenshot, settings, tmp_path,
                                                           users, enterprise, park):
    settings.MEDIA_ROOT = tmp_path / "media"
    bad = tmp_path / "2026年重大项目清单.xlsx"
    bad.write_bytes(xlsx(sheet_rows(enterprise), title="2026年重大项目清单", unit="万元"))
    fixed = tmp_path / "2026年重大项目清单（修改后）.xlsx"
    fixed.write_bytes(xlsx(sheet_rows(enterprise, fixed=True), title="2026年重大项目清单", unit="万元"))

    # Given a coordinator on the import page, reached from the navigation
    log_in("coordinator")
    page.get_by_role("link", name="数据导入").click()
    page.get_by_label("项目信息").check()
    page.set_input_files("#id_file", str(bad))
    screenshot("import-01-upload")

    # When they upload the sheet with three bad rows
    page.get_by_role("button", name="上传并校验").click()

    # Then, once checked in the background, the preview lists all three problems and offers no apply button
    page.wait_for_selector("[data-testid=problems]")
    rows = page.locator("[data-testid=problems] tbody tr").all_inner_texts()
    assert [" ".join(row.split()) for row in rows] == [
        "第9行 项目单位 不存在的新能源有限公司 未找到企业“不存在的新能源有限公司”，请先在企业库中登记",
        "第10行 总投资 一大笔 无法识别的金额“一大笔”，应为数字，可带单位 元/万元/亿元（如 23400、2.34亿元、5000万）",
        "第11行 实际开工日期 （空） 当前阶段为“在建”，须填写实际开工日期",
    ]
    assert page.get_by_role("button", name="应用导入").count() == 0
    screenshot("import-02-preview-with-problems")
    assert Project.objects.count() == 0

    # When they upload the fixed sheet and apply it
    page.get_by_role("link", name="数据导入").first.click()
    page.get_by_label("项目信息").check()
    page.set_input_files("#id_file", str(fixed))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_selector("[data-testid=apply-form]")
    screenshot("import-03-preview-ready")
    page.get_by_role("button", name="应用导入").click()

    # Then the result says what was imported
    page.wait_for_selector("[data-testid=applied]")
    assert "新增 7 条，更新 0 条，无变化 0 条" in page.get_by_test_id("applied").inner_text()
    screenshot("import-04-applied")
    assert Project.objects.count() == 7
