"""A park's lead import learns nothing about other parks' leads (issue #20)."""

from tuijin.accounts.models import Role
from tuijin.imports.models import ImportJob
from tuijin.promotion.models import Lead

from ..imports.sheets import page_text, upload, xlsx
from .conftest import make_lead

HEADER = ["线索编号", "企业名称", "意向项目", "线索来源"]


def test_a_guessed_lead_code_gets_the_same_answer_whether_it_exists_elsewhere_or_not(
        client, users, coordinator, other_park):
    # Given another park's lead, and a park user whose sheet names its code and a code that exists nowhere
    theirs = make_lead(coordinator, park=other_park, company_name="临港某公司", name="冷链项目")
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([HEADER, [theirs.code, "某公司", "某项目", "展会招商"], ["XS-NOPE", "某公司", "某项目二", "展会招商"]])

    # When they upload it
    page = page_text(upload(client, content, "线索.xlsx", kind="leads"))

    # Then both rows get the same refusal, repeating only the code they typed
    assert [(p["row"], p["reason"]) for p in ImportJob.objects.get().problems] == [
        (2, f"您的权限范围内没有编号为“{theirs.code}”的线索；新线索请留空编号，系统自动生成"),
        (3, "您的权限范围内没有编号为“XS-NOPE”的线索；新线索请留空编号，系统自动生成")]
    assert "临港某公司" not in page


def test_another_parks_lead_of_the_same_company_is_not_matched_or_named(client, users, coordinator, other_park):
    # Given another park's lead, and a park user's sheet with the same company and project but no code
    theirs = make_lead(coordinator, park=other_park, company_name="临港某公司", name="冷链项目")
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([HEADER, ["", "临港某公司", "冷链项目", "展会招商"]])

    # When they upload it
    page = page_text(upload(client, content, "线索.xlsx", kind="leads"))

    # Then the row is a new lead of their own and the other lead's code is not shown
    job = ImportJob.objects.get()
    assert job.problems == [] and job.summary["create"] == 1
    assert theirs.code not in page
    assert Lead.objects.count() == 1
