"""``manage.py leaderboard``: every ranked unit with its measures, score and rank; bad months are refused in Chinese."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command("leaderboard", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_ranked_unit_with_ranks_from_one(league):
    # Given the park board (the first one) and the league's records
    # When the command runs for January to June 2026
    result = json.loads(run("--from", "2026-01", "--to", "2026-06", "--json"))

    # Then each park is listed with its measures, score and rank, ranks from 1
    assert [(u["unit"], u["rank"], u["score"]) for u in result["units"]] == [
        ("临港园", 1, 56.7), ("高新园", 2, 56.5), ("东区", 3, 0.0)]
    first = result["units"][0]
    assert set(first) >= {"unit", "measures", "score", "rank"}
    assert first["measures"]["signings"]["value"] == 50.0
    assert first["measures"]["punctuality"]["formula"] == "按时报送 2 份 ÷ 应报 6 份 = 33.3%"


def test_another_board_is_chosen_by_name(league):
    # When the department board is asked for by name
    result = json.loads(run("--from", "2026-01", "--to", "2026-06", "--board", "部门擂台赛", "--json"))

    # Then the departments are ranked, equal scores sharing rank 1
    assert {(u["unit"], u["rank"]) for u in result["units"]} == {("住房和城乡建设局", 1), ("生态环境局", 1)}


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-13", "--to", "2026-06"], "起始月份“2026-13”格式不对，应写作 YYYY-MM"),
    (["--from", "2026-06", "--to", "2026-01"], "起始月份 2026-06 晚于截止月份 2026-01"),
    (["--from", "2026-01", "--to", "六月"], "截止月份“六月”格式不对"),
    (["--from", "2026-01", "--to", "2026-06", "--board", "无此榜"], "没有名为“无此榜”的擂台赛"),
])
def test_bad_arguments_are_refused_in_chinese(league, args, message):
    # When the command is given a bad month, an inverted span or an unknown board
    with pytest.raises(CommandError) as refused:
        run(*args)

    # Then it stops (manage.py exits non-zero on CommandError) saying what is wrong in Chinese
    assert message in str(refused.value)
