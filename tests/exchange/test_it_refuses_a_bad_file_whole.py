"""A bad ledger file is refused with the line and the reason in Chinese, and nothing of it is written —
including a mistake found only while writing, after earlier lines were already in."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuijin.accounts.models import Organisation
from tuijin.audit.models import AuditEntry
from tuijin.exchange.models import DistrictFeed, ImportedRecord, ImportRun
from tuijin.progress.models import MonthlyReport, YearlyPlan
from tuijin.projects.models import Project, ProjectEvent

from . import district, ledgers


def _nothing_written(organisations):
    assert not Project.objects.exists() and not ProjectEvent.objects.exists()
    assert not YearlyPlan.objects.exists() and not MonthlyReport.objects.exists()
    assert not DistrictFeed.objects.exists() and not ImportRun.objects.exists()
    assert not ImportedRecord.objects.exists() and not AuditEntry.objects.filter(model="projects.project").exists()
    assert Organisation.objects.count() == organisations


@pytest.fixture
def exported(tmp_path):
    district.build(projects=3)
    path = ledgers.export(tmp_path)
    ledgers.empty_instance()
    return path


@pytest.mark.django_db(transaction=True)
def test_a_bad_amount_names_its_line_and_field(exported, tmp_path):
    # Given a file whose fifth line carries a negative amount
    records = ledgers.lines(exported)
    field = {"project": "total_investment", "plan": "planned_investment", "report": "completed_investment"}[
        records[4]["type"]]
    records[4][field] = "-12"
    bad = ledgers.write(tmp_path / "bad.jsonl", records)

    # When it is imported
    with pytest.raises(CommandError) as refused:
        call_command("import_ledger", str(bad))

    # Then the error names line 5 and the field, in Chinese, and nothing was written
    assert "第 5 行" in str(refused.value) and field in str(refused.value) and "未写入任何数据" in str(refused.value)
    _nothing_written(0)


@pytest.mark.django_db(transaction=True)
def test_a_report_of_an_unknown_project_undoes_the_projects_before_it(exported, tmp_path):
    # Given a file whose last line is a report of a project the file does not carry
    records = ledgers.lines(exported)
    report = dict(next(r for r in records if r["type"] == "report"), project="510115:不存在")
    records.append(report)
    bad = ledgers.write(tmp_path / "bad.jsonl", records)

    # When it is imported (the projects come first in the file and are written first)
    with pytest.raises(CommandError) as refused:
        call_command("import_ledger", str(bad))

    # Then the line is named, and none of the projects, plans or reports before it is kept
    assert f"第 {len(records)} 行" in str(refused.value) and "510115:不存在" in str(refused.value)
    _nothing_written(0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("line, expected", [
    ("not json", "不是有效的 JSON"),
    ('{"type": "header", "format": "tuijin-ledger", "version": 9}', "不支持的格式版本"),
])
def test_a_file_that_is_not_a_ledger_is_refused_at_line_one(tmp_path, line, expected):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_ledger", str(bad))
    assert "第 1 行" in str(refused.value) and expected in str(refused.value)
    _nothing_written(0)
