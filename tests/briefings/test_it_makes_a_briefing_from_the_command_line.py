"""make_briefing writes the briefing (.docx, .pdf) and workbook (.xlsx) to a folder and prints the three paths;
bad arguments exit non-zero with a Chinese message; a month with no data is not an error."""

import io

import pytest
from django.core.management import CommandError, call_command

from .helpers import text


def test_it_writes_the_three_files_and_prints_their_paths(small_district, tmp_path, no_pdf):
    out = io.StringIO()
    call_command("make_briefing", "--month", "2026-03", "--out", str(tmp_path / "pack"), stdout=out)
    paths = out.getvalue().split()
    assert paths == [str(tmp_path / "pack" / name) for name in
                     ("briefing-2026-03.docx", "briefing-2026-03.pdf", "statistics-2026-03.xlsx")]
    assert all((tmp_path / "pack" / name).stat().st_size > 0 for name in
               ("briefing-2026-03.docx", "briefing-2026-03.pdf", "statistics-2026-03.xlsx"))
    assert "2026年3月" in text((tmp_path / "pack" / "briefing-2026-03.docx").read_bytes())


def test_one_park_s_briefing(small_district, park, tmp_path, no_pdf):
    call_command("make_briefing", "--month", "2026-03", "--out", str(tmp_path), "--park", park.name,
                 stdout=io.StringIO())
    body = text((tmp_path / "briefing-2026-03.docx").read_bytes())
    assert f"{park.name}重大项目推进情况通报" in body and "冷链物流中心项目" not in body


def test_a_month_without_data_is_not_an_error(db, tmp_path, no_pdf):
    call_command("make_briefing", "--month", "2025-01", "--out", str(tmp_path), stdout=io.StringIO())
    assert "本月暂无纳入调度的项目数据" in text((tmp_path / "briefing-2025-01.docx").read_bytes())


@pytest.mark.parametrize("args, says", [
    (["--month", "2026-3x"], "--month 应为“年-月”"),
    (["--month", "2026-13"], "月份应在 1 到 12 之间"),
    (["--month", "2999-01"], "年份应在"),
    (["--month", "2100-12"], "尚未开始"),
    (["--month", "2026-03", "--park", "不存在的园区"], "没有找到园区"),
])
def test_bad_arguments_are_refused_in_chinese(db, tmp_path, args, says):
    with pytest.raises(CommandError, match=says):
        call_command("make_briefing", *args, "--out", str(tmp_path), stdout=io.StringIO())


def test_the_command_exits_non_zero(db, tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "manage.py", "make_briefing", "--month", "2026-00", "--out",
                             str(tmp_path)], capture_output=True, text=True, env={**__import__("os").environ,
                                                                                  "DEBUG": "true"})
    assert result.returncode != 0 and "月份应在 1 到 12 之间" in result.stderr
