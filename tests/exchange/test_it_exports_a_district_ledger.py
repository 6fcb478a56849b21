"""export_ledger writes every record with its district, version and change time, identities by 投资项目统一代码
where there is one; --since keeps what changed; the .xlsx has the same records, one sheet per type, for people."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from tuijin.lib import ledger
from tuijin.progress.models import MonthlyReport, ReportStatus
from tuijin.projects.models import Project

from . import district, ledgers


@pytest.mark.django_db
def test_every_record_names_its_district_version_and_time(tmp_path):
    # Given a district with projects (some with a 投资项目统一代码), plans and approved reports, one report a draft
    district.build(projects=3)
    draft = MonthlyReport.objects.order_by("pk").first()
    MonthlyReport.objects.filter(pk=draft.pk).update(status=ReportStatus.SUBMITTED)

    # When it is exported
    records = ledgers.lines(ledgers.export(tmp_path))

    # Then the file reads back through the format's own reader, header first
    with (tmp_path / "wj.jsonl").open("rb") as handle:
        assert [kind for _, r in ledger.read(handle) for kind in [r["type"]]][0] == "header"
    header, rest = records[0], records[1:]
    assert header["district"] == {"code": "510115", "name": "温江区"}
    assert all(r["source_district"] == "510115" and r["version"] >= 1 and dt.datetime.fromisoformat(r["changed_at"])
               for r in rest)
    projects = {r["code"]: r for r in rest if r["type"] == "project"}
    for project in Project.objects.all():
        expected = project.national_code or f"510115:{project.code}"
        assert projects[project.code]["key"] == expected
        assert projects[project.code]["version"] == project.version
    # and only approved reports go up
    approved = MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count()
    assert sum(r["type"] == "report" for r in rest) == approved
    assert {r["name"] for r in rest if r["type"] == "kpi"} >= {"investment_completion", "start_rate"}


@pytest.mark.django_db
def test_the_xlsx_has_the_same_records_for_people(tmp_path):
    district.build(projects=2)
    records = ledgers.lines(ledgers.export(tmp_path))
    book = load_workbook(ledgers.export(tmp_path, "wj.xlsx"), read_only=True)
    assert book.sheetnames == ["说明", "项目", "年度计划", "月度报告", "汇总指标"]
    for sheet, kind in (("项目", "project"), ("年度计划", "plan"), ("月度报告", "report")):
        assert len(list(book[sheet].values)) - 1 == sum(r["type"] == kind for r in records)
    assert "温江区" in str(list(book["说明"].values))


@pytest.mark.django_db
def test_the_xlsx_writes_a_formula_like_project_name_as_text(tmp_path):
    # Given a district project whose name starts like a formula (pasted from a web page)
    district.build(projects=2)
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(name='=HYPERLINK("http://x/","点我")')
    # When the people's .xlsx is written
    book = load_workbook(ledgers.export(tmp_path, "wj.xlsx"))
    names = [cell for row in book["项目"].iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    # Then Excel reads it as the text it is, not a live formula
    assert names and all(cell.data_type == "s" and cell.quotePrefix for cell in names)
