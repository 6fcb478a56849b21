"""A watched folder: new files read and queued, the bureau told once, nothing read twice."""

import shutil
from pathlib import Path

from django.core.management import call_command

from tuijin.intel import tasks, watch
from tuijin.intel.models import Article, Finding, Origin
from tuijin.notifications.models import Notification, NotificationKind

PAGES = Path(__file__).resolve().parents[2] / "tuijin" / "intel" / "eval" / "pages"


def test_a_scan_queues_new_articles_once(tmp_path, coordinator):
    # Given a folder with two saved pages and a file of another type
    shutil.copy(PAGES / "forum1.html", tmp_path / "a.html")
    shutil.copy(PAGES / "news3.html", tmp_path / "b.htm")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")

    # When it is scanned
    first = watch.scan(tmp_path)

    # Then both articles are queued with their projects and the coordinators are told once
    assert (len(first.new), first.seen) == (2, 0)
    assert Finding.objects.count() == 3
    assert Notification.objects.filter(kind=NotificationKind.INTEL_QUEUED, recipient=coordinator).count() == 1

    # When the folder is scanned again, with one page copied under another name
    shutil.copy(PAGES / "forum1.html", tmp_path / "c.html")
    second = watch.scan(tmp_path)

    # Then nothing is read twice and nobody is told again
    assert (len(second.new), second.seen) == (0, 3)
    assert Article.objects.count() == 2
    assert Notification.objects.filter(kind=NotificationKind.INTEL_QUEUED).count() == 1


def test_the_periodic_task_and_the_command_scan_the_configured_folder(db, tmp_path, settings, capsys):
    shutil.copy(PAGES / "forum2.html", tmp_path / "a.html")
    settings.INTEL_WATCH_DIR = str(tmp_path)
    tasks.scan_watch_folder.call_local()
    assert Article.objects.get().origin == Origin.WATCH
    call_command("watch_intel")
    out = capsys.readouterr().out
    assert "[1/1] a.html" in out and "新增文章 0 篇，已处理过 1 篇" in out


def test_an_unreadable_file_is_named_and_the_rest_go_on(db, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\xd8 broken \xff")
    (tmp_path / "good.txt").write_text("3月18日，某某新材料项目签约落户XX经开区，总投资3亿元。", encoding="utf-8")
    result = watch.scan(tmp_path)
    assert len(result.new) == 1
    assert result.errors and result.errors[0][0] == "bad.txt"


def test_without_a_folder_the_task_does_nothing(db, settings):
    settings.INTEL_WATCH_DIR = ""
    assert tasks.scan_watch_folder.call_local() == "未设置 INTEL_WATCH_DIR"
    assert not Article.objects.exists()
