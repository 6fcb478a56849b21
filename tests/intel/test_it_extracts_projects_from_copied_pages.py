"""`extract_projects --json` on copied pages: the article's projects, nothing from navigation or comments."""

import json
from pathlib import Path

from django.core.management import call_command

PAGES = Path(__file__).resolve().parents[2] / "tuijin" / "intel" / "eval" / "pages"
NOISE = ["首页", "查看", "回复", "沙发", "板凳", "发表于", "最后编辑", "相关推荐", "热门", "版权", "Copyright", "ICP",
         ".jpg", ".jpeg", ".png", "登录", "配套园区", "二期", "發表", "回覆", "熱門"]


def _run(*files, capsys):
    call_command("extract_projects", *[str(PAGES / f) for f in files], "--json")
    return json.loads(capsys.readouterr().out)


def _all_text(project):
    return " ".join([project["name"], project["company"]] + [f["text"] for f in project["facts"]])


def test_a_copied_forum_page_gives_its_post_only(capsys):
    # Given a Discuz-style forum page with counters, an edit stamp, image names, replies quoting other figures
    document = _run("forum1.html", capsys=capsys)["files"][0]

    # Then exactly the post's project comes back, with its own figures, dated from the post
    assert document["file"] == "forum1.html" and document["date"] == "2026-07-28"
    [project] = document["projects"]
    assert project["name"] == "天宇新材料碳纤维复合材料项目"
    assert (project["event"], project["date"]) == ("开工", "2026-07-28")
    assert (project["investment"]["value"], project["investment"]["unit"]) == ("260000", "CNY")
    assert project["land_area"]["value"] == "400"
    # And nothing from the navigation, the replies (20亿元的配套园区, 30亿元) or the footer is among its facts
    text = _all_text(project)
    assert not [word for word in NOISE if word in text]
    assert [f["value"] for f in project["facts"] if f["kind"] == "investment"] == ["260000"]


def test_a_traditional_character_page_gives_its_project_in_the_original_script(capsys):
    document = _run("forum3.html", capsys=capsys)["files"][0]
    assert document["traditional"] is True
    [project] = document["projects"]
    assert project["name"] == "華創顯示面板配套材料項目"
    assert project["company"] == "華創光電材料有限公司"
    assert (project["event"], project["date"]) == ("投产", "2026-05-18")
    assert (project["investment"]["value"], project["land_area"]["value"]) == ("150000", "230")
    assert not [word for word in NOISE if word in _all_text(project)]


def test_several_files_make_one_document(capsys):
    document = _run("news1.html", "forum2.html", capsys=capsys)
    assert [f["file"] for f in document["files"]] == ["news1.html", "forum2.html"]
    assert [p["name"] for p in document["files"][0]["projects"]] == ["海川锂电池正极材料项目", "锐石氢能装备项目"]
    assert [i["value"] for i in document["files"][0]["indicators"]] == ["1200000"]
    # the forum's second floor ("二期还要再投50亿元，占地200亩") is not read as the project's figures
    [data_centre] = document["files"][1]["projects"]
    assert (data_centre["investment"]["value"], data_centre["land_area"]["value"]) == ("300000", "120")


def test_a_missing_file_is_named(capsys):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("extract_projects", "/no/such/page.html", "--json")
