"""A project sheet naming enterprises that are not registered: the preview lists them under 将新建的企业, and
"同时新建这些企业" creates them in the project import's own atomic apply (nothing written when anything fails).
All-or-nothing stays the default; "只导入无误的行" first lists the rows it leaves out and keeps them on record."""

import datetime as dt

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tuijin.enterprises.models import Enterprise, EnterpriseEvent, EnterpriseEventKind
from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.lib.uscc import make_uscc
from tuijin.projects.importers import ProjectImporter
from tuijin.projects.models import Project

from ..factories import industry
from .sheets import page_text, upload, xlsx

TODAY = dt.date(2026, 6, 30)
HEADER = ["项目名称", "项目单位", "统一社会信用代码", "企业所属行业", "所在园区", "总投资"]
NEW = make_uscc("91510115MA7100001")


def sheet(*rows):
    return xlsx([HEADER, *rows])


def test_without_the_choice_rows_of_unregistered_enterprises_fail_and_the_preview_lists_them(client, coordinator, park):
    client.force_login(coordinator)

    page = page_text(upload(client, sheet(["新项目", "成都新锐科技有限公司", NEW, "39", "高新园", 5000]), "清单.xlsx"))

    assert f"未找到统一社会信用代码为“{NEW}”的企业，请先在企业库中登记" in page
    assert "将新建的企业（1 家）" in page and "成都新锐科技有限公司" in page and "同时新建这些企业" in page
    assert "应用导入" not in page
    assert not Enterprise.objects.filter(uscc=NEW).exists()


def test_choosing_to_create_them_writes_enterprises_and_projects_in_one_apply(client, coordinator, park, enterprise):
    industry("39")
    client.force_login(coordinator)
    upload(client, sheet(["新项目甲", "成都新锐科技有限公司", NEW, "39", "高新园", 5000],
                         ["新项目乙", "成都新锐科技有限公司", NEW, "39", "", 800],
                         ["老企业的新项目", enterprise.name, enterprise.uscc, "", "", 100]), "清单.xlsx")
    job = ImportJob.objects.get()

    # When the user chooses 同时新建这些企业, the sheet is checked again and the preview shows the new enterprise
    page = page_text(client.post(f"/imports/{job.pk}/revalidate/", {"create_enterprises": "1"}, follow=True))
    assert "已选择同时新建这些企业" in page and "成都新锐科技有限公司（新建）" in page and "第2行、第3行" in page
    client.post(f"/imports/{job.pk}/apply/")

    # Then the enterprise exists once, in the park of its project, with its history, and owns both projects
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.summary["enterprises_created"] == 1
    created = Enterprise.objects.get(uscc=NEW)
    assert (created.name, created.industry.code, created.park) == ("成都新锐科技有限公司", "39", park)
    assert set(Project.objects.filter(enterprise=created).values_list("name", flat=True)) == {"新项目甲", "新项目乙"}
    assert EnterpriseEvent.objects.filter(enterprise=created, kind=EnterpriseEventKind.CREATED, source="import").exists()
    assert "同时新建企业 1 家" in page_text(client.get(f"/imports/{job.pk}/"))


def test_a_new_enterprise_needs_its_industry_and_nothing_is_written_when_a_row_fails(db, park):
    importer = ProjectImporter(None, today=TODAY, options={"create_enterprises": True})

    outcome = importer.validate(sheet(["新项目甲", "成都新锐科技有限公司", NEW, "", "高新园", 5000]), "清单.xlsx")

    assert [(p["row"], p["column"], p["reason"]) for p in outcome.problems] == [
        (2, "企业所属行业", "新建企业“成都新锐科技有限公司”须填写“企业所属行业”（国民经济行业分类大类代码或名称）")]
    assert Enterprise.objects.filter(uscc=NEW).count() == 0 and Project.objects.count() == 0


def test_a_park_user_is_not_offered_to_create_another_parks_enterprise(client, users, other_enterprise, park):
    from tuijin.accounts.models import Role

    client.force_login(users[Role.PARK_STAFF])

    page = page_text(upload(client, sheet(["新项目", "随便写的公司", other_enterprise.uscc, "39", "", 100]), "清单.xlsx"))

    assert f"未找到统一社会信用代码为“{other_enterprise.uscc}”的企业，请先在企业库中登记" in page
    assert "将新建的企业" not in page and other_enterprise.name not in page


def test_valid_rows_only_lists_what_it_leaves_out_then_writes_the_rest_and_records_them(client, coordinator, enterprise):
    client.force_login(coordinator)
    page = page_text(upload(client, sheet(["好项目", enterprise.name, "", "", "", 100],
                                          ["坏项目", "不存在的公司", "", "", "", 100],
                                          ["另一个好项目", enterprise.name, "", "", "", "一大笔"]), "清单.xlsx"))
    job = ImportJob.objects.get()

    # Then before anything is written the page says which rows it would leave out and why
    assert "只导入无误的行（跳过 2 行）" in page
    assert "第3行：项目单位：未找到企业“不存在的公司”，请先在企业库中登记" in page and "第4行：总投资：" in page

    # When the user confirms, only the valid row is written, and the skipped rows stay on the job's record
    client.post(f"/imports/{job.pk}/apply/", {"valid_rows_only": "1", "skip_rows": "3,4"})
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert list(Project.objects.values_list("name", flat=True)) == ["好项目"]
    assert [item["row"] for item in job.summary["skipped"]] == [3, 4]
    assert "按“只导入无误的行”跳过了 2 行" in page_text(client.get(f"/imports/{job.pk}/"))


def test_all_or_nothing_stays_the_default_and_a_stale_confirmation_is_refused(client, coordinator, enterprise):
    client.force_login(coordinator)
    upload(client, sheet(["好项目", enterprise.name, "", "", "", 100], ["坏项目", "不存在的公司", "", "", "", 100]),
           "清单.xlsx")
    job = ImportJob.objects.get()

    plain = page_text(client.post(f"/imports/{job.pk}/apply/", follow=True))
    stale = page_text(client.post(f"/imports/{job.pk}/apply/", {"valid_rows_only": "1", "skip_rows": "4"}, follow=True))

    assert "请先处理预览中列出的全部问题" in plain
    assert "要跳过的行已发生变化" in stale
    assert Project.objects.count() == 0


def test_creating_enterprises_takes_as_many_queries_for_300_rows_as_for_3(db, park):
    industry("39")

    def queries(count, start):
        rows = [[f"项目{start + n}", f"新企业{start + n}", make_uscc(f"91510115MA{start + n:07d}"), "39", "高新园", 10]
                for n in range(count)]
        importer = ProjectImporter(None, today=TODAY, options={"create_enterprises": True})
        with CaptureQueriesContext(connection) as checking:
            outcome = importer.validate(sheet(*rows), "清单.xlsx")
        assert outcome.problems == []
        with CaptureQueriesContext(connection) as writing, transaction.atomic():
            importer.apply(outcome, actor=None)
        return len(checking), len(writing)

    assert queries(3, 7200000) == queries(300, 7300000)
