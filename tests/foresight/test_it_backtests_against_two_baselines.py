"""The backtest on a small fixture: cross-fitted without earlier years, trained on them when there are."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tuijin.foresight import calculations, history
from tuijin.lib import ledger

from .history import past_rows


def test_it_replays_a_year_by_cross_fitting_over_projects():
    # Given one complete year of steady-paced projects
    rows, protocol = calculations.backtest(calculations.Panel.from_rows(past_rows()), [2025])
    # Then each month from January to November is scored, by 5-fold cross-fitting
    assert [row.month for row in rows] == list(range(1, 12))
    assert "5 折交叉拟合" in protocol
    # and a steady pace with a December rush is learned: from June on the forecast is exact,
    # while the straight-line run rate misses the rush and plan × time misses the pace
    for row in rows[5:]:
        assert row.mae == pytest.approx(0, abs=1e-6)
        assert row.mae_run_rate > 0 and row.mae_plan_time > 0
        assert row.coverage == 1


def test_it_trains_on_earlier_years_when_there_are_some():
    rows = past_rows() + [(key.replace("past", "next"), 2026, *rest) for key, _, *rest in past_rows()]
    _, protocol = calculations.backtest(calculations.Panel.from_rows(rows), [2025, 2026])
    assert "2026年以此前各年训练" in protocol


def _ledger_text():
    out = io.StringIO()
    records = [ledger.header("510115", "测试区", "2026-12-01T00:00:00+08:00")]
    common = {"source_district": "510115", "version": 1, "changed_at": "2026-01-01T00:00:00+08:00"}
    for key, year, plan, months, _category, total, park, chain in past_rows(40):
        records.append({"type": "project", "key": key, "code": key, "name": key, "park": park, "stage": "construction",
                        "category": "industrial", "total_investment": str(total), **common})
        records.append({"type": "plan", "project": key, "year": year, "planned_investment": str(plan), **common})
        for month, amount in enumerate(months, start=1):
            records.append({"type": "report", "project": key, "year": year, "month": month,
                            "completed_investment": f"{amount:.2f}", **common})
    ledger.write(records, out)
    return out.getvalue()


def test_it_reads_a_ledger_into_the_same_series():
    panel, years = history.from_ledger(io.StringIO(_ledger_text()))
    assert years == [2025] and len(panel) == 40
    assert panel.months[0].sum() == pytest.approx(1500)
    assert panel.category[0] == "产业化"


def test_the_command_prints_the_table_from_a_ledger(tmp_path, db):
    path = tmp_path / "ledger.jsonl"
    path.write_text(_ledger_text(), encoding="utf-8")
    out = io.StringIO()
    call_command("eval_forecast", ledger=str(path), check=True, stdout=out)
    text = out.getvalue()
    assert "预测MAE" in text and " 6月" in text and "6月起每月均优于两种基线" in text


def test_the_command_names_a_bad_ledger_line(tmp_path, db):
    path = tmp_path / "bad.jsonl"
    lines = _ledger_text().splitlines()
    lines[2] = json.dumps({"type": "plan", "project": "x"})
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="台账第 3 行"):
        call_command("eval_forecast", ledger=str(path), stdout=io.StringIO())
