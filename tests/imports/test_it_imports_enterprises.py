"""Enterprises (企业信息) come in from a sheet keyed by 统一社会信用代码: new codes register enterprises, known
ones update them with their history and audit; a park's staff import only into their park and learn nothing
about other parks' enterprises; checking and writing take as many queries for 300 rows as for 3."""

import datetime as dt

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tuijin.accounts.models import Role
from tuijin.audit.models import AuditEntry
from tuijin.enterprises.importers import EnterpriseImporter
from tuijin.enterprises.models import Enterprise, EnterpriseEvent, EnterpriseEventKind, Scale
from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.lib.uscc import make_uscc

from ..factories import industry
from .sheets import page_text, upload, xlsx

TODAY = dt.date(2026, 6, 30)
HEADER = ["企业名称", "统一社会信用代码", "所属行业", "所在园区", "企业规模", "注册地址", "法定代表人", "联系人", "联系电话"]
NEW = make_uscc("91510115MA7000001")


def check(rows, user=None):
    outcome = EnterpriseImporter(user, today=TODAY).validate(xlsx([HEADER, *rows]), "企业.xlsx")
    return [(p["row"], p["column"], p["reason"]) for p in outcome.problems], outcome


def test_a_coordinator_registers_new_enterprises_and_updates_known_ones_with_their_history(
        client, coordinator, enterprise, park):
    industry("65")
    client.force_login(coordinator)
    content = xlsx([HEADER, ["成都新创软件有限公司", NEW, "65", "高新园", "小型", "天府大道1号", "王五", "赵六", "028-1234567"],
                    ["成都锦程新材料股份有限公司", enterprise.uscc, "", "", "中型", "", "", "李四", ""]])

    # When the sheet is uploaded and applied
    page = page_text(upload(client, content, "企业.xlsx", kind="enterprises"))
    assert "将新增" in page and "成都新创软件有限公司" in page
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/apply/")

    # Then the new enterprise is registered with every column, the known one renamed, both with history and audit
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and (job.summary["created"], job.summary["updated"]) == (1, 1)
    new = Enterprise.objects.get(uscc=NEW)
    assert (new.name, new.industry.code, new.park, new.scale, new.legal_representative, new.contact_phone) == (
        "成都新创软件有限公司", "65", park, Scale.SMALL, "王五", "028-1234567")
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.scale, enterprise.contact_person) == ("成都锦程新材料股份有限公司", Scale.MEDIUM, "李四")
    edited = EnterpriseEvent.objects.get(enterprise=enterprise, kind=EnterpriseEventKind.EDITED)
    assert {change["label"] for change in edited.changes} == {"企业名称", "企业规模", "联系人"}
    assert edited.source == "import" and edited.actor == coordinator
    assert EnterpriseEvent.objects.filter(enterprise=new, kind=EnterpriseEventKind.CREATED).exists()
    assert AuditEntry.objects.filter(object_pk=str(new.pk)).exists()
    assert AuditEntry.objects.filter(object_pk=str(enterprise.pk), action="change").exists()


def test_bad_rows_are_named_by_row_column_and_reason_and_nothing_is_written(db, enterprise, park):
    found, outcome = check([
        ["甲公司", "91510115MA7000001X", "39", "", "", "", "", "", ""],
        ["乙公司", NEW, "", "", "", "", "", "", ""],
        ["丙公司", make_uscc("91510115MA7000002"), "不存在的行业", "", "超大型", "", "", "", ""],
        ["丁公司", make_uscc("91510115MA7000003"), "C39", "月球园", "", "", "", "", ""],
        ["戊公司", make_uscc("91510115MA7000003"), "39", "", "", "", "", "", ""],
    ])

    assert found[0][:2] == (2, "统一社会信用代码") and "统一社会信用代码" in found[0][2]
    assert (3, "所属行业", "新登记的企业须填写所属行业（国民经济行业分类大类代码或名称）") in found
    assert any(row == 4 and column == "所属行业" and "未找到行业“不存在的行业”" in reason for row, column, reason in found)
    assert any(row == 4 and column == "企业规模" for row, column, _ in found)
    assert (5, "所在园区", "未找到园区“月球园”，现有园区：高新园") in found
    assert (6, "统一社会信用代码", f"统一社会信用代码“{make_uscc('91510115MA7000003')}”与第5行重复") in found
    assert Enterprise.objects.count() == 1


def test_a_park_user_imports_only_into_their_park(db, users, park, other_park):
    found, outcome = check([["甲公司", NEW, "39", "临港园", "", "", "", "", ""],
                            ["乙公司", make_uscc("91510115MA7000009"), "39", "", "", "", "", "", ""]],
                           users[Role.PARK_STAFF])

    assert found == [(2, "所在园区", "您只能导入本园区（高新园）的企业")]
    assert outcome.planned[0].data["park_id"] == park.pk  # no park given: their own


def test_another_parks_enterprise_is_refused_without_naming_it(db, users, other_enterprise):
    found, _ = check([["随便写的公司", other_enterprise.uscc, "39", "", "", "", "", "", ""]], users[Role.PARK_STAFF])

    assert found == [(2, "统一社会信用代码", f"统一社会信用代码“{other_enterprise.uscc}”对应的企业不在您的权限范围内，不能导入；"
                                         "如需登记或修改请联系统筹协调部门")]
    assert other_enterprise.name not in found[0][2] and "临港园" not in found[0][2]


def test_enterprise_users_and_departments_cannot_import_enterprises(client, users):
    for role in (Role.ENTERPRISE, Role.DEPARTMENT_CLERK, Role.LEADER):
        client.force_login(users[role])
        assert client.get("/imports/template/enterprises.xlsx").status_code == 403


def test_the_upload_page_lists_the_kind_and_its_template_downloads(client, coordinator):
    client.force_login(coordinator)

    assert "企业信息" in page_text(client.get("/imports/"))
    response = client.get("/imports/template/enterprises.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_checking_and_writing_take_as_many_queries_for_300_rows_as_for_3(db, enterprise, park):
    industry("39")

    def queries(count, start):
        rows = [[enterprise.name, enterprise.uscc, "39", "高新园", "中型", "", "", f"联系人{count}", ""]]
        rows += [[f"批量企业{start + n}", make_uscc(f"91510115MA{start + n:07d}"), "39", "高新园", "", "", "", "", ""]
                 for n in range(1, count)]
        importer = EnterpriseImporter(None, today=TODAY)
        with CaptureQueriesContext(connection) as checking:
            outcome = importer.validate(xlsx([HEADER, *rows]), "企业.xlsx")
        assert outcome.problems == []
        with CaptureQueriesContext(connection) as writing, transaction.atomic():
            importer.apply(outcome, actor=None)
        return len(checking), len(writing)

    assert queries(3, 8000000) == queries(300, 8100000)
