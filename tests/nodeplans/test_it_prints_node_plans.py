"""``manage.py node_plan``: the codes of projects with a plan, and one plan's nodes as JSON."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_list_prints_one_code_a_line(plan, other_project, capsys):
    call_command("node_plan", "--list")
    assert capsys.readouterr().out.split() == [plan.project.code]


def test_json_prints_every_node_with_its_dates_and_the_critical_path(plan, capsys):
    call_command("node_plan", plan.project.code, "--json")
    nodes = {n["name"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    assert sorted(nodes["施工许可"].pop("predecessors")) == ["环评", "用地预审"]
    assert nodes["施工许可"] == {
        "name": "施工许可", "owner": "住房和城乡建设局",
        "duration_workdays": 2, "planned_start": "2026-03-10", "planned_finish": "2026-03-11",
        "actual_finish": None, "critical": True, "estimated": False}
    assert nodes["立项/备案"]["planned_start"] == "2026-02-14" and nodes["立项/备案"]["critical"] is False
    assert len(nodes) == 5


def test_an_unknown_code_is_refused(db):
    with pytest.raises(CommandError, match="没有促建流程"):
        call_command("node_plan", "XM-NONE", "--json")
